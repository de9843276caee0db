import { describe, it, expect } from '@jest/globals';
import { ItemReplica } from '../../src/item/itemReplica.js';
import { N, S, update } from './helpers.js';

describe('encoded state stays small', () => {
  it('a small item hydrates, applies and encodes to a few hundred bytes', () => {
    const r = ItemReplica.fromState(undefined, 1);
    r.apply({ type: 'put', attributes: { name: S('Ada'), age: N('36'), tags: { SS: ['a', 'b'] } } });
    const state = r.encodeState();
    expect(state.length).toBeLessThan(400);
    const copy = ItemReplica.fromState(state, 2);
    copy.apply(update({ kind: 'increment', path: ['age'], delta: '1' }));
    expect(copy.materialize()).toEqual({ name: S('Ada'), age: N('37'), tags: { SS: ['a', 'b'] } });
    expect(copy.encodeState().length).toBeLessThan(500);
  });

  it('10,000 overwrites of one attribute encode to under 1 KB', () => {
    const r = ItemReplica.fromState(undefined, 1);
    for (let i = 0; i < 10_000; i++) r.apply(update({ kind: 'set', path: ['a'], value: S(`value ${i}`) }));
    expect(r.materialize()).toEqual({ a: S('value 9999') });
    expect(r.encodeState().length).toBeLessThan(1024);
  });

  it('10,000 increments from one writer stay small, also when hydrated between writes', () => {
    let state: Uint8Array | undefined;
    for (let batch = 0; batch < 10; batch++) {
      const r = ItemReplica.fromState(state, 1);
      for (let i = 0; i < 1_000; i++) r.apply(update({ kind: 'increment', path: ['n'], delta: '1' }));
      state = r.encodeState();
      r.destroy();
    }
    expect(ItemReplica.fromState(state, 1).materialize()).toEqual({ n: N('10000') });
    expect(state!.length).toBeLessThan(1024);
  });
});
