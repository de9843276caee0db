import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startShopNode, type ShopNode } from './shopNode.js';
import { SHOP_DIR } from './shopPaths.js';
import { functionEnvironment, readTemplate, templateTables } from './shopTemplate.js';

export const FUNCTIONS = ['catalog', 'account', 'cart', 'orders', 'admin'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];
type Handler = (event: unknown) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

export const ADMIN_SECRET = 'test-admin-secret-0123456789';
export const SESSION_SECRET = 'test-session-secret-0123456789abcdef0123456789';

export interface CallOptions {
  body?: unknown;
  token?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Send the body base64-encoded, as a function URL does for non-text content types. */
  base64?: boolean;
  rawBody?: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: any;
}

export interface Shop {
  node: ShopNode;
  dynamodb: DynamoDBClient;
  tableName(logicalId: string): string;
  call(fn: FunctionName, method: string, path: string, options?: CallOptions): Promise<Answer>;
  stop(): Promise<void>;
}

/** A function URL's payload format 2.0 event, as AWS and the edge node send it. */
export function urlEvent(method: string, path: string, options: CallOptions = {}): Record<string, unknown> {
  const headers: Record<string, string> = { host: 'shop.lambda-url.test', 'user-agent': 'jest', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const text = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (text !== undefined) headers['content-type'] ??= 'application/json';
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    headers,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'shoptest',
      domainName: 'shop.lambda-url.test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: '$default',
      stage: '$default',
      timeEpoch: Date.now(),
    },
    isBase64Encoded: Boolean(options.base64 && text !== undefined),
    ...(text !== undefined ? { body: options.base64 ? Buffer.from(text).toString('base64') : text } : {}),
  };
}

/**
 * Starts a node, creates the template's tables on it (with tags and TTL), points the SDK at it
 * through the environment only (as the Lambda runtime does), and loads the shop's handlers.
 */
export async function startShop(): Promise<Shop> {
  const node = await startShopNode();
  const prefix = 'shop-';
  const savedEnvironment = { ...process.env };
  try {
    const template = readTemplate();
    // The handlers read only the environment, as they would inside Lambda; restored in stop().
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: node.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDSHOPTEST',
      AWS_SECRET_ACCESS_KEY: 'shop-test-secret',
      ...functionEnvironment(template, prefix, { SessionSecret: SESSION_SECRET, AdminSecret: ADMIN_SECRET, CorsOrigin: '*' }),
    });
    const dynamodb = new DynamoDBClient({});
    for (const table of templateTables(template, prefix)) {
      await dynamodb.send(new CreateTableCommand(table.input));
      await waitUntilTableExists({ client: dynamodb, maxWaitTime: 20, minDelay: 0.2, maxDelay: 1 }, { TableName: table.input.TableName });
      if (table.ttlAttribute) {
        await dynamodb.send(
          new UpdateTimeToLiveCommand({ TableName: table.input.TableName, TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true } }),
        );
      }
    }
    const handlers = {} as Record<FunctionName, Handler>;
    for (const fn of FUNCTIONS) {
      const module = (await import(pathToFileURL(join(SHOP_DIR, 'src', `${fn}.mjs`)).href)) as { handler: Handler };
      handlers[fn] = module.handler;
    }
    return {
      node,
      dynamodb,
      tableName: (logicalId) => `${prefix}${logicalId}`,
      async call(fn, method, path, options) {
        const answer = await handlers[fn](urlEvent(method, path, options));
        return { status: answer.statusCode, headers: answer.headers, body: answer.body === '' ? undefined : JSON.parse(answer.body) };
      },
      async stop() {
        dynamodb.destroy();
        await node.stop();
        restoreEnvironment(savedEnvironment);
      },
    };
  } catch (error) {
    await node.stop();
    restoreEnvironment(savedEnvironment);
    throw error;
  }
}

function restoreEnvironment(saved: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
}

let userCounter = 0;

/** Registers a fresh user and returns the username and session token. */
export async function newShopper(shop: Shop, prefix = 'shopper'): Promise<{ username: string; token: string }> {
  const username = `${prefix}${++userCounter}-${Math.random().toString(36).slice(2, 7)}`;
  const answer = await shop.call('account', 'POST', '/register', { body: { username, password: 'correct horse battery' } });
  if (answer.status !== 201) throw new Error(`register failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { username, token: answer.body.token };
}

export async function seedCatalog(shop: Shop): Promise<void> {
  const answer = await shop.call('admin', 'POST', '/admin/seed', { headers: { 'x-admin-secret': ADMIN_SECRET } });
  if (answer.status !== 200) throw new Error(`seed failed: ${answer.status} ${JSON.stringify(answer.body)}`);
}
