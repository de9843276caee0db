import { describe, expect, it } from '@jest/globals';
import { applyProjection, parseRequestExpressions, type Item } from '../../src/index.js';

const item: Item = {
  pk: { S: 'k' },
  a: { S: 'x' },
  b: { M: { c: { N: '1' }, d: { L: [{ S: 'l0' }, { M: { e: { S: 'deep' }, f: { N: '2' } } }, { S: 'l2' }, { S: 'l3' }] } } },
  l: { L: [{ N: '0' }, { N: '1' }, { N: '2' }, { N: '3' }] },
};

function project(expression: string, names?: Record<string, string>): Item {
  const parsed = parseRequestExpressions({ ProjectionExpression: expression, ...(names ? { ExpressionAttributeNames: names } : {}) });
  return applyProjection(item, parsed.projection!);
}

describe('applyProjection', () => {
  it('keeps only top-level attributes asked for, skipping missing ones', () => {
    expect(project('a, pk, nope')).toEqual({ a: { S: 'x' }, pk: { S: 'k' } });
  });

  it('keeps the enclosing maps of nested paths', () => {
    expect(project('b.c')).toEqual({ b: { M: { c: { N: '1' } } } });
    expect(project('b.d[1].e, b.c')).toEqual({ b: { M: { d: { L: [{ M: { e: { S: 'deep' } } }] }, c: { N: '1' } } } });
  });

  it('gathers projected list elements in index order, closing gaps', () => {
    expect(project('l[3], l[1]')).toEqual({ l: { L: [{ N: '1' }, { N: '3' }] } });
    expect(project('l[9]')).toEqual({});
  });

  it('merges several paths into one list element', () => {
    expect(project('b.d[1].e, b.d[1].f')).toEqual({ b: { M: { d: { L: [{ M: { e: { S: 'deep' }, f: { N: '2' } } }] } } } });
  });

  it('does not share structure with the item', () => {
    const result = project('b');
    (result.b as { M: Record<string, unknown> }).M.c = { N: '99' };
    expect(item.b).toEqual(expect.objectContaining({ M: expect.objectContaining({ c: { N: '1' } }) }));
  });

  it('resolves names from ExpressionAttributeNames, including reserved words', () => {
    expect(project('#s', { '#s': 'a' })).toEqual({ a: { S: 'x' } });
  });
});
