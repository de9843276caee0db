import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { startTarget, createKeyTable, expectValidation, expectResourceNotFound, type Target } from '@kuhiro/compat-tests';

// PutItem / GetItem / UpdateItem / DeleteItem with the low-level client: every AttributeValue type,
// number precision and limits, set rules, empty strings, key errors and the 400 KB item limit.
// Messages are AWS's, as recorded by dynalite's suite (test/putItem.js, test/getItem.js).
const SLOW = 180_000;
let target: Target;
let ddb: DynamoDBClient;
let table: string;
let rangeTable: string;

beforeAll(async () => {
  target = await startTarget();
  ddb = target.dynamodb();
  [table, rangeTable] = await Promise.all([createKeyTable(target, 'items'), createKeyTable(target, 'items-range', true)]);
}, SLOW);
afterAll(async () => target?.stop(), SLOW);

const put = (Item: Record<string, AttributeValue>) => ddb.send(new PutItemCommand({ TableName: table, Item }));
const get = async (pk: string) => (await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item;
const invalid = 'One or more parameter values were invalid: ';

describe('Put / Get / Update / Delete', () => {
  it('writes, reads, updates and deletes an item', async () => {
    expect(await put({ pk: { S: 'crud' }, n: { N: '1' } })).toMatchObject({ $metadata: { httpStatusCode: 200 } });
    expect(await get('crud')).toEqual({ pk: { S: 'crud' }, n: { N: '1' } });
    await ddb.send(
      new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'crud' } }, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': { N: '1' } } }),
    );
    expect(await get('crud')).toEqual({ pk: { S: 'crud' }, n: { N: '2' } });
    await ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'crud' } } }));
    expect(await get('crud')).toBeUndefined();
  });

  it('replaces the whole item on PutItem', async () => {
    await put({ pk: { S: 'replace' }, a: { S: 'x' }, b: { S: 'y' } });
    await put({ pk: { S: 'replace' }, c: { S: 'z' } });
    expect(await get('replace')).toEqual({ pk: { S: 'replace' }, c: { S: 'z' } });
  });

  it('answers GetItem of a missing item with no Item member', async () => {
    const answer = await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'never-written' } } }));
    expect(answer.Item).toBeUndefined();
  });

  it('creates the item on UpdateItem of a missing key, and DeleteItem of a missing key succeeds', async () => {
    await ddb.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'upsert' } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { S: 'v' } } }));
    expect(await get('upsert')).toEqual({ pk: { S: 'upsert' }, a: { S: 'v' } });
    await expect(ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'no-such-item' } } }))).resolves.toBeDefined();
  });

  it('keeps items apart by hash and range key', async () => {
    const key = (sk: string) => ({ pk: { S: 'same' }, sk: { S: sk } });
    await ddb.send(new PutItemCommand({ TableName: rangeTable, Item: { ...key('1'), v: { N: '1' } } }));
    await ddb.send(new PutItemCommand({ TableName: rangeTable, Item: { ...key('2'), v: { N: '2' } } }));
    const one = await ddb.send(new GetItemCommand({ TableName: rangeTable, Key: key('1'), ConsistentRead: true }));
    const two = await ddb.send(new GetItemCommand({ TableName: rangeTable, Key: key('2'), ConsistentRead: true }));
    expect(one.Item!.v).toEqual({ N: '1' });
    expect(two.Item!.v).toEqual({ N: '2' });
  });
});

describe('AttributeValue types', () => {
  it('round-trips S, N, B, BOOL, NULL, M, L, SS, NS and BS', async () => {
    const item: Record<string, AttributeValue> = {
      pk: { S: 'types' },
      s: { S: 'héllo ✓ 𝄞' },
      n: { N: '-12.5' },
      b: { B: new Uint8Array([0, 1, 2, 254, 255]) },
      yes: { BOOL: true },
      no: { BOOL: false },
      nil: { NULL: true },
      m: { M: { inner: { M: { deep: { S: 'x' } } }, list: { L: [{ N: '1' }] } } },
      l: { L: [{ S: 'a' }, { N: '2' }, { M: { x: { BOOL: false } } }, { L: [] }, { NULL: true }] },
      emptyMap: { M: {} },
      ss: { SS: ['b', 'a', 'c'] },
      ns: { NS: ['3', '1', '2.5'] },
      bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
    };
    await put(item);
    const got = (await get('types'))!;
    // Sets are unordered in DynamoDB: compare them sorted.
    const sortSet = (value: AttributeValue) => {
      if (value.SS) return { SS: [...value.SS].sort() };
      if (value.NS) return { NS: [...value.NS].sort() };
      if (value.BS) return { BS: [...value.BS].map((bytes) => Buffer.from(bytes).toString('hex')).sort() };
      return value;
    };
    expect(Object.fromEntries(Object.entries(got).map(([k, v]) => [k, sortSet(v)]))).toEqual(
      Object.fromEntries(Object.entries(item).map(([k, v]) => [k, sortSet(v)])),
    );
  });

  it('keeps 38 significant digits exactly and the documented magnitude range', async () => {
    const numbers = {
      big: '12345678901234567890123456789012345678',
      fraction: '0.12345678901234567890123456789012345678',
      negative: '-9.9999999999999999999999999999999999999',
      largest: '9.9999999999999999999999999999999999999E+125',
      smallest: '1E-130',
    };
    await put({ pk: { S: 'numbers' }, ...Object.fromEntries(Object.entries(numbers).map(([k, N]) => [k, { N }])) });
    const got = (await get('numbers'))!;
    expect(got.big).toEqual({ N: numbers.big });
    expect(got.fraction).toEqual({ N: numbers.fraction });
    expect(got.negative).toEqual({ N: numbers.negative });
    // DynamoDB answers numbers in plain notation: all 126 integer digits, 130 decimals.
    expect(got.largest).toEqual({ N: '99999999999999999999999999999999999999' + '0'.repeat(88) });
    expect(got.smallest).toEqual({ N: '0.' + '0'.repeat(129) + '1' });
  });

  it('normalizes numbers: leading and trailing zeros, exponents, negative zero', async () => {
    await put({ pk: { S: 'normal' }, a: { N: '00012' }, b: { N: '1.500' }, c: { N: '1e2' }, d: { N: '-0' }, e: { N: '.5' }, ns: { NS: ['1.0', '20'] } });
    const got = (await get('normal'))!;
    expect([got.a, got.b, got.c, got.d, got.e]).toEqual([{ N: '12' }, { N: '1.5' }, { N: '100' }, { N: '0' }, { N: '0.5' }]);
    expect([...got.ns!.NS!].sort()).toEqual(['1', '20']);
  });

  it('rejects numbers beyond 38 digits or the magnitude range, and non-numbers', async () => {
    await expectValidation(put({ pk: { S: 'bad' }, n: { N: '123456789012345678901234567890123456789' } }), 'Attempting to store more than 38 significant digits in a Number');
    await expectValidation(put({ pk: { S: 'bad' }, n: { N: '1e126' } }), 'Number overflow. Attempting to store a number with magnitude larger than supported range');
    await expectValidation(put({ pk: { S: 'bad' }, n: { N: '-1e126' } }), 'Number overflow. Attempting to store a number with magnitude larger than supported range');
    await expectValidation(put({ pk: { S: 'bad' }, n: { N: '1e-131' } }), 'Number underflow. Attempting to store a number with magnitude smaller than supported range');
    await expectValidation(put({ pk: { S: 'bad' }, n: { N: 'twelve' } }), 'The parameter cannot be converted to a numeric value: twelve');
    await expectValidation(put({ pk: { S: 'bad' }, n: { N: '' } }), 'The parameter cannot be converted to a numeric value: '); // AWS keeps the colon since 2026 (captured answers)
    expect(await get('bad')).toBeUndefined();
  });

  it('rejects empty sets', async () => {
    await expectValidation(put({ pk: { S: 'sets' }, s: { SS: [] } }), `${invalid}An string set  may not be empty`);
    await expectValidation(put({ pk: { S: 'sets' }, s: { NS: [] } }), `${invalid}An number set  may not be empty`);
    await expectValidation(put({ pk: { S: 'sets' }, s: { BS: [] } }), `${invalid}Binary sets should not be empty`);
  });

  it('rejects duplicate set members', async () => {
    await expectValidation(put({ pk: { S: 'sets' }, s: { SS: ['a', 'a'] } }), `${invalid}Input collection [\"a\", \"a\"] contains duplicates.` /* AWS quotes string members (2026 captures) */);
    await expectValidation(put({ pk: { S: 'sets' }, s: { NS: ['1', '1'] } }), `${invalid}Input collection contains duplicates.`);
    expect(await get('sets')).toBeUndefined();
  });

  it('rejects an AttributeValue with no type or with two types', async () => {
    await expectValidation(put({ pk: { S: 'shape' }, a: {} as AttributeValue }), 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
    await expectValidation(
      put({ pk: { S: 'shape' }, a: { S: 'x', N: '1' } as unknown as AttributeValue }),
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
    await expectValidation(put({ pk: { S: 'shape' }, a: { NULL: false } }), `${invalid}Null attribute value types must have the value of true`);
  });

  it('allows empty strings and empty binary outside keys (since 2020)', async () => {
    await put({ pk: { S: 'empty' }, s: { S: '' }, b: { B: new Uint8Array() }, m: { M: { inner: { S: '' } } }, l: { L: [{ S: '' }] } });
    const got = (await get('empty'))!;
    expect(got.s).toEqual({ S: '' });
    expect(Buffer.from(got.b!.B!).length).toBe(0);
    expect(got.m).toEqual({ M: { inner: { S: '' } } });
    expect(got.l).toEqual({ L: [{ S: '' }] });
  });
});

describe('key errors', () => {
  it('rejects an empty string key', async () => {
    await expectValidation(
      put({ pk: { S: '' } }),
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
    );
    await expectValidation(
      ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: '' } } })),
      /The AttributeValue for a key attribute cannot contain an empty string value\. Key: pk$/,
    );
  });

  it('rejects an item without its key or with a key of the wrong type', async () => {
    await expectValidation(put({ other: { S: 'x' } }), `${invalid}Missing the key pk in the item`);
    await expectValidation(put({ pk: { N: '1' } }), `${invalid}Type mismatch for key pk expected: S actual: N`);
  });

  it('rejects a Key that does not match the schema', async () => {
    const mismatch = 'The provided key element does not match the schema';
    await expectValidation(ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { N: '1' } } })), mismatch);
    await expectValidation(ddb.send(new GetItemCommand({ TableName: table, Key: { other: { S: '1' } } })), mismatch);
    await expectValidation(ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: '1' }, extra: { S: '1' } } })), mismatch);
    await expectValidation(ddb.send(new GetItemCommand({ TableName: rangeTable, Key: { pk: { S: '1' } } })), mismatch);
    await expectValidation(ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { B: new Uint8Array([1]) } } })), mismatch);
    await expectValidation(
      ddb.send(new UpdateItemCommand({ TableName: table, Key: {}, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { S: 'x' } } })),
      mismatch,
    );
  });

  it('refuses to update a key attribute', async () => {
    await expectValidation(
      ddb.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'k' } }, UpdateExpression: 'SET pk = :a', ExpressionAttributeValues: { ':a': { S: 'x' } } })),
      `${invalid}Cannot update attribute pk. This attribute is part of the key`,
    );
  });

  it('answers ResourceNotFoundException for item actions on a missing table', async () => {
    const TableName = `${target.tablePrefix}no-table`;
    await expectResourceNotFound(ddb.send(new GetItemCommand({ TableName, Key: { pk: { S: 'a' } } })));
    await expectResourceNotFound(ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: 'a' } } })));
    await expectResourceNotFound(ddb.send(new DeleteItemCommand({ TableName, Key: { pk: { S: 'a' } } })));
  });
});

describe('the 400 KB item size limit', () => {
  // Item size = UTF-8 bytes of attribute names + values; the limit is 400 KB = 409,600 bytes.
  const LIMIT = 400 * 1024;

  it('accepts an item just under 400 KB and rejects one just over', async () => {
    const under = 'a'.repeat(LIMIT - 'pk'.length - 'big'.length - 'size'.length - 1000);
    await put({ pk: { S: 'size' }, big: { S: under } });
    expect((await get('size'))!.big!.S!.length).toBe(under.length);
    await expectValidation(put({ pk: { S: 'size' }, big: { S: 'a'.repeat(LIMIT) } }), 'Item size has exceeded the maximum allowed size');
    expect((await get('size'))!.big!.S!.length).toBe(under.length);
  });

  it('rejects an UpdateItem that would grow the item past 400 KB', async () => {
    await put({ pk: { S: 'grow' }, a: { S: 'a'.repeat(300 * 1024) } });
    await expectValidation(
      ddb.send(
        new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'grow' } }, UpdateExpression: 'SET b = :b', ExpressionAttributeValues: { ':b': { S: 'b'.repeat(200 * 1024) } } }),
      ),
      'Item size to update has exceeded the maximum allowed size',
    );
    expect((await get('grow'))!.b).toBeUndefined();
  });
});
