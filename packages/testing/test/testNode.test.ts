import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateFunctionCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { startTestNode, useTestNode, type TestNamespace } from '@kuhiro/testing';

const kuhiro = useTestNode({ beforeAll, afterAll, beforeEach });

async function createTable(ns: TestNamespace, name: string): Promise<void> {
  await ns.dynamodb().send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

function byKey(items: readonly Record<string, { S?: string }>[]): string[] {
  return items.map((item) => item.pk!.S!).sort();
}

describe('seed', () => {
  it('writes plain JSON objects marshalled and DynamoDB JSON as is', async () => {
    const ns = kuhiro.ns;
    await createTable(ns, 'users');
    expect(await ns.seed('users', [{ pk: 'ann', age: 41, tags: ['a', 'b'], address: { city: 'Porto' } }])).toBe(1);
    await ns.seed('users', [{ pk: { S: 'bob' }, age: { N: '7' }, photo: { B: Buffer.from('hi').toString('base64') } }]);
    const ann = await ns.dynamodb().send(new GetItemCommand({ TableName: 'users', Key: { pk: { S: 'ann' } } }));
    expect(ann.Item).toEqual({ pk: { S: 'ann' }, age: { N: '41' }, tags: { L: [{ S: 'a' }, { S: 'b' }] }, address: { M: { city: { S: 'Porto' } } } });
    const bob = await ns.dynamodb().send(new GetItemCommand({ TableName: 'users', Key: { pk: { S: 'bob' } } }));
    expect(bob.Item?.age).toEqual({ N: '7' });
    expect(Buffer.from(bob.Item!.photo!.B!).toString()).toBe('hi');
  });

  it('reads a JSON file, a Scan answer and JSON Lines', async () => {
    const ns = kuhiro.ns;
    await createTable(ns, 'seeded');
    const dir = await mkdtemp(join(tmpdir(), 'kuhiro-seed-'));
    try {
      await writeFile(join(dir, 'plain.json'), JSON.stringify([{ pk: 'p1' }, { pk: 'p2' }]));
      await writeFile(join(dir, 'scan.json'), JSON.stringify({ Items: [{ pk: { S: 's1' } }] }));
      await writeFile(join(dir, 'export.jsonl'), `${JSON.stringify({ Item: { pk: { S: 'j1' } } })}\n${JSON.stringify({ pk: 'j2' })}\n`);
      expect(await ns.seed('seeded', join(dir, 'plain.json'))).toBe(2);
      expect(await ns.seed('seeded', join(dir, 'scan.json'))).toBe(1);
      expect(await ns.seed('seeded', join(dir, 'export.jsonl'))).toBe(2);
      expect(byKey((await ns.snapshot('seeded')).items)).toEqual(['j1', 'j2', 'p1', 'p2', 's1']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes more items than one BatchWriteItem takes', async () => {
    const ns = kuhiro.ns;
    await createTable(ns, 'many');
    await ns.seed('many', Array.from({ length: 60 }, (_, i) => ({ pk: `item-${i}`, n: i })));
    expect((await ns.snapshot('many')).items).toHaveLength(60);
  });
});

describe('snapshot and restore', () => {
  it('puts the table back to exactly the snapshot, writing only what changed', async () => {
    const ns = kuhiro.ns;
    await createTable(ns, 'carts');
    await ns.seed('carts', [
      { pk: 'a', qty: 1, skus: new Set(['x', 'y']) },
      { pk: 'b', qty: 2 },
      { pk: 'c', qty: 3 },
    ]);
    const before = await ns.snapshot('carts');
    const db = ns.dynamodb();
    await db.send(new PutItemCommand({ TableName: 'carts', Item: { pk: { S: 'b' }, qty: { N: '20' } } }));
    await db.send(new DeleteItemCommand({ TableName: 'carts', Key: { pk: { S: 'c' } } }));
    await db.send(new PutItemCommand({ TableName: 'carts', Item: { pk: { S: 'new' } } }));

    expect(await ns.restore('carts', before)).toEqual({ written: 2, deleted: 1 });
    const after = await ns.snapshot('carts');
    expect(byKey(after.items)).toEqual(['a', 'b', 'c']);
    expect(after.items.find((item) => item.pk!.S === 'b')!.qty).toEqual({ N: '2' });
    // Nothing differs any more: a second restore writes nothing.
    expect(await ns.restore('carts', before)).toEqual({ written: 0, deleted: 0 });
  });

  it('resetTables empties every table of the namespace and keeps the tables', async () => {
    const ns = kuhiro.ns;
    await createTable(ns, 'table-1');
    await createTable(ns, 'table-2');
    await ns.seed('table-1', [{ pk: '1' }, { pk: '2' }]);
    await ns.seed('table-2', [{ pk: '3' }]);
    await ns.resetTables();
    expect((await ns.tableNames()).sort()).toEqual(['table-1', 'table-2']);
    expect((await ns.snapshot('table-1')).items).toEqual([]);
    expect((await ns.snapshot('table-2')).items).toEqual([]);
  });
});

describe('namespaces', () => {
  it('each test gets its own: same table and function names, separate contents', async () => {
    const first = kuhiro.ns;
    const second = kuhiro.node.namespace();
    expect(second.accountId).not.toBe(first.accountId);
    await createTable(first, 'shared-name');
    await createTable(second, 'shared-name');
    await first.seed('shared-name', [{ pk: 'mine' }]);
    expect((await second.snapshot('shared-name')).items).toEqual([]);
    expect(await second.tableNames()).toEqual(['shared-name']);

    await first.lambda().send(
      new CreateFunctionCommand({
        FunctionName: 'only-in-first',
        Runtime: 'nodejs20.x',
        Role: `arn:aws:iam::${first.accountId}:role/test`,
        Handler: 'index.handler',
        Code: { ZipFile: zipSync({ 'index.mjs': strToU8('export const handler = async () => 1;') }) },
      }),
    );
    const inFirst = await first.lambda().send(new ListFunctionsCommand({}));
    const inSecond = await second.lambda().send(new ListFunctionsCommand({}));
    expect(inFirst.Functions?.map((f) => f.FunctionName)).toEqual(['only-in-first']);
    expect(inFirst.Functions?.[0]?.FunctionArn).toContain(`:${first.accountId}:function:only-in-first`);
    expect(inSecond.Functions).toEqual([]);
  });

  it('a namespace from an earlier test is not the one this test got', async () => {
    // The previous test created `shared-name` in its namespace; this one starts empty.
    expect(await kuhiro.ns.tableNames()).toEqual([]);
  });
});

describe('the clock', () => {
  it('advance expires TTL items without waiting; unexpired ones stay', async () => {
    const ns = kuhiro.ns;
    await createTable(ns, 'sessions');
    await ns.dynamodb().send(new UpdateTimeToLiveCommand({ TableName: 'sessions', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }));
    const nowSeconds = Math.floor(kuhiro.node.clock.nowMs() / 1000);
    await ns.seed('sessions', [
      { pk: 'short', expiresAt: nowSeconds + 3600 },
      { pk: 'long', expiresAt: nowSeconds + 30 * 86400 },
      { pk: 'forever' },
    ]);
    await kuhiro.node.clock.advance(2 * 3600 * 1000);
    expect(byKey((await ns.snapshot('sessions')).items)).toEqual(['forever', 'long']);

    await kuhiro.node.clock.set(new Date((nowSeconds + 31 * 86400) * 1000));
    expect(byKey((await ns.snapshot('sessions')).items)).toEqual(['forever']);
    await kuhiro.node.clock.reset();
    expect(Math.abs(kuhiro.node.clock.nowMs() - Date.now())).toBeLessThan(60_000);
  });

  it('rejects a date that is not one', async () => {
    await expect(kuhiro.node.clock.set('not a date')).rejects.toThrow('clock.set needs a valid date');
  });
});

describe('stop', () => {
  it('stops the node and removes its temp directory', async () => {
    const node = await startTestNode({ namespaces: 2 });
    await createTable(node, 'gone-soon');
    expect(await node.tableNames()).toEqual(['gone-soon']);
    await node.stop();
    await expect(access(node.dir)).rejects.toThrow();
    await expect(fetch(`${node.endpoint}/_kuhiro/health`)).rejects.toThrow();
    await node.stop(); // twice is fine
  }, 60_000);

  it('hands out no more namespaces than it was started with', async () => {
    const node = await startTestNode({ namespaces: 1 });
    try {
      expect(() => node.namespace()).toThrow('this test node has only 1 namespaces');
    } finally {
      await node.stop();
    }
  }, 60_000);
});

describe('a child-process node', () => {
  it('serves the same helpers; its clock cannot be moved', async () => {
    const node = await startTestNode({ process: true, namespaces: 2 });
    try {
      await createTable(node, 'in-child');
      await node.seed('in-child', [{ pk: 'x' }]);
      expect(byKey((await node.snapshot('in-child')).items)).toEqual(['x']);
      expect(await node.namespace().tableNames()).toEqual([]);
      await expect(node.clock.advance(1000)).rejects.toThrow('cannot be moved');
    } finally {
      await node.stop();
    }
    await expect(access(node.dir)).rejects.toThrow();
  }, 90_000);
});
