import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startTarget, createKeyTable, expectValidation, expectConditionalFailure, type Target } from '@kuhiro/compat-tests';

// ReturnValues (all five, and those AWS refuses per action), ReturnValuesOnConditionCheckFailure,
// ReturnConsumedCapacity, ProjectionExpression, and the ExpressionAttributeNames/Values usage rules.
const SLOW = 180_000;
let target: Target;
let ddb: DynamoDBClient;
let table: string;
let keyCounter = 0;

beforeAll(async () => {
  target = await startTarget();
  ddb = target.dynamodb();
  table = await createKeyTable(target, 'returns');
}, SLOW);
afterAll(async () => target?.stop(), SLOW);

const N = (n: string | number): AttributeValue => ({ N: String(n) });
const S = (s: string): AttributeValue => ({ S: s });

async function seed(item: Record<string, AttributeValue>): Promise<string> {
  const pk = `item-${++keyCounter}`;
  await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: S(pk), ...item } }));
  return pk;
}
const key = (pk: string) => ({ pk: S(pk) });

describe('ReturnValues on UpdateItem', () => {
  const original = { a: N(1), b: S('keep'), m: { M: { x: N(1), y: N(2) } } };
  const run = async (ReturnValues: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW') => {
    const pk = await seed(original);
    const answer = await ddb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key(pk),
        UpdateExpression: 'SET a = a + :one, m.x = :ten, c = :new',
        ExpressionAttributeValues: { ':one': N(1), ':ten': N(10), ':new': S('c') },
        ReturnValues,
      }),
    );
    return { pk, attributes: answer.Attributes };
  };

  it('NONE returns nothing', async () => {
    expect((await run('NONE')).attributes).toBeUndefined();
  });

  it('ALL_OLD returns the whole item before the update', async () => {
    const { pk, attributes } = await run('ALL_OLD');
    expect(attributes).toEqual({ pk: S(pk), ...original });
  });

  it('UPDATED_OLD returns only the updated paths as they were (nested paths stay nested)', async () => {
    expect((await run('UPDATED_OLD')).attributes).toEqual({ a: N(1), m: { M: { x: N(1) } } });
  });

  it('ALL_NEW returns the whole item after the update', async () => {
    const { pk, attributes } = await run('ALL_NEW');
    expect(attributes).toEqual({ pk: S(pk), a: N(2), b: S('keep'), m: { M: { x: N(10), y: N(2) } }, c: S('c') });
  });

  it('UPDATED_NEW returns only the updated paths as they are now', async () => {
    expect((await run('UPDATED_NEW')).attributes).toEqual({ a: N(2), m: { M: { x: N(10) } }, c: S('c') });
  });

  it('ALL_OLD of an item that did not exist returns nothing', async () => {
    const answer = await ddb.send(
      new UpdateItemCommand({ TableName: table, Key: key('never-there'), UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': N(1) }, ReturnValues: 'ALL_OLD' }),
    );
    expect(answer.Attributes).toBeUndefined();
  });
});

describe('ReturnValues on PutItem and DeleteItem', () => {
  it('PutItem ALL_OLD returns the replaced item, and nothing for a new one', async () => {
    const pk = await seed({ v: N(1) });
    const replaced = await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: S(pk), v: N(2) }, ReturnValues: 'ALL_OLD' }));
    expect(replaced.Attributes).toEqual({ pk: S(pk), v: N(1) });
    const created = await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: S('put-new'), v: N(2) }, ReturnValues: 'ALL_OLD' }));
    expect(created.Attributes).toBeUndefined();
  });

  it('DeleteItem ALL_OLD returns the deleted item', async () => {
    const pk = await seed({ v: N(1) });
    const deleted = await ddb.send(new DeleteItemCommand({ TableName: table, Key: key(pk), ReturnValues: 'ALL_OLD' }));
    expect(deleted.Attributes).toEqual({ pk: S(pk), v: N(1) });
  });

  it.each(['UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'] as const)('PutItem and DeleteItem refuse %s', async (ReturnValues) => {
    await expectValidation(ddb.send(new PutItemCommand({ TableName: table, Item: { pk: S('rv') }, ReturnValues })), 'ReturnValues can only be ALL_OLD or NONE');
    await expectValidation(ddb.send(new DeleteItemCommand({ TableName: table, Key: key('rv'), ReturnValues })), 'ReturnValues can only be ALL_OLD or NONE');
  });

  it('refuses a ReturnValues outside the enum', async () => {
    await expectValidation(
      ddb.send(new UpdateItemCommand({ TableName: table, Key: key('rv'), UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': N(1) }, ReturnValues: 'SOME' as 'NONE' })),
      "1 validation error detected: Value 'SOME' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
    );
  });
});

describe('ReturnValuesOnConditionCheckFailure', () => {
  it('returns the current item on the ConditionalCheckFailedException when ALL_OLD', async () => {
    const pk = await seed({ v: N(1) });
    const condition = { ConditionExpression: 'v = :two', ExpressionAttributeValues: { ':two': N(2) } };
    const putError = await expectConditionalFailure(
      ddb.send(new PutItemCommand({ TableName: table, Item: { pk: S(pk), v: N(3) }, ...condition, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })),
    );
    expect(putError.Item).toEqual({ pk: S(pk), v: N(1) });
    const updateError = await expectConditionalFailure(
      ddb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key(pk),
          UpdateExpression: 'SET w = :two',
          ...condition,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    expect(updateError.Item).toEqual({ pk: S(pk), v: N(1) });
    const deleteError = await expectConditionalFailure(
      ddb.send(new DeleteItemCommand({ TableName: table, Key: key(pk), ...condition, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })),
    );
    expect(deleteError.Item).toEqual({ pk: S(pk), v: N(1) });
  });

  it('returns no item when NONE, or when the item does not exist', async () => {
    const pk = await seed({ v: N(1) });
    const none = await expectConditionalFailure(
      ddb.send(new PutItemCommand({ TableName: table, Item: { pk: S(pk) }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'NONE' })),
    );
    expect(none.Item).toBeUndefined();
    const missing = await expectConditionalFailure(
      ddb.send(new DeleteItemCommand({ TableName: table, Key: key('not-there'), ConditionExpression: 'attribute_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })),
    );
    expect(missing.Item).toBeUndefined();
  });
});

describe('ReturnConsumedCapacity', () => {
  // Writes cost 1 unit per started KB of the larger of the old and new item; strongly consistent
  // reads 1 unit per started 4 KB, eventually consistent reads half that (AWS developer guide,
  // "Read/write capacity mode"). On-demand tables report the same units.
  it('reports write units per started KB, counting the larger of old and new item', async () => {
    const small = await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: S('cap-w') }, ReturnConsumedCapacity: 'TOTAL' }));
    expect(small.ConsumedCapacity).toMatchObject({ TableName: table, CapacityUnits: 1 });
    const big = await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: S('cap-w'), v: S('x'.repeat(2500)) }, ReturnConsumedCapacity: 'TOTAL' }));
    expect(big.ConsumedCapacity).toMatchObject({ TableName: table, CapacityUnits: 3 });
    const shrink = await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: S('cap-w') }, ReturnConsumedCapacity: 'TOTAL' }));
    expect(shrink.ConsumedCapacity).toMatchObject({ CapacityUnits: 3 });
    const deleted = await ddb.send(new DeleteItemCommand({ TableName: table, Key: key('cap-w'), ReturnConsumedCapacity: 'TOTAL' }));
    expect(deleted.ConsumedCapacity).toMatchObject({ TableName: table, CapacityUnits: 1 });
  });

  it('reports read units per started 4 KB, halved for eventually consistent reads', async () => {
    await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: S('cap-r'), v: S('x'.repeat(5000)) } }));
    const strong = await ddb.send(new GetItemCommand({ TableName: table, Key: key('cap-r'), ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));
    expect(strong.ConsumedCapacity).toMatchObject({ TableName: table, CapacityUnits: 2 });
    const eventual = await ddb.send(new GetItemCommand({ TableName: table, Key: key('cap-r'), ReturnConsumedCapacity: 'TOTAL' }));
    expect(eventual.ConsumedCapacity).toMatchObject({ TableName: table, CapacityUnits: 1 });
    const missing = await ddb.send(new GetItemCommand({ TableName: table, Key: key('cap-none'), ReturnConsumedCapacity: 'TOTAL' }));
    expect(missing.ConsumedCapacity).toMatchObject({ TableName: table, CapacityUnits: 0.5 });
  });

  it('adds the per-table breakdown for INDEXES and nothing for NONE', async () => {
    const indexes = await ddb.send(new UpdateItemCommand({ TableName: table, Key: key('cap-i'), UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': N(1) }, ReturnConsumedCapacity: 'INDEXES' }));
    expect(indexes.ConsumedCapacity).toMatchObject({ TableName: table, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
    const none = await ddb.send(new GetItemCommand({ TableName: table, Key: key('cap-i'), ReturnConsumedCapacity: 'NONE' }));
    expect(none.ConsumedCapacity).toBeUndefined();
  });
});

describe('ProjectionExpression', () => {
  let pk: string;
  beforeAll(async () => {
    pk = await seed({
      a: N(1),
      b: S('b'),
      m: { M: { child: { M: { deep: S('x'), sibling: S('o') } }, top: N(2) } },
      l: { L: [S('zero'), { M: { k: S('v'), z: S('z') } }, S('two')] },
      'odd name': S('odd'),
    });
  });
  const project = (ProjectionExpression: string, ExpressionAttributeNames?: Record<string, string>) =>
    ddb.send(new GetItemCommand({ TableName: table, Key: key(pk), ProjectionExpression, ExpressionAttributeNames, ConsistentRead: true }));

  it('returns only the named top-level attributes (not even the key unless named)', async () => {
    expect((await project('a, b')).Item).toEqual({ a: N(1), b: S('b') });
  });

  it('keeps the nesting of map paths and list elements', async () => {
    expect((await project('m.child.deep, l[1].k, l[2]')).Item).toEqual({
      m: { M: { child: { M: { deep: S('x') } } } },
      l: { L: [{ M: { k: S('v') } }, S('two')] },
    });
  });

  it('resolves names and skips paths that do not exist', async () => {
    expect((await project('#odd, absent, m.nope, l[9]', { '#odd': 'odd name' })).Item).toEqual({ 'odd name': S('odd') });
  });

  it('rejects overlapping paths', async () => {
    await expectValidation(
      project('m, m.child'),
      'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, child]',
    );
  });

  it('rejects a reserved word', async () => {
    await expectValidation(project('name'), 'Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name');
  });
});

describe('ExpressionAttributeNames and ExpressionAttributeValues usage', () => {
  it('rejects names and values that no expression uses', async () => {
    await expectValidation(
      ddb.send(new PutItemCommand({ TableName: table, Item: { pk: S('x') }, ConditionExpression: 'attribute_not_exists(#p)', ExpressionAttributeNames: { '#p': 'pk', '#unused': 'u' } })),
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}',
    );
    await expectValidation(
      ddb.send(
        new UpdateItemCommand({ TableName: table, Key: key('x'), UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': N(1), ':unused': N(2) } }),
      ),
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}',
    );
  });

  it('rejects names or values without any expression', async () => {
    await expectValidation(
      ddb.send(new GetItemCommand({ TableName: table, Key: key('x'), ExpressionAttributeNames: { '#a': 'a' } })),
      'ExpressionAttributeNames can only be specified when using expressions',
    );
    await expectValidation(
      ddb.send(new PutItemCommand({ TableName: table, Item: { pk: S('x') }, ExpressionAttributeValues: { ':a': N(1) } })),
      'ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null',
    );
    await expectValidation(
      ddb.send(new UpdateItemCommand({ TableName: table, Key: key('x'), ExpressionAttributeValues: { ':a': N(1) } })),
      'ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null',
    );
  });

  it('rejects malformed keys and invalid values', async () => {
    await expectValidation(
      ddb.send(new UpdateItemCommand({ TableName: table, Key: key('x'), UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': N(1), bad: N(1) } })),
      'ExpressionAttributeValues contains invalid key: Syntax error; key: "bad"',
    );
    await expectValidation(
      ddb.send(new UpdateItemCommand({ TableName: table, Key: key('x'), UpdateExpression: 'ADD s :s', ExpressionAttributeValues: { ':s': { SS: [] } } })),
      'ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :s',
    );
  });
});
