import { describe, expect, it } from '@jest/globals';
import { ValidationException } from '../../src/errors.js';
import { parseStatement } from '../../src/partiql/parser.js';

const syntaxError = (source: string, detail: string) => {
  expect(() => parseStatement(source)).toThrow(new ValidationException(`Statement wasn't well formed, can't be processed: ${detail}`));
};

describe('PartiQL parser', () => {
  it('reads a SELECT with projection paths, an index and a WHERE clause', () => {
    expect(parseStatement(`SELECT a, b.c, "odd name"[2] FROM "T"."byG" WHERE g = 'x' AND n >= 3`)).toEqual({
      kind: 'select',
      table: 'T',
      index: 'byG',
      projection: [['a'], ['b', 'c'], ['odd name', 2]],
      where: {
        kind: 'and',
        left: { kind: 'comparison', operator: '=', left: { kind: 'path', path: ['g'] }, right: { kind: 'value', value: { S: 'x' } } },
        right: { kind: 'comparison', operator: '>=', left: { kind: 'path', path: ['n'] }, right: { kind: 'value', value: { N: '3' } } },
      },
    });
  });

  it('reads every value form of the documented syntax', () => {
    const parsed = parseStatement(
      `INSERT INTO T VALUE {'pk': 'it''s', 'n': -1.50, 'ss': <<'a','b'>>, 'ns': <<1, 2>>, 'l': [1, 'x', null, true], 'm': {'__proto__': false}, 'p': ?}`,
      [{ B: 'AAE=' }],
    );
    expect(parsed.kind).toBe('insert');
    const item = (parsed as { item: Record<string, unknown> }).item;
    expect(item.pk).toEqual({ S: "it's" });
    expect(item.n).toEqual({ N: '-1.5' });
    expect(item.ss).toEqual({ SS: ['a', 'b'] });
    expect(item.ns).toEqual({ NS: ['1', '2'] });
    expect(item.l).toEqual({ L: [{ N: '1' }, { S: 'x' }, { NULL: true }, { BOOL: true }] });
    expect(Object.keys((item.m as { M: object }).M)).toEqual(['__proto__']);
    expect(item.p).toEqual({ B: 'AAE=' });
  });

  it('turns IS MISSING, IS NOT MISSING and IS <type> into attribute tests', () => {
    const where = (s: string) => (parseStatement(`SELECT * FROM T WHERE ${s}`) as { where: unknown }).where;
    expect(where('a IS MISSING')).toEqual({ kind: 'attribute_not_exists', path: ['a'] });
    expect(where('a IS NOT MISSING')).toEqual({ kind: 'not', condition: { kind: 'attribute_not_exists', path: ['a'] } });
    expect(where('a IS STRING')).toEqual({ kind: 'attribute_type', path: ['a'], type: { kind: 'value', value: { S: 'S' } } });
    expect(() => where('a IS DATE')).toThrow(/^Unsupported data type for IS operator: DATE/);
  });

  it('reads UPDATE with SET, REMOVE, set_add and RETURNING', () => {
    expect(parseStatement(`UPDATE T SET n = n + 1, l = list_append(l, [2]) SET s = set_add(s, <<'x'>>) REMOVE old WHERE pk = 'a' RETURNING ALL NEW *`)).toEqual({
      kind: 'update',
      table: 'T',
      update: {
        actions: [
          { kind: 'SET', path: ['n'], value: { kind: 'plus', left: { kind: 'path', path: ['n'] }, right: { kind: 'value', value: { N: '1' } } } },
          { kind: 'SET', path: ['l'], value: { kind: 'list_append', first: { kind: 'path', path: ['l'] }, second: { kind: 'value', value: { L: [{ N: '2' }] } } } },
          { kind: 'ADD', path: ['s'], value: { SS: ['x'] } },
          { kind: 'REMOVE', path: ['old'] },
        ],
      },
      where: { kind: 'comparison', operator: '=', left: { kind: 'path', path: ['pk'] }, right: { kind: 'value', value: { S: 'a' } } },
      returning: 'ALL_NEW',
    });
  });

  it("answers AWS's messages for malformed statements", () => {
    syntaxError('UPSERT INTO T VALUE {}', 'Expected data manipulation');
    syntaxError('SELECT * FROM', 'Unexpected end of statement');
    syntaxError('SELECT * FROM T WHERE', 'Unexpected end of statement');
    syntaxError("SELECT * FROM T WHERE a = 'x", 'Unexpected end of input: unterminated quote');
    syntaxError('SELECT * FROM T T2 WHERE', 'Unexpected token: T2');
    syntaxError('SELECT * FROM WHERE', 'Unexpected keyword');
    expect(() => parseStatement('SELECT * FROM T WHERE a = ?')).toThrow("Number of parameters in request and statement don't match.");
    expect(() => parseStatement('SELECT * FROM T', [{ S: 'x' }])).toThrow("Number of parameters in request and statement don't match.");
    expect(() => parseStatement('SELECT * FROM T WHERE a = MISSING')).toThrow('MISSING must be compared using IS operator');
    expect(() => parseStatement('SELECT * FROM T WHERE upper(a) = 1')).toThrow('Unrecognized function: upper');
    expect(() => parseStatement("INSERT INTO T VALUE {'s': <<>>}")).toThrow('Empty bags are not supported');
    expect(() => parseStatement("INSERT INTO T VALUE {'s': <<1, 'a'>>}")).toThrow('Unsupported data type in Bag');
  });
});
