import express, { Router, type Request, type Response } from 'express';
import { newRequestId } from '../server/requestId.js';
import type { DynamoDbHandler } from '../server/services.js';
import type { AdminCaller } from './adminAccess.js';

/**
 * The item browser's JSON endpoints. Each one is a thin translation to the node's own DynamoDB
 * API object (`api.handle`), acting as the admin caller's account, so the page sees exactly what
 * an SDK client of that account would see, errors included (`{__type, message}` with
 * DynamoDB's status), and every write goes through the same validation, CRDT store and
 * replication as any other write.
 */

/** Items per page unless the page asks otherwise; DynamoDB's own ceiling is 1 MB per page. */
const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 200;
/** A DynamoDB item is at most 400 KB; its JSON with type tags stays well below this. */
const MAX_BODY = '2mb';

interface KeySchemaElement { AttributeName: string; KeyType: 'HASH' | 'RANGE' }
interface AttributeDefinition { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }
interface TableDescription {
  TableName: string;
  TableStatus?: string;
  ItemCount?: number;
  TableSizeBytes?: number;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  GlobalSecondaryIndexes?: Array<{ IndexName: string }>;
  LocalSecondaryIndexes?: Array<{ IndexName: string }>;
}

class DynamoDbAnswer extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super('DynamoDB answered with an error');
  }
}

function badRequest(message: string): DynamoDbAnswer {
  // Worded and typed as DynamoDB's own validation errors, so the page shows one kind of error.
  return new DynamoDbAnswer(400, { __type: 'com.amazon.coral.validate#ValidationException', message });
}

export function itemRoutes(api: DynamoDbHandler, region: string): Router {
  const router = Router();
  router.use(express.json({ limit: MAX_BODY }));

  const call = async (res: Response, operation: string, body: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const caller = res.locals.kuhiroAdmin as AdminCaller;
    const ctx = { tenant: caller.tenant, accountId: caller.accountId, region, requestId: newRequestId() };
    const answer = await api.handle(ctx, operation, body);
    if (answer.status !== 200) throw new DynamoDbAnswer(answer.status, answer.body);
    return answer.body as Record<string, unknown>;
  };

  const route = (handler: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      res.json(await handler(req, res));
    } catch (err) {
      if (err instanceof DynamoDbAnswer) res.status(err.status).json(err.body);
      else throw err;
    }
  };

  const describe = async (res: Response, table: string): Promise<TableDescription> =>
    (await call(res, 'DescribeTable', { TableName: table })).Table as TableDescription;

  router.get(
    '/tables',
    route(async (_req, res) => {
      const names: string[] = [];
      let start: string | undefined;
      do {
        const page = await call(res, 'ListTables', start ? { ExclusiveStartTableName: start } : {});
        names.push(...(page.TableNames as string[]));
        start = page.LastEvaluatedTableName as string | undefined;
      } while (start);
      const tables = [];
      for (const name of names) {
        const table = await describe(res, name);
        tables.push({
          name,
          status: table.TableStatus,
          itemCount: table.ItemCount ?? 0,
          sizeBytes: table.TableSizeBytes ?? 0,
          keySchema: table.KeySchema,
          attributeDefinitions: table.AttributeDefinitions,
          indexes: [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])].map((index) => index.IndexName),
        });
      }
      return { tables };
    }),
  );

  // A page of items: Scan, or Query when `partition` (the partition key's value as text) is given.
  router.get(
    '/tables/:table/items',
    route(async (req, res) => {
      const table = String(req.params.table);
      const limit = pageSize(req.query.limit);
      const request: Record<string, unknown> = { TableName: table, Limit: limit };
      const start = jsonParam(req.query.start, 'start');
      if (start !== undefined) request.ExclusiveStartKey = start;
      const partition = req.query.partition;
      let operation = 'Scan';
      if (typeof partition === 'string') {
        const description = await describe(res, table);
        const hash = description.KeySchema.find((k) => k.KeyType === 'HASH')!;
        const type = description.AttributeDefinitions.find((d) => d.AttributeName === hash.AttributeName)?.AttributeType ?? 'S';
        operation = 'Query';
        request.KeyConditionExpression = '#pk = :pk';
        request.ExpressionAttributeNames = { '#pk': hash.AttributeName };
        request.ExpressionAttributeValues = { ':pk': { [type]: partition } };
      }
      const page = await call(res, operation, request);
      return {
        operation,
        items: page.Items ?? [],
        count: page.Count ?? 0,
        scannedCount: page.ScannedCount ?? 0,
        lastEvaluatedKey: page.LastEvaluatedKey ?? null,
      };
    }),
  );

  router.get(
    '/tables/:table/item',
    route(async (req, res) => {
      const key = requiredJsonParam(req.query.key, 'key');
      const answer = await call(res, 'GetItem', { TableName: String(req.params.table), Key: key, ConsistentRead: true });
      return { item: answer.Item ?? null };
    }),
  );

  // Create or replace (PutItem, as the SDK would); the page edits an item as a whole.
  router.put(
    '/tables/:table/item',
    route(async (req, res) => {
      const body = req.body as { item?: unknown } | undefined;
      if (!body || typeof body.item !== 'object' || body.item === null || Array.isArray(body.item))
        throw badRequest('The body must be {"item": {...}} with the item in DynamoDB JSON (attribute values with type tags).');
      await call(res, 'PutItem', { TableName: String(req.params.table), Item: body.item });
      return { item: body.item };
    }),
  );

  router.delete(
    '/tables/:table/item',
    route(async (req, res) => {
      const key = requiredJsonParam(req.query.key, 'key');
      const answer = await call(res, 'DeleteItem', { TableName: String(req.params.table), Key: key, ReturnValues: 'ALL_OLD' });
      return { deleted: answer.Attributes ?? null };
    }),
  );

  // A malformed body is the page's (or a script's) fault: say so in DynamoDB's words, not as a 500.
  router.use((err: unknown, _req: Request, res: Response, next: (err?: unknown) => void) => {
    const type = (err as { type?: string }).type;
    if (type === 'entity.parse.failed') res.status(400).json({ __type: 'com.amazon.coral.service#SerializationException', message: 'The body is not valid JSON.' });
    else if (type === 'entity.too.large') res.status(413).json({ __type: 'com.amazon.coral.validate#ValidationException', message: `The body is larger than ${MAX_BODY}.` });
    else next(err);
  });
  return router;
}

function pageSize(value: unknown): number {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  const n = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_PAGE_SIZE)) throw badRequest(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  return n;
}

function jsonParam(value: unknown, name: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`${name} must be given once, as JSON.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw badRequest(`${name} is not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest(`${name} must be a JSON object in DynamoDB JSON.`);
  return parsed as Record<string, unknown>;
}

function requiredJsonParam(value: unknown, name: string): Record<string, unknown> {
  const parsed = jsonParam(value, name);
  if (parsed === undefined) throw badRequest(`${name} is required (the item's key in DynamoDB JSON).`);
  return parsed;
}
