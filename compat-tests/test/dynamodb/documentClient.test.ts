import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  NumberValue,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { startTarget, createKeyTable, expectConditionalFailure, type Target } from '@kuhiro/compat-tests';

// The same item operations through @aws-sdk/lib-dynamodb, the client most applications use:
// native JS values are marshalled to AttributeValues and back.
const SLOW = 180_000;
let target: Target;
let doc: DynamoDBDocumentClient;
let table: string;

beforeAll(async () => {
  target = await startTarget();
  doc = DynamoDBDocumentClient.from(target.dynamodb(), { marshallOptions: { removeUndefinedValues: true } });
  table = await createKeyTable(target, 'documents', true);
}, SLOW);
afterAll(async () => target?.stop(), SLOW);

const get = async (pk: string, sk: string) => (await doc.send(new GetCommand({ TableName: table, Key: { pk, sk }, ConsistentRead: true }))).Item;

describe('DynamoDBDocumentClient', () => {
  it('round-trips native values: strings, numbers, booleans, null, maps, lists, sets, binary', async () => {
    const item = {
      pk: 'doc',
      sk: '1',
      s: 'text',
      n: 42.5,
      neg: -7,
      yes: true,
      nil: null,
      map: { nested: { list: [1, 'two', { three: 3 }] } },
      strings: new Set(['a', 'b']),
      numbers: new Set([1, 2, 3]),
      bytes: new Uint8Array([9, 8, 7]),
      empty: '',
    };
    await doc.send(new PutCommand({ TableName: table, Item: item }));
    const got = (await get('doc', '1'))!;
    expect({ ...got, bytes: Buffer.from(got.bytes as Uint8Array).toString('hex') }).toEqual({ ...item, bytes: '090807' });
  });

  it('keeps 38-digit numbers exact through NumberValue', async () => {
    const digits = '12345678901234567890123456789012345678';
    await doc.send(new PutCommand({ TableName: table, Item: { pk: 'doc', sk: 'big', n: NumberValue.from(digits) } }));
    // wrapNumbers hands numbers back as NumberValue so no digit is lost to a JS double.
    const wrapping = DynamoDBDocumentClient.from(target.dynamodb(), { unmarshallOptions: { wrapNumbers: true } });
    const { Item } = await wrapping.send(new GetCommand({ TableName: table, Key: { pk: 'doc', sk: 'big' }, ConsistentRead: true }));
    expect(Item!.n).toBeInstanceOf(NumberValue);
    expect((Item!.n as NumberValue).toString()).toBe(digits);
  });

  it('updates with expressions and returns native values', async () => {
    await doc.send(new PutCommand({ TableName: table, Item: { pk: 'doc', sk: 'counter', count: 1, tags: new Set(['x']) } }));
    const { Attributes } = await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: 'doc', sk: 'counter' },
        UpdateExpression: 'SET #c = #c + :inc, history = list_append(if_not_exists(history, :empty), :entry) ADD tags :tag',
        ExpressionAttributeNames: { '#c': 'count' },
        ExpressionAttributeValues: { ':inc': 2, ':empty': [], ':entry': [{ at: 1 }], ':tag': new Set(['y']) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(Attributes).toEqual({ pk: 'doc', sk: 'counter', count: 3, history: [{ at: 1 }], tags: new Set(['x', 'y']) });
  });

  it('guards a put with a condition and deletes with ALL_OLD', async () => {
    const Item = { pk: 'doc', sk: 'once', v: 1 };
    await doc.send(new PutCommand({ TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' }));
    await expectConditionalFailure(doc.send(new PutCommand({ TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' })));
    const { Attributes } = await doc.send(new DeleteCommand({ TableName: table, Key: { pk: 'doc', sk: 'once' }, ReturnValues: 'ALL_OLD' }));
    expect(Attributes).toEqual(Item);
    expect(await get('doc', 'once')).toBeUndefined();
  });
});
