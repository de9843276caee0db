import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';
import { rangeTable } from '../helpers/tables.js';

let h: StoreHarness;
let a: ReturnType<typeof assertions>;
const T = 'partiql_range';
const DYNAMODB = 'com.amazonaws.dynamodb.v20120810#';

beforeAll(async () => {
  h = await storeHarness();
  a = assertions(h);
  await a.ok(
    'CreateTable',
    rangeTable(T, {
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'g', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        { IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
      ],
    }),
  );
  for (let i = 1; i <= 5; i++) {
    await a.ok('ExecuteStatement', {
      Statement: `INSERT INTO "${T}" VALUE {'pk': 'p', 'sk': ?, 'odd': ?, 'g': 'G', 'doc': {'tags': ['t${i}'], 'n': ${i * 10}}}`,
      Parameters: [{ N: String(i) }, { BOOL: i % 2 === 1 }],
    });
  }
  await a.ok('ExecuteStatement', { Statement: `INSERT INTO ${T} VALUE {'pk': 'other', 'sk': 1}` });
});
afterAll(() => h.close());

const run = (Statement: string, extra: Record<string, unknown> = {}) => a.ok('ExecuteStatement', { Statement, ...extra });
const sks = (items: unknown) => (items as Array<{ sk: { N: string } }>).map((i) => Number(i.sk.N));

describe('ExecuteStatement SELECT', () => {
  it('reads one item by its whole key, with a projection of nested paths', async () => {
    expect(await run(`SELECT sk, doc.tags[0] FROM ${T} WHERE pk = 'p' AND sk = 2`)).toEqual({
      Items: [{ sk: { N: '2' }, doc: { M: { tags: { L: [{ S: 't2' }] } } } }],
    });
    expect(await run(`SELECT * FROM ${T} WHERE pk = 'p' AND sk = 2 AND odd = true`)).toEqual({ Items: [] });
    expect(await run(`SELECT * FROM ${T} WHERE pk = ? AND sk = ?`, { Parameters: [{ S: 'nope' }, { N: '1' }] })).toEqual({ Items: [] });
    // A key value of another type matches nothing (it is not a malformed key).
    expect(await run(`SELECT * FROM ${T} WHERE pk = 1 AND sk = 1`)).toEqual({ Items: [] });
    expect(await run(`SELECT * FROM ${T} WHERE pk = 1`)).toEqual({ Items: [] });
  });

  it('queries a partition with a filter, and scans without a key', async () => {
    expect(sks((await run(`SELECT * FROM ${T} WHERE pk = 'p' AND odd = true`)).Items)).toEqual([1, 3, 5]);
    expect(sks((await run(`SELECT * FROM ${T} WHERE pk = 'p' AND sk BETWEEN 2 AND 3`)).Items)).toEqual([2, 3]);
    const scanned = (await run(`SELECT pk, sk FROM ${T} WHERE sk IN [1, 4] AND begins_with(pk, 'p')`)).Items;
    expect(scanned).toHaveLength(2);
    expect(sks((await run(`SELECT * FROM "${T}"."byG" WHERE g = 'G' AND doc.n > 30`)).Items).sort()).toEqual([4, 5]);
    expect((await run(`SELECT * FROM ${T} WHERE g IS MISSING`)).Items).toEqual([{ pk: { S: 'other' }, sk: { N: '1' } }]);
    expect((await run(`SELECT * FROM ${T} WHERE size(doc.tags) = 1 AND contains(doc.tags, 't3')`)).Items).toHaveLength(1);
    expect((await run(`SELECT * FROM ${T} WHERE attribute_type(odd, 'BOOL') AND NOT odd = true`)).Items).toHaveLength(2);
  });

  it('pages with Limit and NextToken, counting items read', async () => {
    const seen: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await run(`SELECT * FROM ${T} WHERE pk = 'p' AND odd = true`, { Limit: 2, ...(token ? { NextToken: token } : {}) });
      seen.push(...sks(page.Items));
      token = page.NextToken as string | undefined;
      pages++;
    } while (token && pages < 10);
    expect(seen).toEqual([1, 3, 5]);
    expect(pages).toBe(3);
    const first = await run(`SELECT * FROM ${T} WHERE pk = 'p'`, { Limit: 1 });
    await a.assertValidation('ExecuteStatement', { Statement: `SELECT * FROM ${T}`, NextToken: first.NextToken }, 'NextToken does not match request');
  });

  it('refuses strongly consistent reads of a GSI and names missing tables and indexes', async () => {
    await a.assertValidation('ExecuteStatement', { Statement: `SELECT * FROM "${T}"."byG"`, ConsistentRead: true }, 'Strongly consistent read is not supported on Global Secondary Indexes');
    await a.assertValidation('ExecuteStatement', { Statement: `SELECT * FROM "${T}"."nope"` }, 'The table does not have the specified index: nope');
    await a.assertNotFound('ExecuteStatement', { Statement: `SELECT * FROM missing_table` }, 'Requested resource not found');
    await a.assertValidation('ExecuteStatement', { Statement: `SELEC * FROM ${T}` }, "Statement wasn't well formed, can't be processed: Expected data manipulation");
  });
});

describe('ExecuteStatement writes', () => {
  it('INSERT refuses an existing key with DuplicateItemException', async () => {
    const res = await h.call('ExecuteStatement', { Statement: `INSERT INTO ${T} VALUE {'pk': 'p', 'sk': 1}` });
    expect(res.body).toEqual({ __type: `${DYNAMODB}DuplicateItemException`, message: 'Duplicate primary key exists in table' });
    await a.assertValidation('ExecuteStatement', { Statement: `INSERT INTO ${T} VALUE {'sk': 1}` }, 'One or more parameter values were invalid: Missing the key pk in the item');
  });

  it('UPDATE sets, adds and removes on an existing item, with a condition and RETURNING', async () => {
    await run(`INSERT INTO ${T} VALUE {'pk': 'u', 'sk': 1, 'n': 1, 'gone': 'x'}`);
    const res = await run(`UPDATE ${T} SET n = n + 2 SET s = set_add(s, <<'a'>>) REMOVE gone WHERE pk = 'u' AND sk = 1 AND n = 1 RETURNING ALL NEW *`);
    expect(res).toEqual({ Items: [{ pk: { S: 'u' }, sk: { N: '1' }, n: { N: '3' }, s: { SS: ['a'] } }] });
    await a.assertConditional('ExecuteStatement', { Statement: `UPDATE ${T} SET n = 0 WHERE pk = 'u' AND sk = 1 AND n = 1` });
    // An UPDATE never creates an item.
    await a.assertConditional('ExecuteStatement', { Statement: `UPDATE ${T} SET n = 0 WHERE pk = 'u' AND sk = 2` });
    await a.assertValidation('ExecuteStatement', { Statement: `UPDATE ${T} SET n = 0 WHERE pk = 'u'` }, 'Where clause does not contain a mandatory equality on all key attributes');
    await a.assertValidation(
      'ExecuteStatement',
      { Statement: `UPDATE ${T} SET sk = 0 WHERE pk = 'u' AND sk = 1` },
      'One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key',
    );
  });

  it('DELETE removes one item, succeeds on a missing one, and checks its condition', async () => {
    await run(`INSERT INTO ${T} VALUE {'pk': 'd', 'sk': 1, 'v': 1}`);
    await a.assertConditional('ExecuteStatement', { Statement: `DELETE FROM ${T} WHERE pk = 'd' AND sk = 1 AND v = 2` });
    expect(await run(`DELETE FROM ${T} WHERE pk = 'd' AND sk = 1 AND v = 1 RETURNING ALL OLD *`)).toEqual({
      Items: [{ pk: { S: 'd' }, sk: { N: '1' }, v: { N: '1' } }],
    });
    expect(await run(`DELETE FROM ${T} WHERE pk = 'd' AND sk = 1 AND v = 1`)).toEqual({ Items: [] });
    expect(await run(`SELECT * FROM ${T} WHERE pk = 'd' AND sk = 1`)).toEqual({ Items: [] });
  });

  it('refuses EXISTS outside a transaction', async () => {
    await a.assertValidation('ExecuteStatement', { Statement: `EXISTS(SELECT * FROM ${T} WHERE pk = 'p' AND sk = 1)` }, 'EXISTS can only be used in ExecuteTransaction write requests.');
  });
});

describe('BatchExecuteStatement', () => {
  it('runs each statement on its own and reports per-statement errors', async () => {
    const res = await a.ok('BatchExecuteStatement', {
      Statements: [
        { Statement: `INSERT INTO ${T} VALUE {'pk': 'b', 'sk': 1}` },
        { Statement: `INSERT INTO ${T} VALUE {'pk': 'b', 'sk': 1}` },
        { Statement: `UPDATE ${T} SET x = 1 WHERE pk = ? AND sk = ?`, Parameters: [{ S: 'b' }, { N: '1' }] },
        { Statement: `SELECT * FROM ${T} WHERE pk = 'b'` },
        { Statement: `DELETE FROM ${T} WHERE pk = 'b' AND sk = 1 AND x = 2`, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
        { Statement: `SELECT * FROM nope_table WHERE pk = 'b' AND sk = 1` },
        { Statement: `INSERT INTO ${T} VALUE` },
      ],
    });
    expect(res.Responses).toEqual([
      { TableName: T },
      { TableName: T, Error: { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' } },
      { TableName: T },
      { TableName: T, Error: { Code: 'ValidationError', Message: 'Where clause does not contain a mandatory equality on all key attributes' } },
      {
        TableName: T,
        Error: { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'b' }, sk: { N: '1' }, x: { N: '1' } } },
      },
      { TableName: 'nope_table', Error: { Code: 'ResourceNotFound', Message: 'Requested resource not found' } },
      { TableName: T, Error: { Code: 'ValidationError', Message: "Statement wasn't well formed, can't be processed: Unexpected end of statement" } },
    ]);
    const read = await a.ok('BatchExecuteStatement', { Statements: [{ Statement: `SELECT x FROM ${T} WHERE pk = 'b' AND sk = 1` }, { Statement: `SELECT * FROM ${T} WHERE pk = 'b' AND sk = 9` }] });
    expect(read.Responses).toEqual([{ TableName: T, Item: { x: { N: '1' } } }, { TableName: T }]);
  });

  it('takes at most 25 statements', async () => {
    const Statements = Array.from({ length: 26 }, () => ({ Statement: `SELECT * FROM ${T} WHERE pk = 'b' AND sk = 1` }));
    const res = await h.call('BatchExecuteStatement', { Statements });
    expect(res.body.message).toMatch(/Member must have length less than or equal to 25/);
  });
});

describe('ExecuteTransaction', () => {
  it('writes all or nothing, with cancellation reasons in statement order', async () => {
    await run(`INSERT INTO ${T} VALUE {'pk': 't', 'sk': 1, 'stock': 1}`);
    const res = await h.call('ExecuteTransaction', {
      TransactStatements: [
        { Statement: `INSERT INTO ${T} VALUE {'pk': 't', 'sk': 2}` },
        { Statement: `UPDATE ${T} SET stock = stock - 1 WHERE pk = 't' AND sk = 1 AND stock > 5`, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
        { Statement: `INSERT INTO ${T} VALUE {'pk': 'p', 'sk': 1}` },
      ],
    });
    expect(res.body).toEqual({
      __type: `${DYNAMODB}TransactionCanceledException`,
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, DuplicateItem]',
      CancellationReasons: [
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 't' }, sk: { N: '1' }, stock: { N: '1' } } },
        { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' },
      ],
    });
    expect(await run(`SELECT * FROM ${T} WHERE pk = 't' AND sk = 2`)).toEqual({ Items: [] });

    const write = {
      TransactStatements: [
        { Statement: `INSERT INTO ${T} VALUE {'pk': 't', 'sk': 2}` },
        { Statement: `UPDATE ${T} SET stock = stock - 1 WHERE pk = 't' AND sk = 1 AND stock >= 1` },
        { Statement: `EXISTS(SELECT * FROM ${T} WHERE pk = 'p' AND sk = 1 AND odd = true)` },
      ],
      ClientRequestToken: 'token-1',
    };
    expect(await a.ok('ExecuteTransaction', write)).toEqual({});
    // The same token and statements: answered again without writing twice.
    expect(await a.ok('ExecuteTransaction', write)).toEqual({});
    const read = await a.ok('ExecuteTransaction', {
      TransactStatements: [{ Statement: `SELECT stock FROM ${T} WHERE pk = 't' AND sk = 1` }, { Statement: `SELECT * FROM ${T} WHERE pk = 't' AND sk = 9` }],
    });
    expect(read).toEqual({ Responses: [{ Item: { stock: { N: '0' } } }, {}] });
  });

  it('refuses mixed, keyless and repeated-item transactions', async () => {
    await a.assertValidation(
      'ExecuteTransaction',
      { TransactStatements: [{ Statement: `SELECT * FROM ${T} WHERE pk = 'p' AND sk = 1` }, { Statement: `DELETE FROM ${T} WHERE pk = 'p' AND sk = 1` }] },
      'Unsupported operation in transaction.',
    );
    await a.assertValidation(
      'ExecuteTransaction',
      { TransactStatements: [{ Statement: `SELECT * FROM ${T} WHERE pk = 'p'` }] },
      'Select statements within ExecuteTransaction must specify the primary key in the where clause.',
    );
    await a.assertValidation(
      'ExecuteTransaction',
      { TransactStatements: [{ Statement: `DELETE FROM ${T} WHERE pk = 'p' AND sk = 1` }, { Statement: `UPDATE ${T} SET a = 1 WHERE pk = 'p' AND sk = 1` }] },
      'Transaction request cannot include multiple operations on one item',
    );
    await a.assertValidation('ExecuteTransaction', { TransactStatements: [{ Statement: 'SELECT' }] }, "Validation failed in statements[0]: Statement wasn't well formed, can't be processed: Unexpected end of statement");
  });
});
