import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startTarget, createKeyTable, expectValidation, type Target } from '@kuhiro/compat-tests';

// UpdateExpression: SET (arithmetic, if_not_exists, list_append both ways, list indexes, nested
// maps), REMOVE (attributes, list elements, map keys), ADD (numbers, sets), DELETE (sets), several
// clauses in one expression, and the parse/runtime errors AWS gives (as recorded by dynalite's suite).
const SLOW = 180_000;
let target: Target;
let ddb: DynamoDBClient;
let table: string;
let keyCounter = 0;

beforeAll(async () => {
  target = await startTarget();
  ddb = target.dynamodb();
  table = await createKeyTable(target, 'updates');
}, SLOW);
afterAll(async () => target?.stop(), SLOW);

/** Puts `item` under a fresh key and returns the key's string. */
async function seed(item: Record<string, AttributeValue> = {}): Promise<string> {
  const pk = `item-${++keyCounter}`;
  await ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, ...item } }));
  return pk;
}

function update(pk: string, UpdateExpression: string, ExpressionAttributeValues?: Record<string, AttributeValue>, ExpressionAttributeNames?: Record<string, string>) {
  return ddb.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: pk } }, UpdateExpression, ExpressionAttributeValues, ExpressionAttributeNames, ReturnValues: 'ALL_NEW' }));
}

async function stored(pk: string): Promise<Record<string, AttributeValue> | undefined> {
  return (await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item;
}

const N = (n: string | number): AttributeValue => ({ N: String(n) });
const S = (s: string): AttributeValue => ({ S: s });
const L = (...items: AttributeValue[]): AttributeValue => ({ L: items });
const sortedSet = (value: AttributeValue | undefined) => [...(value?.SS ?? value?.NS ?? [])].sort();

describe('SET', () => {
  it('sets top-level and nested attributes', async () => {
    const pk = await seed({ m: { M: { a: N(1) } } });
    const { Attributes } = await update(pk, 'SET s = :s, m.b = :b, m.#c = :c', { ':s': S('x'), ':b': N(2), ':c': L(S('y')) }, { '#c': 'c d' });
    expect(Attributes).toEqual({ pk: S(pk), s: S('x'), m: { M: { a: N(1), b: N(2), 'c d': L(S('y')) } } });
  });

  it('adds and subtracts with exact decimal arithmetic', async () => {
    const pk = await seed({ n: N('0.1'), big: N('12345678901234567890123456789012345678') });
    const { Attributes } = await update(pk, 'SET n = n + :d, big = big - :one, c = :a + :b, neg = :a - :b', {
      ':d': N('0.2'),
      ':one': N(1),
      ':a': N(3),
      ':b': N('4.5'),
    });
    expect(Attributes).toMatchObject({ n: N('0.3'), big: N('12345678901234567890123456789012345677'), c: N('7.5'), neg: N('-1.5') });
  });

  it('refuses arithmetic that overflows the number range', async () => {
    const max = '9.9999999999999999999999999999999999999E+125';
    const pk = await seed({ n: N(max) });
    await expectValidation(update(pk, 'SET n = n + :max', { ':max': N(max) }), 'Number overflow. Attempting to store a number with magnitude larger than supported range');
  });

  it('uses if_not_exists for defaults and counters', async () => {
    const pk = await seed({ kept: S('old') });
    const { Attributes } = await update(pk, 'SET kept = if_not_exists(kept, :new), fresh = if_not_exists(fresh, :new), c = if_not_exists(c, :zero) + :one', {
      ':new': S('new'),
      ':zero': N(0),
      ':one': N(1),
    });
    expect(Attributes).toMatchObject({ kept: S('old'), fresh: S('new'), c: N(1) });
  });

  it('appends and prepends with list_append in both orders', async () => {
    const pk = await seed({ l: L(S('b')) });
    await update(pk, 'SET l = list_append(l, :tail)', { ':tail': L(S('c'), S('d')) });
    const { Attributes } = await update(pk, 'SET l = list_append(:head, l)', { ':head': L(S('a')) });
    expect(Attributes!.l).toEqual(L(S('a'), S('b'), S('c'), S('d')));
  });

  it('appends to a list that does not exist yet with if_not_exists', async () => {
    const pk = await seed();
    const { Attributes } = await update(pk, 'SET l = list_append(if_not_exists(l, :empty), :x)', { ':empty': L(), ':x': L(N(1)) });
    expect(Attributes!.l).toEqual(L(N(1)));
  });

  it('replaces a list element and appends when the index is past the end', async () => {
    const pk = await seed({ l: L(S('a'), S('b')) });
    const { Attributes } = await update(pk, 'SET l[0] = :x, l[7] = :y', { ':x': S('x'), ':y': S('y') });
    expect(Attributes!.l).toEqual(L(S('x'), S('b'), S('y')));
  });

  it('copies one attribute into another', async () => {
    const pk = await seed({ src: { M: { deep: L(N(1), N(2)) } } });
    const { Attributes } = await update(pk, 'SET dst = src.deep[1]');
    expect(Attributes!.dst).toEqual(N(2));
  });
});

describe('REMOVE', () => {
  it('removes attributes, map keys and list elements (indexes of the list before the update)', async () => {
    const pk = await seed({ a: S('a'), b: S('b'), m: { M: { x: N(1), y: N(2) } }, l: L(N(0), N(1), N(2), N(3)) });
    const { Attributes } = await update(pk, 'REMOVE a, m.x, l[0], l[2], absent');
    expect(Attributes).toEqual({ pk: S(pk), b: S('b'), m: { M: { y: N(2) } }, l: L(N(1), N(3)) });
  });

  it('ignores a list index past the end', async () => {
    const pk = await seed({ l: L(N(0)) });
    const { Attributes } = await update(pk, 'REMOVE l[5]');
    expect(Attributes!.l).toEqual(L(N(0)));
  });
});

describe('ADD and DELETE', () => {
  it('adds to numbers, starting from zero when missing', async () => {
    const pk = await seed({ n: N(5) });
    const { Attributes } = await update(pk, 'ADD n :two, fresh :three', { ':two': N(2), ':three': N(-3) });
    expect(Attributes).toMatchObject({ n: N(7), fresh: N(-3) });
  });

  it('adds members to sets, creating the set when missing', async () => {
    const pk = await seed({ ss: { SS: ['a'] } });
    const { Attributes } = await update(pk, 'ADD ss :more, ns :nums', { ':more': { SS: ['a', 'b'] }, ':nums': { NS: ['1', '2'] } });
    expect(sortedSet(Attributes!.ss)).toEqual(['a', 'b']);
    expect(sortedSet(Attributes!.ns)).toEqual(['1', '2']);
  });

  it('deletes set members, and removes the attribute when the set becomes empty', async () => {
    const pk = await seed({ ss: { SS: ['a', 'b', 'c'] }, ns: { NS: ['1'] } });
    const { Attributes } = await update(pk, 'DELETE ss :gone, ns :all', { ':gone': { SS: ['a', 'c', 'zz'] }, ':all': { NS: ['1'] } });
    expect(sortedSet(Attributes!.ss)).toEqual(['b']);
    expect(Attributes!.ns).toBeUndefined();
  });

  it('creates an item with ADD on a missing key', async () => {
    const pk = `fresh-${++keyCounter}`;
    await update(pk, 'ADD visits :one', { ':one': N(1) });
    expect(await stored(pk)).toEqual({ pk: S(pk), visits: N(1) });
  });
});

describe('clauses together', () => {
  it('applies SET, REMOVE, ADD and DELETE in one expression, in any clause order', async () => {
    const pk = await seed({ gone: S('x'), n: N(1), ss: { SS: ['a', 'b'] } });
    const { Attributes } = await update(pk, 'DELETE ss :a ADD n :one REMOVE gone SET s = :s', { ':a': { SS: ['a'] }, ':one': N(1), ':s': S('new') });
    expect(Attributes).toEqual({ pk: S(pk), n: N(2), ss: { SS: ['b'] }, s: S('new') });
  });

  it('accepts lower-case keywords', async () => {
    const pk = await seed();
    const { Attributes } = await update(pk, 'set a = :a add n :one', { ':a': S('a'), ':one': N(1) });
    expect(Attributes).toMatchObject({ a: S('a'), n: N(1) });
  });
});

describe('UpdateExpression errors', () => {
  const prefix = 'Invalid UpdateExpression: ';
  let pk: string;
  beforeAll(async () => {
    pk = await seed({ s: S('text'), n: N(1), m: { M: { a: N(1) } }, l: L(N(1)), ss: { SS: ['a'] } });
  });

  it('rejects an empty expression and syntax errors', async () => {
    await expectValidation(update(pk, ''), `${prefix}The expression can not be empty;`);
    await expectValidation(update(pk, 'SET a'), new RegExp(`^${prefix}Syntax error; `));
    await expectValidation(update(pk, 'SET a = b * c'), new RegExp(`^${prefix}Syntax error; `));
  });

  it('rejects a clause used twice', async () => {
    await expectValidation(update(pk, 'SET a = :a SET b = :a', { ':a': N(1) }), `${prefix}The "SET" section can only be used once in an update expression;`);
    await expectValidation(update(pk, 'REMOVE a REMOVE b'), `${prefix}The "REMOVE" section can only be used once in an update expression;`);
  });

  it('rejects overlapping and conflicting paths', async () => {
    await expectValidation(
      update(pk, 'SET a = :a REMOVE a', { ':a': N(1) }),
      `${prefix}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]`,
    );
    await expectValidation(
      update(pk, 'SET m.a = :a, m = :m', { ':a': N(1), ':m': { M: {} } }),
      `${prefix}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m, a], path two: [m]`,
    );
    await expectValidation(
      update(pk, 'REMOVE m.c SET m[1] = :a', { ':a': N(1) }),
      `${prefix}Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [m, c], path two: [m, [1]]`,
    );
  });

  it('rejects operands of the wrong type at parse time', async () => {
    await expectValidation(update(pk, 'ADD n :s', { ':s': S('x') }), `${prefix}Incorrect operand type for operator or function; operator: ADD, operand type: STRING`);
    await expectValidation(update(pk, 'DELETE ss :n', { ':n': N(1) }), `${prefix}Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER`);
    await expectValidation(update(pk, 'SET n = n + :s', { ':s': S('x') }), `${prefix}Incorrect operand type for operator or function; operator or function: +, operand type: S`);
    await expectValidation(update(pk, 'SET l = list_append(:s, l)', { ':s': S('x') }), `${prefix}Incorrect operand type for operator or function; operator or function: list_append, operand type: S`);
  });

  it('rejects misused functions', async () => {
    await expectValidation(update(pk, 'SET a = if_not_exists(:a, b)', { ':a': N(1) }), `${prefix}Operator or function requires a document path; operator or function: if_not_exists`);
    await expectValidation(update(pk, 'SET a = nope(b)'), `${prefix}Invalid function name; function: nope`);
    await expectValidation(
      update(pk, 'SET a = if_not_exists(b)'),
      `${prefix}Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1`,
    );
  });

  it('rejects operands of the wrong type at run time and leaves the item unchanged', async () => {
    const before = await stored(pk);
    const wrongType = 'An operand in the update expression has an incorrect data type';
    await expectValidation(update(pk, 'ADD s :one', { ':one': N(1) }), wrongType);
    await expectValidation(update(pk, 'SET x = s + :one', { ':one': N(1) }), wrongType);
    await expectValidation(update(pk, 'SET x = list_append(s, :l)', { ':l': L() }), wrongType);
    await expectValidation(update(pk, 'DELETE n :ss', { ':ss': { SS: ['a'] } }), wrongType);
    await expectValidation(update(pk, 'ADD ss :ns', { ':ns': { NS: ['1'] } }), wrongType);
    expect(await stored(pk)).toEqual(before);
  });

  it('rejects reading a missing attribute and writing below a missing parent', async () => {
    await expectValidation(update(pk, 'SET x = absent'), 'The provided expression refers to an attribute that does not exist in the item');
    await expectValidation(update(pk, 'SET absent.a = :a', { ':a': N(1) }), 'The document path provided in the update expression is invalid for update');
    await expectValidation(update(pk, 'SET s.a = :a', { ':a': N(1) }), 'The document path provided in the update expression is invalid for update');
    await expectValidation(update(pk, 'SET m.a[0] = :a', { ':a': N(1) }), 'The document path provided in the update expression is invalid for update');
  });

  it('rejects undefined names and values', async () => {
    await expectValidation(update(pk, 'SET #x = :a', { ':a': N(1) }), `${prefix}An expression attribute name used in the document path is not defined; attribute name: #x`);
    await expectValidation(update(pk, 'SET a = :nope'), `${prefix}An expression attribute value used in expression is not defined; attribute value: :nope`);
  });

  it('rejects reserved words', async () => {
    await expectValidation(update(pk, 'SET #c = :c SET abOrt = :c', { ':c': N(1) }, { '#c': 'c' }), `${prefix}Attribute name is a reserved keyword; reserved keyword: abOrt`);
  });
});
