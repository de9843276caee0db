import { describe, expect, it } from '@jest/globals';
import { SortedView } from '../../src/table/sortedView.js';

function viewOf(keys: string[]): SortedView<string> {
  const view = new SortedView<string>();
  for (const key of keys) view.set(key, key.toUpperCase());
  return view;
}
const keysOf = (entries: Iterable<[string, string]>) => [...entries].map(([key]) => key);

describe('SortedView', () => {
  const view = viewOf(['d', 'a', 'c', 'b', 'e']);

  it('walks a range ascending: from inclusive (or exclusive with afterFrom), to exclusive', () => {
    expect(keysOf(view.ascending({ from: 'b', to: 'e' }))).toEqual(['b', 'c', 'd']);
    expect(keysOf(view.ascending({ from: 'b', afterFrom: true, to: 'e' }))).toEqual(['c', 'd']);
    expect(keysOf(view.ascending({ from: 'bb', to: '\u0100' }))).toEqual(['c', 'd', 'e']);
  });

  it('walks a range descending from just below `to`', () => {
    expect(keysOf(view.descending({ from: 'b', to: 'e' }))).toEqual(['d', 'c', 'b']);
    expect(keysOf(view.descending({ from: 'b', afterFrom: true, to: 'e' }))).toEqual(['d', 'c']);
  });

  it('continues correctly when entries are added and removed during a walk', () => {
    const live = viewOf(['a', 'b', 'c', 'd']);
    const seen: string[] = [];
    for (const [key] of live.ascending({ from: '', to: '\u0100' })) {
      seen.push(key);
      if (key === 'a') {
        live.delete('b');
        live.set('bb', 'BB');
        live.set('0', 'behind the walk');
      }
    }
    expect(seen).toEqual(['a', 'bb', 'c', 'd']);
  });

  it('walks long ranges (several batches) exactly, from any start, and sees changes made mid-batch', () => {
    const keys = Array.from({ length: 1_000 }, (_, i) => `k${String(i).padStart(4, '0')}`);
    const long = viewOf([...keys].reverse());
    expect(keysOf(long.ascending({ from: '', to: '\u0100' }))).toEqual(keys);
    expect(keysOf(long.ascending({ from: 'k0300', afterFrom: true, to: 'k0700' }))).toEqual(keys.slice(301, 700));
    const seen: string[] = [];
    for (const [key, value] of long.ascending({ from: '', to: '\u0100' })) {
      seen.push(`${key}=${value}`);
      if (key === 'k0005') {
        long.delete('k0006'); // inside the current batch
        long.set('k0007', 'changed'); // a new value for a key ahead in the batch
        long.set('k0005x', 'NEW'); // a new key just ahead
      }
    }
    const expected = keys.filter((key) => key !== 'k0006').map((key) => `${key}=${key === 'k0007' ? 'changed' : key.toUpperCase()}`);
    expected.splice(6, 0, 'k0005x=NEW');
    expect(seen).toEqual(expected);
  });
});
