import { describe, it, expect } from '@jest/globals';
import type { Item } from '@kuhiro/expressions';
import { ItemReplica, type ItemMutation } from '../../src/item/itemReplica.js';
import { N, S, exchange, replicas, update } from './helpers.js';

/** Two replicas start from `initial`, each applies its mutations without seeing the other's, then they sync. */
function concurrently(initial: Item | undefined, atA: ItemMutation[], atB: ItemMutation[], ids: [number, number] = [1, 2]): Item | undefined {
  const origin = ItemReplica.fromState(undefined, 99);
  if (initial !== undefined) origin.apply({ type: 'put', attributes: initial });
  const [a, b] = replicas(origin.encodeState(), ...ids) as [ItemReplica, ItemReplica];
  const updates = [...atA.map((m) => a.apply(m)), ...atB.map((m) => b.apply(m))];
  exchange([a, b], updates);
  expect(a.materialize()).toEqual(b.materialize());
  return a.materialize();
}

describe('concurrent writes at two replicas', () => {
  it('concurrent SETs of one attribute: one winner everywhere, the same whatever the delivery order', () => {
    for (const ids of [[1, 2], [2, 1]] as Array<[number, number]>) {
      const result = concurrently({ a: S('0') }, [update({ kind: 'set', path: ['a'], value: S('A') })], [update({ kind: 'set', path: ['a'], value: S('B') })], ids);
      // Equal Lamport clocks: the higher clientID wins, as Yjs orders concurrent map writes.
      expect(result).toEqual({ a: ids[0] > ids[1] ? S('A') : S('B') });
    }
  });

  it('a write that had seen another overwrites it, whatever the clientIDs', () => {
    const [low, high] = replicas(undefined, 1, 2) as [ItemReplica, ItemReplica];
    low.applyUpdate(high.apply(update({ kind: 'set', path: ['a'], value: S('first') })));
    const second = low.apply(update({ kind: 'set', path: ['a'], value: S('second') }));
    high.applyUpdate(second);
    expect(high.materialize()).toEqual({ a: S('second') });
    expect(low.materialize()).toEqual({ a: S('second') });
  });

  it('increments from everywhere add up, also when the counter did not exist yet', () => {
    expect(
      concurrently(
        undefined,
        [update({ kind: 'increment', path: ['n'], delta: '5', initial: '100' }), update({ kind: 'increment', path: ['n'], delta: '1' })],
        [update({ kind: 'increment', path: ['n'], delta: '-2', initial: '100' })],
      ),
    ).toEqual({ n: N('104') });
    // Different initial values: one creation wins (the higher clientID), every increment counts.
    expect(
      concurrently(undefined, [update({ kind: 'increment', path: ['n'], delta: '1', initial: '10' })], [update({ kind: 'increment', path: ['n'], delta: '1', initial: '20' })]),
    ).toEqual({ n: N('22') });
  });

  it('appends from everywhere survive once each; initial elements appear once', () => {
    const append = (value: string, position: 'end' | 'start'): ItemMutation =>
      update({ kind: 'appendList', path: ['l'], values: [S(value)], position, initial: [S('init')] });
    const result = concurrently(undefined, [append('a1', 'end'), append('a0', 'start')], [append('b1', 'end')]);
    const list = (result!['l'] as { L: Array<{ S: string }> }).L.map((e) => e.S);
    expect([...list].sort()).toEqual(['a0', 'a1', 'b1', 'init']);
    // A's own appends keep their order; the creation that wins supplies the one 'init'.
    expect(list.indexOf('a0')).toBeLessThan(list.indexOf('a1'));
    expect(list.indexOf('init')).toBeLessThan(list.indexOf('b1'));
  });

  it('sets: an add concurrent with a delete of the same member wins', () => {
    expect(
      concurrently(
        { s: { SS: ['x', 'y'] } },
        [update({ kind: 'addToSet', path: ['s'], setType: 'SS', members: ['x'] })],
        [update({ kind: 'deleteFromSet', path: ['s'], setType: 'SS', members: ['x', 'y'] })],
      ),
    ).toEqual({ s: { SS: ['x'] } });
  });

  it('sets: a delete removes only the adds it had seen, even when both replicas added the member', () => {
    // With one Y.Map key per member, B's later delete would hide A's unseen add whenever B's
    // concurrent add sorted last; per-writer tags keep A's add.
    for (const ids of [[1, 2], [2, 1]] as Array<[number, number]>) {
      expect(
        concurrently(
          undefined,
          [update({ kind: 'addToSet', path: ['s'], setType: 'SS', members: ['x'] })],
          [update({ kind: 'addToSet', path: ['s'], setType: 'SS', members: ['x'] }), update({ kind: 'deleteFromSet', path: ['s'], setType: 'SS', members: ['x'] })],
          ids,
        ),
      ).toEqual({ s: { SS: ['x'] } });
    }
  });

  it('DeleteItem concurrent with UpdateItem: the item exists with what the update wrote', () => {
    const initial = { a: S('old'), n: N('10'), l: { L: [S('old')] }, m: { M: { k: S('old') } } };
    const result = concurrently(
      initial,
      [
        update(
          { kind: 'set', path: ['b'], value: S('new') },
          { kind: 'increment', path: ['n'], delta: '1' },
          { kind: 'appendList', path: ['l'], values: [S('new')], position: 'end' },
          { kind: 'set', path: ['m', 'j'], value: S('new') },
        ),
      ],
      [{ type: 'delete' }],
    );
    // The increment re-asserts its counter as the updater saw it, plus its delta.
    expect(result).toEqual({ b: S('new'), n: N('11'), l: { L: [S('new')] }, m: { M: { j: S('new') } } });
  });

  it('DeleteItem concurrent with an update that changed nothing observable still leaves the item', () => {
    expect(concurrently({ a: S('x') }, [update({ kind: 'remove', path: ['a'] })], [{ type: 'delete' }])).toEqual({});
  });

  it('DeleteItem then, later, an update at another replica: the update re-creates the item', () => {
    const [a, b] = replicas(undefined, 1, 2) as [ItemReplica, ItemReplica];
    b.applyUpdate(a.apply({ type: 'put', attributes: { x: S('1') } }));
    a.applyUpdate(b.apply({ type: 'delete' }));
    b.applyUpdate(a.apply(update({ kind: 'set', path: ['y'], value: S('2') })));
    expect(a.materialize()).toEqual({ y: S('2') });
    expect(b.materialize()).toEqual({ y: S('2') });
  });

  it('PutItem concurrent with UpdateItem: attributes the put had not seen survive', () => {
    expect(
      concurrently({ a: S('old'), c: S('old') }, [{ type: 'put', attributes: { a: S('put') } }], [update({ kind: 'set', path: ['b'], value: S('upd') })]),
    ).toEqual({ a: S('put'), b: S('upd') });
  });

  it('REMOVE m concurrent with SET m.k: m is left with k only', () => {
    expect(
      concurrently({ m: { M: { old: S('1') } } }, [update({ kind: 'remove', path: ['m'] })], [update({ kind: 'set', path: ['m', 'k'], value: S('2') })]),
    ).toEqual({ m: { M: { k: S('2') } } });
  });

  it('two whole-map SETs: one map wins, never a union', () => {
    for (const ids of [[1, 2], [2, 1]] as Array<[number, number]>) {
      const result = concurrently(
        { m: { M: { old: S('1') } } },
        [update({ kind: 'set', path: ['m'], value: { M: { a: S('A') } } })],
        [update({ kind: 'set', path: ['m'], value: { M: { b: S('B') } } })],
        ids,
      );
      expect(result).toEqual({ m: ids[0] > ids[1] ? { M: { a: S('A') } } : { M: { b: S('B') } } });
    }
  });

  it('type change: a whole SET of m beats a concurrent SET m.k, whatever the clientIDs', () => {
    for (const ids of [[1, 2], [2, 1]] as Array<[number, number]>) {
      const result = concurrently(
        { m: { M: { old: S('1') } } },
        [update({ kind: 'set', path: ['m'], value: S('scalar') })],
        [update({ kind: 'set', path: ['m', 'k'], value: S('2') })],
        ids,
      );
      expect(result).toEqual({ m: S('scalar') });
    }
  });

  it('a whole SET of a counter concurrent with an increment: the SET wins', () => {
    expect(
      concurrently({ n: N('1') }, [update({ kind: 'set', path: ['n'], value: N('50') })], [update({ kind: 'increment', path: ['n'], delta: '1' })]),
    ).toEqual({ n: N('50') });
  });

  it('REMOVE of a counter then a fresh increment elsewhere does not bring old increments back', () => {
    const [a, b] = replicas(undefined, 1, 2) as [ItemReplica, ItemReplica];
    b.applyUpdate(a.apply(update({ kind: 'increment', path: ['n'], delta: '7' })));
    a.applyUpdate(b.apply(update({ kind: 'remove', path: ['n'] })));
    b.applyUpdate(a.apply(update({ kind: 'increment', path: ['n'], delta: '1' })));
    expect(a.materialize()).toEqual({ n: N('1') });
    expect(b.materialize()).toEqual({ n: N('1') });
  });

  it('concurrent SETs of one list element keep both values (known limitation, README)', () => {
    const result = concurrently(
      { l: { L: [S('0'), S('1')] } },
      [update({ kind: 'set', path: ['l', 1], value: S('A') })],
      [update({ kind: 'set', path: ['l', 1], value: S('B') })],
    );
    const list = (result!['l'] as { L: Array<{ S: string }> }).L.map((e) => e.S);
    expect(list[0]).toBe('0');
    expect(list.slice(1).sort()).toEqual(['A', 'B']);
  });

  it('sets: DELETE of the last member then ADD again, concurrent with an ADD elsewhere, keeps both adds', () => {
    expect(
      concurrently(
        { s: { SS: ['x'] } },
        [update({ kind: 'deleteFromSet', path: ['s'], setType: 'SS', members: ['x'] }), update({ kind: 'addToSet', path: ['s'], setType: 'SS', members: ['x'] })],
        [update({ kind: 'addToSet', path: ['s'], setType: 'SS', members: ['z'] })],
      ),
    ).toEqual({ s: { SS: ['x', 'z'] } });
  });

  it('a write that had seen a removed register wins over a concurrent copy of it (Lamport clock)', () => {
    // A removes s and creates it again; B, concurrently, adds to the old s. Any serial order of
    // these ends with A's new set containing x, with or without z, never without x.
    for (const ids of [[1, 2], [2, 1]] as Array<[number, number]>) {
      const result = concurrently(
        { s: { SS: ['old'] } },
        [update({ kind: 'remove', path: ['s'] }), update({ kind: 'addToSet', path: ['s'], setType: 'SS', members: ['x'] })],
        [update({ kind: 'addToSet', path: ['s'], setType: 'SS', members: ['z'] })],
        ids,
      );
      expect((result!['s'] as { SS: string[] }).SS).toContain('x');
      expect((result!['s'] as { SS: string[] }).SS).not.toContain('old');
    }
  });
});
