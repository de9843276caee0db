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
});
