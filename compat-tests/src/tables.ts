import {
  CreateTableCommand,
  DeleteTableCommand,
  ListTablesCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { Target } from './target.js';

/** Seconds the waiters poll: AWS takes a few seconds to make a table ACTIVE; a node is instant. */
const WAIT_SECONDS = 120;

/**
 * CreateTable and wait until it is ACTIVE. TableName must already carry target.tablePrefix; when
 * it does not, the prefix is added (so tests can pass a short name).
 */
export async function createTable(target: Target, input: CreateTableCommandInput): Promise<TableDescription> {
  const TableName = input.TableName!.startsWith(target.tablePrefix) ? input.TableName! : target.tablePrefix + input.TableName!;
  const client = target.dynamodb();
  const created = await client.send(new CreateTableCommand({ ...input, TableName }));
  await waitUntilTableExists({ client, maxWaitTime: WAIT_SECONDS, minDelay: 1, maxDelay: 5 }, { TableName });
  return created.TableDescription!;
}

/** A pay-per-request table with a string hash key `pk` (and a string range key `sk` if asked). */
export async function createKeyTable(target: Target, name: string, withRange = false): Promise<string> {
  const keys = withRange ? ['pk', 'sk'] : ['pk'];
  const description = await createTable(target, {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: keys.map((AttributeName, i) => ({ AttributeName, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
  });
  return description.TableName!;
}

/** Every table whose name starts with prefix, across ListTables pages. */
export async function listTablesWithPrefix(client: DynamoDBClient, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let ExclusiveStartTableName: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName }));
    names.push(...(page.TableNames ?? []).filter((name) => name.startsWith(prefix)));
    ExclusiveStartTableName = page.LastEvaluatedTableName;
  } while (ExclusiveStartTableName);
  return names;
}

/** Cleanup for AWS runs: delete (and wait out) every table this suite created. */
export async function deleteTablesWithPrefix(client: DynamoDBClient, prefix: string): Promise<void> {
  const names = await listTablesWithPrefix(client, prefix);
  await Promise.all(
    names.map(async (TableName) => {
      try {
        await client.send(new DeleteTableCommand({ TableName }));
      } catch (error) {
        // A table still CREATING cannot be deleted yet: wait for it, then retry once.
        if ((error as Error).name !== 'ResourceInUseException') throw error;
        await waitUntilTableExists({ client, maxWaitTime: WAIT_SECONDS }, { TableName });
        await client.send(new DeleteTableCommand({ TableName }));
      }
      await waitUntilTableNotExists({ client, maxWaitTime: WAIT_SECONDS, minDelay: 1, maxDelay: 5 }, { TableName });
    }),
  );
}
