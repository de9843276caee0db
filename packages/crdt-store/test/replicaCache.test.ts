import { describe, expect, it } from '@jest/globals';
import { ReplicaCache } from '../src/replicaCache.js';

describe('ReplicaCache', () => {
  it('evicts the least recently used past capacity', () => {
    const evicted: string[] = [];
    const cache = new ReplicaCache<string>(2, (id) => evicted.push(id));
    cache.put('a', 'A');
    cache.put('b', 'B');
    cache.put('a', cache.take('a')!); // a is now the most recent
    cache.put('c', 'C');
    expect(evicted).toEqual(['b']);
    expect(cache.size).toBe(2);
  });

  it('hands out a value once through take, without evicting it', () => {
    const evicted: string[] = [];
    const cache = new ReplicaCache<string>(2, (id) => evicted.push(id));
    cache.put('a', 'A');
    expect(cache.take('a')).toBe('A');
    expect(cache.take('a')).toBeUndefined();
    expect(evicted).toEqual([]);
  });

  it('lists its values without evicting them', () => {
    const evicted: string[] = [];
    const cache = new ReplicaCache<string>(3, (id) => evicted.push(id));
    cache.put('a', 'A');
    cache.put('b', 'B');
    expect([...cache.values()]).toEqual(['A', 'B']);
    expect(cache.size).toBe(2);
    expect(evicted).toEqual([]);
  });

  it('evicts by predicate and on clear', () => {
    const evicted: string[] = [];
    const cache = new ReplicaCache<string>(10, (id) => evicted.push(id));
    for (const id of ['t1/a', 't2/a', 't1/b']) cache.put(id, id);
    cache.evictWhere((id) => id.startsWith('t1/'));
    expect(evicted).toEqual(['t1/a', 't1/b']);
    cache.clear();
    expect(evicted).toEqual(['t1/a', 't1/b', 't2/a']);
  });
});
