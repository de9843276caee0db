import { describe, expect, it } from '@jest/globals';
import { encodeBase64, evaluateCondition, parseRequestExpressions, type Item } from '../../src/index.js';

const bytes = (...values: number[]) => encodeBase64(new Uint8Array(values));

const item: Item = {
  pk: { S: 'user#1' },
  s: { S: 'hello' },
  uni: { S: 'héllo' },
  n: { N: '10' },
  neg: { N: '-2.5' },
  b: { B: bytes(1, 2, 3, 255) },
  t: { BOOL: true },
  z: { NULL: true },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', '2.5'] },
  bs: { BS: [bytes(1), bytes(2)] },
  l: { L: [{ N: '1' }, { S: 'x' }, { M: { k: { S: 'v' } } }] },
  m: { M: { inr: { M: { deep: { N: '7' } } }, lst: { L: [{ N: '0' }, { N: '5' }] } } },
};

const values = {
  ':s': { S: 'hello' },
  ':hel': { S: 'hel' },
  ':ell': { S: 'ell' },
  ':x': { S: 'x' },
  ':a': { S: 'a' },
  ':n10': { N: '10.0' },
  ':n5': { N: '5' },
  ':n20': { N: '20' },
  ':n7': { N: '7' },
  ':n2_5': { N: '2.5' },
  ':n3': { N: '3' },
  ':n4': { N: '4' },
  ':n6': { N: '6' },
  ':b12': { B: bytes(1, 2) },
  ':b23': { B: bytes(2, 3) },
  ':b1': { B: bytes(1) },
  ':true': { BOOL: true },
  ':null': { NULL: true },
  ':ssba': { SS: ['b', 'a'] },
  ':lstr': { L: [{ N: '1' }, { S: 'x' }, { M: { k: { S: 'v' } } }] },
  ':mv': { M: { k: { S: 'v' } } },
  ':tS': { S: 'S' },
  ':tN': { S: 'N' },
  ':tSS': { S: 'SS' },
  ':tM': { S: 'M' },
  ':tNULL': { S: 'NULL' },
};

function check(expression: string, on: Item | 'no item' = item): boolean {
  const used = Object.fromEntries(Object.entries(values).filter(([key]) => new RegExp(`${key}(?![A-Za-z0-9_])`).test(expression)));
  const parsed = parseRequestExpressions({
    ConditionExpression: expression,
    ...(Object.keys(used).length ? { ExpressionAttributeValues: used } : {}),
  });
  return evaluateCondition(parsed.condition!, on === 'no item' ? undefined : on);
}

describe('evaluateCondition', () => {
  it.each<[string, boolean]>([
    ['s = :s', true],
    ['n = :n10', true], // numbers compare numerically
    ['n <> :n10', false],
    ['absent <> :s', true],
    ['absent = :s', false],
    ['s = :n10', false], // type mismatch is not an error, just false
    ['s < :n10', false],
    ['n > :n5', true],
    ['n >= :n10', true],
    ['n < :n5', false],
    ['neg < :n3', true],
    ['s > :hel', true],
    ['b > :b12', true], // unsigned bytes: 0x01 0x02 0x03 0xff > 0x01 0x02
    ['n BETWEEN :n5 AND :n20', true],
    ['n BETWEEN :n20 AND :n20', false],
    ['s BETWEEN :n5 AND :n20', false],
    ['absent BETWEEN :n5 AND :n20', false],
    ['n IN (:n5, :n10)', true],
    ['s IN (:a, :x)', false],
    ['absent IN (:a)', false],
    ['t = :true', true],
    ['z = :null', true],
    ['ss = :ssba', true], // sets ignore order
    ['l = :lstr', true],
    ['l[2] = :mv', true],
    ['m.inr.deep = :n7', true],
    ['m.lst[1] = :n5', true],
    ['m.lst[9] = :n5', false],
    ['s[0] = :s', false],
    ['attribute_exists(m.inr.deep)', true],
    ['attribute_exists(m.inr.nope)', false],
    ['attribute_not_exists(nope)', true],
    ['attribute_not_exists(pk)', false],
    ['attribute_type(s, :tS)', true],
    ['attribute_type(n, :tN)', true],
    ['attribute_type(ss, :tSS)', true],
    ['attribute_type(m, :tM)', true],
    ['attribute_type(z, :tNULL)', true],
    ['attribute_type(s, :tN)', false],
    ['attribute_type(nope, :tS)', false],
    ['begins_with(s, :hel)', true],
    ['begins_with(s, :ell)', false],
    ['begins_with(b, :b12)', true],
    ['begins_with(b, :b23)', false],
    ['begins_with(n, :hel)', false],
    ['contains(s, :ell)', true],
    ['contains(ss, :a)', true],
    ['contains(ss, :x)', false],
    ['contains(ns, :n2_5)', true],
    ['contains(bs, :b1)', true],
    ['contains(b, :b23)', true],
    ['contains(l, :x)', true],
    ['contains(l, :mv)', true],
    ['contains(n, :n10)', false],
    ['size(s) = :n5', true],
    ['size(uni) = :n6', true], // UTF-8 bytes
    ['size(b) = :n4', true],
    ['size(ss) < :n3', true],
    ['size(l) = :n3', true],
    ['size(m) <= :n3', true],
    ['size(n) = :n3', false],
    ['size(nope) <> :n3', true],
    ['size(s) > size(ss)', true],
    ['NOT s = :s', false],
    ['s = :s AND n = :n5', false],
    ['s = :s OR n = :n5', true],
    ['NOT (s = :x OR n = :n5) AND attribute_exists(s)', true],
  ])('%s is %s', (expression, expected) => {
    expect(check(expression)).toBe(expected);
  });

  it('treats a missing item as having no attributes', () => {
    expect(check('attribute_not_exists(pk)', 'no item')).toBe(true);
    expect(check('s = :s', 'no item')).toBe(false);
    expect(check('s <> :s', 'no item')).toBe(true);
  });
});
