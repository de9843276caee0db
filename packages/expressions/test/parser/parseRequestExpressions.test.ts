import { describe, expect, it } from '@jest/globals';
import { ExpressionValidationError, parseRequestExpressions, type RequestExpressions } from '../../src/index.js';
import { validationErrorOf } from '../validationErrorOf.js';

function errorOf(input: RequestExpressions): string {
  return validationErrorOf(() => parseRequestExpressions(input));
}

const v = (values: Record<string, unknown>) => ({ ExpressionAttributeValues: values });
const S = { S: 'x' };
const N = { N: '1' };

describe('ExpressionAttributeNames and ExpressionAttributeValues', () => {
  it.each<[RequestExpressions, string]>([
    [{ ConditionExpression: 'a = b', ExpressionAttributeNames: {} }, 'ExpressionAttributeNames must not be empty'],
    [{ ConditionExpression: 'a = b', ExpressionAttributeValues: {} }, 'ExpressionAttributeValues must not be empty'],
    [{ ConditionExpression: 'a = b', ExpressionAttributeNames: { a: 'b' } }, 'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"'],
    [{ ConditionExpression: 'a = b', ...v({ 'v': S }) }, 'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"'],
    [
      { ConditionExpression: 'a = :v', ...v({ ':v': { N: 'x' } }) },
      'ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: x for key :v',
    ],
    [
      { ConditionExpression: 'a = :v', ...v({ ':v': { SS: [] } }) },
      'ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v',
    ],
    [
      { ConditionExpression: 'a = b', ExpressionAttributeNames: { '#a': 'x', '#b': 'y' } },
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}',
    ],
    [{ ConditionExpression: 'a = :v', ...v({ ':v': S, ':w': N }) }, 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}'],
    [{ ConditionExpression: '' }, 'Invalid ConditionExpression: The expression can not be empty;'],
    [{ UpdateExpression: '' }, 'Invalid UpdateExpression: The expression can not be empty;'],
  ])('%j', (input, message) => {
    expect(errorOf(input)).toBe(message);
  });

  it('refuses expressions over 4096 bytes', () => {
    const projection = (length: number) => 'a'.repeat(length);
    expect(parseRequestExpressions({ ProjectionExpression: projection(4096) }).projection).toEqual([[projection(4096)]]);
    expect(errorOf({ ProjectionExpression: projection(4097) })).toBe(
      'Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097',
    );
  });

  it('can report an invalid value bare, as AWS does for single-item operations', () => {
    expect(() =>
      parseRequestExpressions({ UpdateExpression: 'ADD s :s', ExpressionAttributeValues: { ':s': { SS: [] } } }, { valueErrors: 'bare' }),
    ).toThrow(new ExpressionValidationError('One or more parameter values were invalid: An string set  may not be empty'));
  });

  it('judges unused names and values across all expressions of the request', () => {
    const parsed = parseRequestExpressions({
      UpdateExpression: 'SET #a = :v',
      ConditionExpression: 'attribute_exists(#b)',
      ProjectionExpression: '#c',
      ExpressionAttributeNames: { '#a': 'a', '#b': 'b', '#c': 'c' },
      ExpressionAttributeValues: { ':v': { N: '1.50' } },
    });
    expect(parsed.update?.actions).toEqual([{ kind: 'SET', path: ['a'], value: { kind: 'value', value: { N: '1.5' } } }]);
    expect(parsed.condition).toEqual({ kind: 'attribute_exists', path: ['b'] });
    expect(parsed.projection).toEqual([['c']]);
  });

  it('reports the update expression before the condition expression', () => {
    expect(errorOf({ UpdateExpression: 'SET a = #x', ConditionExpression: 'b = #y' })).toBe(
      'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #x',
    );
  });
});

describe('ConditionExpression syntax and semantics', () => {
  it.each<[string, Record<string, unknown> | undefined, string]>([
    ['foo', undefined, 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "foo"'],
    [':v a', { ':v': S }, 'Invalid ConditionExpression: Syntax error; token: "a", near: ":v a"'],
    ['a == :v', { ':v': S }, 'Invalid ConditionExpression: Syntax error; token: "=", near: "=="'],
    ['a = ', undefined, 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="'],
    ['a ! :v', { ':v': S }, 'Invalid ConditionExpression: Syntax error; token: "!", near: "a !"'],
    ['a = :v AND', { ':v': S }, 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"'],
    ['a BETWEEN :v', { ':v': S }, 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v"'],
    ['a[x] = :v', { ':v': S }, 'Invalid ConditionExpression: Syntax error; token: "x", near: "[x"'],
    ['a + :v = :v', { ':v': N }, 'Invalid ConditionExpression: Syntax error; token: "+", near: "a +"'],
    ['((a = :v))', { ':v': S }, 'Invalid ConditionExpression: The expression has redundant parentheses;'],
    ['name = :v', { ':v': S }, 'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name'],
    ['a.Size = :v', { ':v': S }, 'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Size'],
    ['#a = :v', { ':v': S }, 'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #a'],
    ['a = :w', { ':v': S }, 'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :w'],
    ['foo(a)', undefined, 'Invalid ConditionExpression: Invalid function name; function: foo'],
    ['if_not_exists(a, a) = :v', { ':v': N }, 'Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists'],
    ['size(a)', undefined, 'Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size'],
    [
      'attribute_exists(a) = :v',
      { ':v': N },
      'Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists',
    ],
    [
      'size(a, b) = :v',
      { ':v': N },
      'Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: size, number of operands: 2',
    ],
    [
      'attribute_exists(a, b)',
      undefined,
      'Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2',
    ],
    [
      'attribute_exists(:v)',
      { ':v': S },
      'Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists',
    ],
    [
      'begins_with(a, :v)',
      { ':v': N },
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    ],
    [
      'attribute_type(a, :v)',
      { ':v': N },
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N',
    ],
    [
      'attribute_type(a, :v)',
      { ':v': { S: 'STRING' } },
      'Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}',
    ],
    [
      'size(:v) > a',
      { ':v': N },
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N',
    ],
    [
      'a = a',
      undefined,
      'Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]',
    ],
    [
      'contains(a.b[1], a.b[1])',
      undefined,
      'Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a, b, [1]]',
    ],
    [
      'a BETWEEN :lo AND :hi',
      { ':lo': { N: '5' }, ':hi': { N: '1' } },
      'Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}',
    ],
    [
      'a BETWEEN :lo AND :hi',
      { ':lo': { N: '5' }, ':hi': { S: 'x' } },
      'Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {S:x}',
    ],
    [
      'a < :v',
      { ':v': { BOOL: true } },
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL',
    ],
    [
      ':v >= a',
      { ':v': { SS: ['x'] } },
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: >=, operand type: SS',
    ],
    [
      'a BETWEEN :lo AND :hi',
      { ':lo': { BOOL: false }, ':hi': { BOOL: true } },
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: BOOL',
    ],
    // Predicate problems: the first predicate written wins, whatever the kind.
    ['a = :missing AND begins_with(b, :n)', { ':n': N }, 'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :missing'],
    [
      'begins_with(b, :n) AND a = :missing',
      { ':n': N },
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    ],
    // Priority: an unknown function is reported before an undefined name that comes first.
    ['#a = :v AND foo(b)', { ':v': S }, 'Invalid ConditionExpression: Invalid function name; function: foo'],
    ['name = #a', undefined, 'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name'],
  ])('%s', (expression, values, message) => {
    expect(errorOf({ ConditionExpression: expression, ...(values ? v(values) : {}) })).toBe(message);
  });

  it('answers deeply nested input with an error, never a stack overflow', () => {
    const nested = '('.repeat(2000) + 'a = :v' + ')'.repeat(2000);
    expect(errorOf({ ConditionExpression: nested, ...v({ ':v': S }) })).toBe('Invalid ConditionExpression: The expression has redundant parentheses;');
    const nots = 'NOT '.repeat(1000) + 'a = :v';
    expect(errorOf({ ConditionExpression: nots, ...v({ ':v': S }) })).toBe(
      'Invalid ConditionExpression: The expression contains too many operators; operator count: 1001',
    );
  });

  it('uses the member name in the message', () => {
    expect(errorOf({ FilterExpression: 'foo' })).toBe('Invalid FilterExpression: Syntax error; token: "<EOF>", near: "foo"');
    expect(errorOf({ KeyConditionExpression: 'foo' })).toBe('Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: "foo"');
  });

  it('gives OR the lowest precedence, then AND, then NOT', () => {
    const parsed = parseRequestExpressions({ ConditionExpression: 'a = :v OR NOT b = :v AND c = :v', ...v({ ':v': S }) });
    const compare = (name: string) => ({ kind: 'comparison', operator: '=', left: { kind: 'path', path: [name] }, right: { kind: 'value', value: S } });
    expect(parsed.condition).toEqual({
      kind: 'or',
      left: compare('a'),
      right: { kind: 'and', left: { kind: 'not', condition: compare('b') }, right: compare('c') },
    });
  });

  it('parses parentheses, keywords in any case, nested paths, IN, BETWEEN and functions', () => {
    const parsed = parseRequestExpressions({
      ConditionExpression:
        '(a.b[2].#c IN (:x, :y) or (x) between :x and :y) AnD size(l) >= :n AND begins_with(s, :x) AND contains(ss, :x) AND attribute_type(t, :t) AND attribute_not_exists(z)',
      ExpressionAttributeNames: { '#c': 'c' },
      ExpressionAttributeValues: { ':x': { S: 'a' }, ':y': { S: 'b' }, ':n': N, ':t': { S: 'SS' } },
    });
    expect(JSON.stringify(parsed.condition)).toContain('"path":["a","b",2,"c"]');
    expect(JSON.stringify(parsed.condition)).toContain('"kind":"between"');
    expect(JSON.stringify(parsed.condition)).toContain('"kind":"size"');
    expect(JSON.stringify(parsed.condition)).toContain('"kind":"attribute_type"');
  });

  it('allows 100 IN operands and refuses 101', () => {
    const values: Record<string, unknown> = {};
    const refs: string[] = [];
    for (let i = 0; i < 101; i++) {
      values[`:v${i}`] = { N: String(i) };
      refs.push(`:v${i}`);
    }
    const hundred = Object.fromEntries(Object.entries(values).slice(0, 100));
    const parsed = parseRequestExpressions({ ConditionExpression: `a IN (${refs.slice(0, 100).join(',')})`, ...v(hundred) });
    expect(parsed.condition?.kind === 'in' && parsed.condition.candidates.length).toBe(100);
    expect(errorOf({ ConditionExpression: `a IN (${refs.join(',')})`, ...v(values) })).toBe(
      'Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101',
    );
  });

  it('allows 300 operators and refuses 301', () => {
    const terms = (count: number) => Array.from({ length: count }, () => 'a = :v').join(' OR ');
    // n comparisons joined by n - 1 ORs: 150 comparisons = 299 operators.
    expect(() => parseRequestExpressions({ FilterExpression: terms(150), ...v({ ':v': N }) })).not.toThrow();
    expect(errorOf({ FilterExpression: `${terms(150)} AND b = :v`, ...v({ ':v': N }) })).toBe(
      'Invalid FilterExpression: The expression contains too many operators; operator count: 301',
    );
  });
});

describe('UpdateExpression', () => {
  it.each<[string, Record<string, unknown> | undefined, string]>([
    ['SET a = :v SET b = :v', { ':v': S }, 'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'],
    ['REMOVE a ADD b :n REMOVE c', { ':n': N }, 'Invalid UpdateExpression: The "REMOVE" section can only be used once in an update expression;'],
    ['SET a = :v REMOVE a.b', { ':v': S }, 'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]'],
    ['SET a = :v, a = :v', { ':v': S }, 'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]'],
    ['SET a.b = :v REMOVE a[1]', { ':v': S }, 'Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]'],
    ['SET #a = :v', { ':v': S }, 'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #a'],
    ['SET a = :w', { ':v': S }, 'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :w'],
    ['SET name = :v', { ':v': S }, 'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name'],
    ['ADD a :v', { ':v': S }, 'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING'],
    ['ADD a :v', { ':v': { L: [] } }, 'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST'],
    ['DELETE a :v', { ':v': N }, 'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER'],
    ['SET a = foo(b)', undefined, 'Invalid UpdateExpression: Invalid function name; function: foo'],
    ['SET a = size(b)', undefined, 'Invalid UpdateExpression: The function is not allowed in an update expression; function: size'],
    ['SET a = if_not_exists(:v, b)', { ':v': S }, 'Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists'],
    [
      'SET a = list_append(b, c, d)',
      undefined,
      'Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 3',
    ],
    [
      'SET a = list_append(b, :v)',
      { ':v': S },
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S',
    ],
    ['SET a = b + :v', { ':v': S }, 'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S'],
    ['SET path = VALUE 1', undefined, 'Invalid UpdateExpression: Syntax error; token: "1", near: "VALUE 1"'],
    ['SET a = b + c + d', undefined, 'Invalid UpdateExpression: Syntax error; token: "+", near: "c +"'],
    ['SET a[:v] = b', { ':v': N }, 'Invalid UpdateExpression: Syntax error; token: ":v", near: "[:v"'],
    ['UPDATE a = b', undefined, 'Invalid UpdateExpression: Syntax error; token: "UPDATE", near: "UPDATE"'],
    ['SET a = _f(b)', undefined, 'Invalid UpdateExpression: Syntax error; token: "_", near: "= _"'],
    ['SET _a = :v', { ':v': S }, 'Invalid UpdateExpression: Syntax error; token: "_", near: "SET _"'],
    ['SET add = :v', { ':v': S }, 'Invalid UpdateExpression: Syntax error; token: "add", near: "SET add"'],
    ['SET # = :v', { ':v': S }, 'Invalid UpdateExpression: Syntax error; token: "#", near: "SET #"'],
    ['SET a = : v', { ':v': S }, 'Invalid UpdateExpression: Syntax error; token: ":", near: "= :"'],
    ['ADD a b', undefined, 'Invalid UpdateExpression: Syntax error; token: "b", near: "a b"'],
    // Priority: reserved words before undefined names, overlaps after undefined values.
    ['SET #x = :v, name = :v', { ':v': S }, 'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name'],
    ['SET a = :w, a = :v', { ':v': S }, 'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :w'],
  ])('%s', (expression, values, message) => {
    expect(errorOf({ UpdateExpression: expression, ...(values ? v(values) : {}) })).toBe(message);
  });

  it('allows a space between a function name and its parenthesis, and none around =', () => {
    const parsed = parseRequestExpressions({ UpdateExpression: 'SET a=if_not_exists (a,:v)', ExpressionAttributeValues: { ':v': S } });
    expect(parsed.update?.actions[0]).toEqual({
      kind: 'SET',
      path: ['a'],
      value: { kind: 'if_not_exists', path: ['a'], fallback: { kind: 'value', value: S } },
    });
  });

  it('parses every clause kind, in any order, with nested paths', () => {
    const parsed = parseRequestExpressions({
      UpdateExpression:
        'remove r, m.k[3]  add n :n, s :s SET a = if_not_exists(a, :n) + :n, l = list_append(:l, l), c = (b - :n), d.e[1] = :n DELETE t :s',
      ExpressionAttributeValues: { ':n': N, ':s': { SS: ['q'] }, ':l': { L: [] } },
    });
    expect(parsed.update?.actions.map((action) => [action.kind, action.path])).toEqual([
      ['REMOVE', ['r']],
      ['REMOVE', ['m', 'k', 3]],
      ['ADD', ['n']],
      ['ADD', ['s']],
      ['SET', ['a']],
      ['SET', ['l']],
      ['SET', ['c']],
      ['SET', ['d', 'e', 1]],
      ['DELETE', ['t']],
    ]);
    expect(parsed.update?.actions[6]).toEqual({
      kind: 'SET',
      path: ['c'],
      value: { kind: 'minus', left: { kind: 'path', path: ['b'] }, right: { kind: 'value', value: N } },
    });
  });
});

describe('ProjectionExpression', () => {
  it('parses paths with names substituted', () => {
    expect(parseRequestExpressions({ ProjectionExpression: 'a, b.c[1], #n', ExpressionAttributeNames: { '#n': 'name' } }).projection).toEqual([
      ['a'],
      ['b', 'c', 1],
      ['name'],
    ]);
  });

  it.each<[RequestExpressions, string]>([
    [{ ProjectionExpression: 'a,' }, 'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","'],
    [{ ProjectionExpression: 'a b' }, 'Invalid ProjectionExpression: Syntax error; token: "b", near: "a b"'],
    [{ ProjectionExpression: 'status' }, 'Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: status'],
    [{ ProjectionExpression: '#x' }, 'Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #x'],
    [
      { ProjectionExpression: 'a, a.b' },
      'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
    ],
  ])('%j', (input, message) => {
    expect(errorOf(input)).toBe(message);
  });
});
