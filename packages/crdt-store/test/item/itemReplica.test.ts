import { describe, it, expect } from '@jest/globals';
import * as Y from 'yjs';
import { ItemReplica } from '../../src/item/itemReplica.js';
import { N, S, update } from './helpers.js';

const fresh = (clientId = 1): ItemReplica => ItemReplica.fromState(undefined, clientId);

describe('ItemReplica (one replica)', () => {
  it('a fresh item does not exist, and put creates it', () => {
    const r = fresh();
    expect(r.materialize()).toBeUndefined();
    const u = r.apply({ type: 'put', attributes: { a: S('x'), n: N('5'), b: { B: 'AQI=' }, t: { BOOL: true }, z: { NULL: true } } });
    expect(u.length).toBeGreaterThan(0);
    expect(r.materialize()).toEqual({ a: S('x'), n: N('5'), b: { B: 'AQI=' }, t: { BOOL: true }, z: { NULL: true } });
  });

  it('put of an empty item creates an item with no non-key attributes', () => {
    const r = fresh();
    r.apply({ type: 'put', attributes: {} });
    expect(r.materialize()).toEqual({});
  });

  it('put replaces the whole item and an unchanged put yields an empty update', () => {
    const r = fresh();
    r.apply({ type: 'put', attributes: { a: S('x'), b: S('y'), m: { M: { k: N('1') } } } });
    expect(r.apply({ type: 'put', attributes: { a: S('x'), b: S('y'), m: { M: { k: N('1') } } } }).length).toBe(0);
    r.apply({ type: 'put', attributes: { a: S('x2'), c: { L: [S('e')] } } });
    expect(r.materialize()).toEqual({ a: S('x2'), c: { L: [S('e')] } });
  });

  it('materialize returns fresh objects each call', () => {
    const r = fresh();
    const input = { m: { M: { k: { L: [S('e')] } } } };
    r.apply({ type: 'put', attributes: input });
    (input.m.M.k.L as unknown[]).push(S('mutated input'));
    const first = r.materialize()!;
    (first['m'] as { M: Record<string, { L: unknown[] }> }).M['k']!.L.push(S('mutated output'));
    expect(r.materialize()).toEqual({ m: { M: { k: { L: [S('e')] } } } });
  });

  it('delete removes the item; an update afterwards re-creates it (upsert)', () => {
    const r = fresh();
    r.apply({ type: 'put', attributes: { a: S('x'), l: { L: [S('1')] } } });
    expect(r.apply({ type: 'delete' }).length).toBeGreaterThan(0);
    expect(r.materialize()).toBeUndefined();
    expect(r.apply({ type: 'delete' }).length).toBe(0);
    r.apply(update({ kind: 'set', path: ['b'], value: S('y') }));
    expect(r.materialize()).toEqual({ b: S('y') });
  });

  it('an update that only removes still creates an absent item, as DynamoDB does', () => {
    const r = fresh();
    r.apply(update({ kind: 'remove', path: ['nothing'] }));
    expect(r.materialize()).toEqual({});
  });

  it('set and remove of top-level and nested attributes', () => {
    const r = fresh();
    r.apply(update({ kind: 'set', path: ['m'], value: { M: { a: S('1'), inner: { M: { b: S('2') } } } } }));
    r.apply(update({ kind: 'set', path: ['m', 'inner', 'c'], value: S('3') }, { kind: 'remove', path: ['m', 'a'] }));
    expect(r.materialize()).toEqual({ m: { M: { inner: { M: { b: S('2'), c: S('3') } } } } });
    r.apply(update({ kind: 'set', path: ['m'], value: { M: { fresh: S('new') } } }));
    expect(r.materialize()).toEqual({ m: { M: { fresh: S('new') } } });
    r.apply(update({ kind: 'remove', path: ['m'] }));
    expect(r.materialize()).toEqual({});
  });

  it('a set of an unchanged value yields an empty update', () => {
    const r = fresh();
    r.apply(update({ kind: 'set', path: ['a'], value: { SS: ['x', 'y'] } }));
    expect(r.apply(update({ kind: 'set', path: ['a'], value: { SS: ['y', 'x'] } })).length).toBe(0);
    expect(r.apply(update({ kind: 'remove', path: ['absent'] })).length).toBe(0);
  });

  it('a bad path throws and changes nothing', () => {
    const r = fresh();
    r.apply({ type: 'put', attributes: { a: S('x') } });
    const before = r.encodeState();
    expect(() => r.apply(update({ kind: 'set', path: ['b'], value: S('1') }, { kind: 'set', path: ['a', 'k'], value: S('1') }))).toThrow(
      /does not exist/,
    );
    expect(() => r.apply(update({ kind: 'increment', path: ['a'], delta: '1' }))).toThrow(/holds V/);
    expect(r.encodeState()).toEqual(before);
    expect(r.materialize()).toEqual({ a: S('x') });
  });

  it('attribute names with separator and escape characters round-trip', () => {
    const r = fresh();
    const names = ['', '#', '%', '%23', 'a#0\u0003b', '\u0000\u0001\u0002\u0004\u0005', 'ключ', '😀', 'i'];
    const attributes = Object.fromEntries(names.filter((n) => n !== '').map((n) => [n, { M: Object.fromEntries(names.map((k) => [k, S(k)])) }]));
    r.apply({ type: 'put', attributes });
    expect(r.materialize()).toEqual(attributes);
    r.apply(update({ kind: 'addToSet', path: ['#', 'set\u0001'], setType: 'SS', members: ['\u0001x#', ''] }));
    expect(r.materialize()!['#']).toEqual({ M: { ...attributes['#']!.M, 'set\u0001': { SS: ['', '\u0001x#'] } } });
  });
});

describe('numbers', () => {
  it('increment creates from initial, adds exactly to 38 digits, and set replaces the counter', () => {
    const r = fresh();
    r.apply(update({ kind: 'increment', path: ['n'], delta: '1', initial: '10' }));
    expect(r.materialize()).toEqual({ n: N('11') });
    r.apply(update({ kind: 'increment', path: ['n'], delta: '0.00000000000000000000000000000000001' }));
    r.apply(update({ kind: 'increment', path: ['n'], delta: '-11' }));
    expect(r.materialize()).toEqual({ n: N('0.00000000000000000000000000000000001') });
    r.apply(update({ kind: 'set', path: ['n'], value: N('99999999999999999999999999999999999998') }));
    r.apply(update({ kind: 'increment', path: ['n'], delta: '1' }));
    expect(r.materialize()).toEqual({ n: N('99999999999999999999999999999999999999') });
  });

  it('increment by zero of an existing number changes nothing', () => {
    const r = fresh();
    r.apply(update({ kind: 'increment', path: ['n'], delta: '0' }));
    expect(r.materialize()).toEqual({ n: N('0') });
    expect(r.apply(update({ kind: 'increment', path: ['n'], delta: '0' })).length).toBe(0);
  });

  it('merging actions on a list element overwrite the element', () => {
    const r = fresh();
    r.apply({ type: 'put', attributes: { l: { L: [{ SS: ['a', 'b'] }, { SS: ['c'] }, { L: [] }] } } });
    r.apply(
      update(
        { kind: 'addToSet', path: ['l', 0], setType: 'SS', members: ['z'] },
        { kind: 'deleteFromSet', path: ['l', 1], setType: 'SS', members: ['c'] },
        { kind: 'appendList', path: ['l', 2], values: [S('e')], position: 'end' },
      ),
    );
    expect(r.materialize()).toEqual({ l: { L: [{ SS: ['a', 'b', 'z'] }, { L: [S('e')] }] } });
  });

  it('increment inside a map and inside a list element', () => {
    const r = fresh();
    r.apply({ type: 'put', attributes: { m: { M: {} }, l: { L: [N('1'), N('2')] } } });
    r.apply(update({ kind: 'increment', path: ['m', 'n'], delta: '2' }, { kind: 'increment', path: ['l', 1], delta: '5' }));
    expect(r.materialize()).toEqual({ m: { M: { n: N('2') } }, l: { L: [N('1'), N('7')] } });
  });
});

describe('sets', () => {
  it('add creates, delete removes members, an emptied set disappears', () => {
    const r = fresh();
    r.apply(update({ kind: 'addToSet', path: ['s'], setType: 'NS', members: ['3', '1'] }));
    r.apply(update({ kind: 'addToSet', path: ['s'], setType: 'NS', members: ['2'] }));
    expect(r.materialize()).toEqual({ s: { NS: ['1', '2', '3'] } });
    r.apply(update({ kind: 'deleteFromSet', path: ['s'], setType: 'NS', members: ['1', '9'] }));
    expect(r.materialize()).toEqual({ s: { NS: ['2', '3'] } });
    r.apply(update({ kind: 'deleteFromSet', path: ['s'], setType: 'NS', members: ['2', '3'] }));
    expect(r.materialize()).toEqual({});
    r.apply(update({ kind: 'addToSet', path: ['s'], setType: 'NS', members: ['4'] }));
    expect(r.materialize()).toEqual({ s: { NS: ['4'] } });
  });

  it('set of a whole set replaces its members', () => {
    const r = fresh();
    r.apply(update({ kind: 'set', path: ['s'], value: { BS: ['AQ==', 'Ag=='] } }));
    r.apply(update({ kind: 'set', path: ['s'], value: { BS: ['Aw=='] } }));
    expect(r.materialize()).toEqual({ s: { BS: ['Aw=='] } });
  });
});

describe('lists', () => {
  it('append at end and start, create from initial, set and remove elements', () => {
    const r = fresh();
    r.apply(update({ kind: 'appendList', path: ['l'], values: [S('b')], position: 'end', initial: [S('a')] }));
    r.apply(update({ kind: 'appendList', path: ['l'], values: [S('z')], position: 'start' }));
    expect(r.materialize()).toEqual({ l: { L: [S('z'), S('a'), S('b')] } });
    r.apply(update({ kind: 'set', path: ['l', 1], value: S('A') }));
    expect(r.materialize()).toEqual({ l: { L: [S('z'), S('A'), S('b')] } });
    r.apply(update({ kind: 'remove', path: ['l', 0] }, { kind: 'remove', path: ['l', 2] }));
    expect(r.materialize()).toEqual({ l: { L: [S('A')] } });
    r.apply(update({ kind: 'remove', path: ['l', 7] }));
    expect(r.materialize()).toEqual({ l: { L: [S('A')] } });
  });

  it('a list inside a map, replaced as a whole', () => {
    const r = fresh();
    r.apply({ type: 'put', attributes: { m: { M: { l: { L: [S('1'), { M: { deep: N('2') } }] } } } } });
    r.apply(update({ kind: 'appendList', path: ['m', 'l'], values: [S('3')], position: 'end' }));
    expect(r.materialize()).toEqual({ m: { M: { l: { L: [S('1'), { M: { deep: N('2') } }, S('3')] } } } });
    r.apply(update({ kind: 'set', path: ['m', 'l'], value: { L: [] } }));
    expect(r.materialize()).toEqual({ m: { M: { l: { L: [] } } } });
  });
});

describe('state', () => {
  it('hydrates from encodeState with the same content and the same state vector', () => {
    const r = fresh(7);
    r.apply({ type: 'put', attributes: { a: S('x'), s: { SS: ['1'] }, l: { L: [N('1')] }, m: { M: { n: N('3') } } } });
    r.apply(update({ kind: 'increment', path: ['m', 'n'], delta: '4' }));
    const copy = ItemReplica.fromState(r.encodeState(), 8);
    expect(copy.materialize()).toEqual(r.materialize());
    expect(copy.stateVector()).toEqual(r.stateVector());
  });

  it('a replica that hydrated its own state keeps writing after its own clock', () => {
    const a = fresh(7);
    a.apply(update({ kind: 'increment', path: ['n'], delta: '1' }));
    a.destroy();
    const again = ItemReplica.fromState(a.encodeState(), 7);
    const u = again.apply(update({ kind: 'increment', path: ['n'], delta: '1' }));
    expect(u.length).toBeGreaterThan(0);
    expect(again.materialize()).toEqual({ n: N('2') });
    // Both writes were made as clientID 7 (Yjs would otherwise have picked a random one).
    expect([...Y.decodeStateVector(again.stateVector()).keys()]).toEqual([7]);
  });

  it('replaying the node\'s own log over an older snapshot keeps its clientID', () => {
    const live = fresh(7);
    live.apply(update({ kind: 'increment', path: ['n'], delta: '1' }));
    const snapshot = live.encodeState();
    const logged = live.apply(update({ kind: 'increment', path: ['n'], delta: '10' }));
    live.destroy();
    const restarted = ItemReplica.fromState(snapshot, 7);
    restarted.applyUpdate(logged);
    restarted.apply(update({ kind: 'increment', path: ['n'], delta: '100' }));
    expect(restarted.materialize()).toEqual({ n: N('111') });
    expect([...Y.decodeStateVector(restarted.stateVector()).keys()]).toEqual([7]);
  });
});
