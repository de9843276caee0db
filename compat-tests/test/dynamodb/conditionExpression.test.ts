import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startTarget, createKeyTable, expectValidation, expectConditionalFailure, type Target } from '@kuhiro/compat-tests';

// ConditionExpression: every comparator and function, nested map paths and list indexes, on
// PutItem, UpdateItem and DeleteItem. Error messages as recorded by dynalite's suite against AWS.
const SLOW = 180_000;
let target: Target;
let ddb: DynamoDBClient;
let table: string;

const subject: Record<string, AttributeValue> = {
  pk: { S: 'subject' },
  n: { N: '5' },
  s: { S: 'hello' },
  b: { B: new Uint8Array([1, 2, 3]) },
  flag: { BOOL: true },
  nothing: { NULL: true },
  m: { M: { child: { M: { deep: { S: 'x' } } }, 'dotted.key': { N: '1' } } },
  l: { L: [{ S: 'a' }, { N: '2' }, { M: { x: { S: 'y' } } }] },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', '2'] },
};

const values: Record<string, AttributeValue> = {
  ':zero': { N: '0' },
  ':one': { N: '1' },
  ':two': { N: '2' },
  ':three': { N: '3' },
  ':four': { N: '4' },
  ':five': { N: '5' },
  ':six': { N: '6' },
  ':hello': { S: 'hello' },
  ':hi': { S: 'hi' },
  ':he': { S: 'he' },
  ':ell': { S: 'ell' },
  ':a': { S: 'a' },
  ':x': { S: 'x' },
  ':y': { S: 'y' },
  ':b12': { B: new Uint8Array([1, 2]) },
  ':b13': { B: new Uint8Array([1, 3]) },
  ':true': { BOOL: true },
  ':typeN': { S: 'N' },
  ':typeS': { S: 'S' },
  ':typeL': { S: 'L' },
  ':typeM': { S: 'M' },
  ':typeSS': { S: 'SS' },
  ':typeNS': { S: 'NS' },
  ':typeB': { S: 'B' },
  ':typeBOOL': { S: 'BOOL' },
  ':typeNULL': { S: 'NULL' },
};

beforeAll(async () => {
  target = await startTarget();
  ddb = target.dynamodb();
  table = await createKeyTable(target, 'conditions');
  await ddb.send(new PutItemCommand({ TableName: table, Item: subject }));
}, SLOW);
afterAll(async () => target?.stop(), SLOW);

/** Evaluates a condition against the subject item through an UpdateItem that only touches `probe`. */
function check(condition: string, names?: Record<string, string>) {
  const used = Object.fromEntries(Object.entries(values).filter(([key]) => new RegExp(`${key}\\b`).test(condition)));
  return ddb.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { pk: { S: 'subject' } },
      UpdateExpression: 'SET probe = :probe',
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...used, ':probe': { N: '1' } },
    }),
  );
}

const trueConditions: Array<[string, Record<string, string>?]> = [
  ['n = :five'],
  ['n <> :four'],
  ['n < :six'],
  ['n <= :five'],
  ['n > :four'],
  ['n >= :five'],
  ['n BETWEEN :four AND :six'],
  ['n BETWEEN :five AND :five'],
  ['n IN (:four, :five, :six)'],
  ['s < :hi'], // strings compare by UTF-8 bytes
  ['s > :he'],
  ['b < :b13'], // binaries compare bytewise
  ['b > :b12'],
  ['flag = :true'],
  ['n <> :hello'], // different types are never equal
  ['absent <> :one'], // a missing attribute is unequal to every value
  ['attribute_exists(n)'],
  ['attribute_exists(m.child.deep)'],
  ['attribute_exists(l[2].x)'],
  ['attribute_not_exists(absent)'],
  ['attribute_not_exists(m.child.absent)'],
  ['attribute_not_exists(l[3])'],
  ['attribute_type(n, :typeN)'],
  ['attribute_type(s, :typeS)'],
  ['attribute_type(b, :typeB)'],
  ['attribute_type(flag, :typeBOOL)'],
  ['attribute_type(nothing, :typeNULL)'],
  ['attribute_type(m, :typeM)'],
  ['attribute_type(l, :typeL)'],
  ['attribute_type(ss, :typeSS)'],
  ['attribute_type(ns, :typeNS)'],
  ['begins_with(s, :he)'],
  ['contains(s, :ell)'],
  ['contains(ss, :a)'],
  ['contains(ns, :two)'],
  ['contains(l, :a)'],
  ['contains(l, :two)'],
  ['size(s) = :five'],
  ['size(b) = :three'],
  ['size(l) = :three'],
  ['size(m) = :two'],
  ['size(ss) = :two'],
  ['size(m.child) = :one'],
  ['size(s) > :four'],
  ['l[0] = :a'],
  ['l[1] = :two'],
  ['l[2].x = :y'],
  ['m.child.deep = :x'],
  ['m.#dotted = :one', { '#dotted': 'dotted.key' }],
  ['#n = :five', { '#n': 'n' }],
  ['#m.#i.#d = :x', { '#m': 'm', '#i': 'child', '#d': 'deep' }],
  ['NOT n = :four'],
  ['n = :five AND s = :hello'],
  ['n = :four OR s = :hello'],
  ['(n = :four OR n = :five) AND NOT attribute_exists(absent)'],
  ['NOT (n = :four AND s = :hello)'],
];

const falseConditions: Array<[string, Record<string, string>?]> = [
  ['n = :four'],
  ['n <> :five'],
  ['n < :five'],
  ['n > :five'],
  ['n BETWEEN :zero AND :four'],
  ['n IN (:four, :six)'],
  ['n = :hello'],
  ['n < :hello'], // ordering across types is false, not an error
  ['s = :hi'],
  ['attribute_exists(absent)'],
  ['attribute_exists(m.child.absent)'],
  ['attribute_exists(l[3])'],
  ['attribute_exists(s.child)'],
  ['attribute_not_exists(n)'],
  ['attribute_type(n, :typeS)'],
  ['begins_with(s, :hi)'],
  ['begins_with(n, :he)'],
  ['contains(s, :x)'],
  ['contains(ss, :x)'],
  ['contains(ns, :six)'],
  ['size(s) = :four'],
  ['size(absent) = :zero'],
  ['l[1] = :one'],
  ['l[5] = :one'],
  ['absent = :one'],
  ['NOT n = :five'],
  ['n = :five AND s = :hi'],
  ['n = :four OR s = :hi'],
];

describe('ConditionExpression evaluation', () => {
  // Rows are objects: with array rows shorter than the callback's parameter list, jest passes a
  // `done` callback as the missing argument.
  const asRows = (conditions: Array<[string, Record<string, string>?]>) => conditions.map(([condition, names]) => ({ condition, names }));

  it.each(asRows(trueConditions))('passes: $condition', async ({ condition, names }) => {
    await expect(check(condition, names)).resolves.toBeDefined();
  });

  it.each(asRows(falseConditions))('fails with ConditionalCheckFailedException: $condition', async ({ condition, names }) => {
    await expectConditionalFailure(check(condition, names));
  });
});

describe('conditions on writes', () => {
  it('guards a PutItem with attribute_not_exists and leaves the item unchanged on failure', async () => {
    const Item = { pk: { S: 'guarded' }, v: { N: '1' } };
    await ddb.send(new PutItemCommand({ TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' }));
    await expectConditionalFailure(
      ddb.send(new PutItemCommand({ TableName: table, Item: { ...Item, v: { N: '2' } }, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
    const { Item: stored } = await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'guarded' } }, ConsistentRead: true }));
    expect(stored).toEqual(Item);
  });

  it('evaluates a condition on a missing item against an empty item', async () => {
    await expectConditionalFailure(
      ddb.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'absent' } }, UpdateExpression: 'SET a = :one', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':one': { N: '1' } } })),
    );
    const { Item } = await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'absent' } }, ConsistentRead: true }));
    expect(Item).toBeUndefined();
  });

  it('guards a DeleteItem', async () => {
    await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'delete-me' }, v: { N: '1' } } }));
    await expectConditionalFailure(
      ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'delete-me' } }, ConditionExpression: 'v = :two', ExpressionAttributeValues: { ':two': { N: '2' } } })),
    );
    await ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'delete-me' } }, ConditionExpression: 'v = :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
    const { Item } = await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'delete-me' } }, ConsistentRead: true }));
    expect(Item).toBeUndefined();
  });
});

describe('ConditionExpression errors', () => {
  const put = (ConditionExpression: string, extra: { names?: Record<string, string>; values?: Record<string, AttributeValue> } = {}) =>
    ddb.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: { S: 'errors' } },
        ConditionExpression,
        ExpressionAttributeNames: extra.names,
        ExpressionAttributeValues: extra.values,
      }),
    );
  const prefix = 'Invalid ConditionExpression: ';

  it('rejects an empty expression', async () => {
    await expectValidation(put(''), `${prefix}The expression can not be empty;`);
  });

  it('rejects a syntax error', async () => {
    await expectValidation(put('a = = :b', { values: { ':b': { N: '1' } } }), new RegExp(`^${prefix}Syntax error; token: "="`));
  });

  it('rejects an undefined value or name', async () => {
    await expectValidation(put('a = :nope'), `${prefix}An expression attribute value used in expression is not defined; attribute value: :nope`);
    await expectValidation(put('#nope = :v', { values: { ':v': { N: '1' } } }), `${prefix}An expression attribute name used in the document path is not defined; attribute name: #nope`);
  });

  it('rejects a reserved word used as a name', async () => {
    await expectValidation(put('status = :v', { values: { ':v': { N: '1' } } }), `${prefix}Attribute name is a reserved keyword; reserved keyword: status`);
  });

  it('rejects an unknown function and a wrong operand count', async () => {
    await expectValidation(put('nope(a)'), `${prefix}Invalid function name; function: nope`);
    await expectValidation(
      put('begins_with(a)'),
      `${prefix}Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1`,
    );
  });

  it('rejects attribute_exists on a value and an unknown attribute_type type', async () => {
    await expectValidation(
      put('attribute_exists(:v)', { values: { ':v': { N: '1' } } }),
      `${prefix}Operator or function requires a document path; operator or function: attribute_exists`,
    );
    await expectValidation(
      put('attribute_type(a, :t)', { values: { ':t': { S: 'X' } } }),
      `${prefix}Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`,
    );
  });

  it('rejects BETWEEN with the bounds reversed or of different types', async () => {
    await expectValidation(
      put('a BETWEEN :hi AND :lo', { values: { ':hi': { N: '6' }, ':lo': { N: '4' } } }),
      `${prefix}The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:6}, upper bound operand: AttributeValue: {N:4}`,
    );
    await expectValidation(
      put('a BETWEEN :lo AND :hi', { values: { ':lo': { N: '4' }, ':hi': { S: 'x' } } }),
      `${prefix}The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:4}, upper bound operand: AttributeValue: {S:x}`,
    );
  });

  it('rejects a function that is not a condition used as one, and redundant parentheses', async () => {
    await expectValidation(put('size(a)'), `${prefix}The function is not allowed to be used this way in an expression; function: size`);
    await expectValidation(put('((a = :v))', { values: { ':v': { N: '1' } } }), `${prefix}The expression has redundant parentheses;`);
  });

  it('rejects comparing a path with itself', async () => {
    await expectValidation(
      put('a = a'),
      `${prefix}The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]`,
    );
  });
});
