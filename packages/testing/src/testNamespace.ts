import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { readSeedFile, toDynamoDbItem, type DynamoDbItem, type PlainItem, type SeedFormat } from './seedItems.js';
import { batchWrite, canonical, keyAttributeNames, keyOf, scanAll } from './tableContent.js';
import type { TestAccount } from './testAccounts.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A table's content at one moment: a plain value (DynamoDB JSON items), kept by the caller. */
export interface TableSnapshot {
  readonly table: string;
  readonly items: readonly DynamoDbItem[];
}

export interface SeedOptions {
  format?: SeedFormat;
}

/**
 * One namespace (an account) on a test node: its own tables and functions, invisible to every
 * other namespace, reached with its own access key. Clients are made on first use and destroyed
 * when the node stops.
 */
export class TestNamespace {
  readonly accountId: string;
  readonly credentials: Credentials;
  private dynamoDbClient: DynamoDBClient | undefined;
  private lambdaClient: LambdaClient | undefined;

  constructor(
    readonly endpoint: string,
    readonly region: string,
    account: TestAccount,
  ) {
    this.accountId = account.accountId;
    this.credentials = { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey };
  }

  /** Settings for any AWS SDK v3 client (`new SQSClient(ns.clientConfig())` would work the same way). */
  clientConfig(): { endpoint: string; region: string; credentials: Credentials } {
    return { endpoint: this.endpoint, region: this.region, credentials: { ...this.credentials } };
  }

  /** This namespace's DynamoDB client (the same instance on every call). */
  dynamodb(): DynamoDBClient {
    return (this.dynamoDbClient ??= new DynamoDBClient(this.clientConfig()));
  }

  /** This namespace's Lambda client (the same instance on every call). */
  lambda(): LambdaClient {
    return (this.lambdaClient ??= new LambdaClient(this.clientConfig()));
  }

  /**
   * Writes items into an existing table: plain JSON objects (marshalled) or DynamoDB JSON, given
   * as an array or a file path (see `readSeedFile`). Resolves with the number of items written.
   */
  async seed(table: string, itemsOrFile: readonly PlainItem[] | string, options: SeedOptions = {}): Promise<number> {
    const items = typeof itemsOrFile === 'string' ? await readSeedFile(itemsOrFile) : itemsOrFile;
    const requests = items.map((item) => ({ PutRequest: { Item: toDynamoDbItem(item, options.format) } }));
    await batchWrite(this.dynamodb(), table, requests);
    return requests.length;
  }

  /** Every item of the table now (strongly consistent scan). */
  async snapshot(table: string): Promise<TableSnapshot> {
    return { table, items: await scanAll(this.dynamodb(), table) };
  }

  /**
   * Puts the table back to exactly the snapshot's content: deletes items the snapshot lacks and
   * writes only the items that differ, so restoring a barely changed table costs a few writes.
   */
  async restore(table: string, snapshot: TableSnapshot): Promise<{ written: number; deleted: number }> {
    const client = this.dynamodb();
    const keyNames = await keyAttributeNames(client, table);
    const wanted = new Map(snapshot.items.map((item) => [canonical(keyOf(item, keyNames)), item]));
    const current = new Map((await scanAll(client, table)).map((item) => [canonical(keyOf(item, keyNames)), item]));
    const deletes = [...current.entries()].filter(([key]) => !wanted.has(key)).map(([, item]) => ({ DeleteRequest: { Key: keyOf(item, keyNames) } }));
    const puts = [...wanted.entries()]
      .filter(([key, item]) => {
        const now = current.get(key);
        return !now || canonical(now) !== canonical(item);
      })
      .map(([, item]) => ({ PutRequest: { Item: item } }));
    await batchWrite(client, table, [...deletes, ...puts]);
    return { written: puts.length, deleted: deletes.length };
  }

  /** Names of this namespace's tables. */
  async tableNames(): Promise<string[]> {
    const names: string[] = [];
    let start: string | undefined;
    do {
      const page = await this.dynamodb().send(new ListTablesCommand(start ? { ExclusiveStartTableName: start } : {}));
      names.push(...(page.TableNames ?? []));
      start = page.LastEvaluatedTableName;
    } while (start);
    return names;
  }

  /**
   * Empties every table of this namespace. The tables stay (key schema, indexes, TTL settings,
   * streams, tags), so a test suite creates them once and resets between tests.
   */
  async resetTables(): Promise<void> {
    for (const table of await this.tableNames()) await this.restore(table, { table, items: [] });
  }

  /** Closes the SDK clients' connections. */
  destroy(): void {
    this.dynamoDbClient?.destroy();
    this.lambdaClient?.destroy();
    this.dynamoDbClient = undefined;
    this.lambdaClient = undefined;
  }
}
