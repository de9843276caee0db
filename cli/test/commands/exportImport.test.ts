import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateTableCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { canonicalItem } from '../../src/app/itemChecksum.js';
import { digestTable, scanAll } from '../../src/app/parallelScan.js';
import { dynamoDbAt, isolatedAwsEnv, putAll, runCliWithEnv, sampleItems, startTestNode, stopTestNode, tempDir, type TestNode } from '../app/appTestKit.js';

let nodeA: TestNode | undefined;
let nodeB: TestNode | undefined;
let root: string;

const TABLE = 'export-test-items';
const DEFINITION = {
  TableName: TABLE,
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }],
  BillingMode: 'PAY_PER_REQUEST' as const,
};

beforeAll(async () => {
  root = await tempDir('export');
  [nodeA, nodeB] = await Promise.all([startTestNode('export-a'), startTestNode('export-b')]);
  await dynamoDbAt(nodeA.url).send(new CreateTableCommand(DEFINITION));
  await dynamoDbAt(nodeB.url).send(new CreateTableCommand(DEFINITION));
}, 120_000);

afterAll(async () => {
  await Promise.all([stopTestNode(nodeA), stopTestNode(nodeB)]);
  await rm(root, { recursive: true, force: true });
});

async function sortedItems(url: string): Promise<string[]> {
  const items: Record<string, AttributeValue>[] = [];
  await scanAll(dynamoDbAt(url), TABLE, (page) => {
    items.push(...page);
  });
  return items.map((item) => JSON.stringify(canonicalItem(item))).sort();
}

describe('kuhiro export / import', () => {
  it('exports DynamoDB JSON lines and imports them into another node: identical items', async () => {
    await putAll(dynamoDbAt(nodeA!.url), TABLE, sampleItems(120, 'id'));
    const file = join(root, 'items.jsonl');
    const env = isolatedAwsEnv(root);
    const exported = await runCliWithEnv(['export', TABLE, '--endpoint', nodeA!.url, '--out', file], env);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(`exported 120 items of ${TABLE} to ${file}`);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(120);
    // DynamoDB's export format: one {"Item": ...} per line, binary as base64.
    const first = lines.map((line) => JSON.parse(line) as { Item: Record<string, unknown> }).find((line) => 'avatar' in line.Item)!;
    expect(Object.keys(first)).toEqual(['Item']);
    expect(typeof (first.Item.avatar as { B: unknown }).B).toBe('string');

    const imported = await runCliWithEnv(['import', TABLE, file, '--endpoint', nodeB!.url], env);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain(`imported 120 items into ${TABLE}`);
    expect(await sortedItems(nodeB!.url)).toEqual(await sortedItems(nodeA!.url));
    const [a, b] = await Promise.all([digestTable(dynamoDbAt(nodeA!.url), TABLE), digestTable(dynamoDbAt(nodeB!.url), TABLE)]);
    expect(b).toEqual(a);
  }, 120_000);

  it('export writes to stdout without --out', async () => {
    const run = await runCliWithEnv(['export', TABLE, '--endpoint', nodeA!.url], isolatedAwsEnv(root));
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(120);
  });

  it('import names the line of a bad file, and refuses a missing file or table', async () => {
    const env = isolatedAwsEnv(root);
    const bad = join(root, 'bad.jsonl');
    await writeFile(bad, '{"Item":{"id":{"S":"ok"}}}\n{"id":{"S":"no wrapper"}}\n');
    const badRun = await runCliWithEnv(['import', TABLE, bad, '--endpoint', nodeB!.url], env);
    expect(badRun.code).toBe(1);
    expect(badRun.stderr).toContain('kuhiro: line 2: expected {"Item":{...}} (DynamoDB JSON)');
    const missingFile = await runCliWithEnv(['import', TABLE, join(root, 'nope.jsonl'), '--endpoint', nodeB!.url], env);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toContain('cannot read');
    const missingTable = await runCliWithEnv(['export', 'no-such-table', '--endpoint', nodeA!.url], env);
    expect(missingTable.code).toBe(1);
    expect(missingTable.stderr).toContain(`kuhiro: table no-such-table does not exist at ${nodeA!.url}`);
  });
});
