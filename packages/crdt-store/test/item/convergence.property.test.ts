import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import * as Y from 'yjs';
import type { AttributeValue, Item, ResolvedAction } from '@kuhiro/expressions';
import { ItemReplica } from '../../src/item/itemReplica.js';
import { SimulatedNetwork } from './simulatedNetwork.js';

// Fixed seed: a failure prints it with the shrunk counterexample; override with FC_SEED to explore.
const SEED = Number(process.env['FC_SEED'] ?? 20261123);
const RUNS = 150;
const MIXED_RUNS = 250;

/** Network steps: a local op at a replica, or the delivery of one queued update (maybe duplicated). */
type Step<Op> = { kind: 'local'; at: number; op: Op } | { kind: 'deliver'; pick: number; duplicate: boolean };

function steps<Op>(op: fc.Arbitrary<Op>, replicas: number): fc.Arbitrary<Array<Step<Op>>> {
  const local = fc.record({ kind: fc.constant('local' as const), at: fc.nat(replicas - 1), op });
  const deliver = fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(), duplicate: fc.boolean() });
  return fc.array(fc.oneof(local, deliver), { minLength: 1, maxLength: 30 });
}

/** 2 or 3 replicas with distinct clientIDs in a random order (the clientID order decides ties). */
const clientIds = fc.oneof(fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 31 }), { minLength: 2, maxLength: 3 }));

function run<Op, Tag>(
  ids: number[],
  plan: Array<Step<Op>>,
  flushPicks: number[],
  perform: (network: SimulatedNetwork<Tag>, at: number, op: Op, sequence: number) => void,
  initial?: Item,
): SimulatedNetwork<Tag> {
  let state: Uint8Array | undefined;
  if (initial !== undefined) {
    const origin = ItemReplica.fromState(undefined, 7);
    origin.apply({ type: 'put', attributes: initial });
    state = origin.encodeState();
  }
  const network = new SimulatedNetwork<Tag>(ids, state);
  plan.forEach((step, sequence) => {
    if (step.kind === 'local') perform(network, step.at % ids.length, step.op, sequence);
    else network.deliver(step.pick, step.duplicate);
  });
  network.flush(flushPicks);
  return network;
}

/** Every replica materializes the same item, and its encoded state hydrates to that item. */
function expectConverged<T>(network: SimulatedNetwork<T>): Item | undefined {
  const items = network.materialized();
  for (const item of items) expect(item).toEqual(items[0]);
  const vectors = network.replicas.map((r) => [...ItemReplicaVector(r)].sort((a, b) => a[0] - b[0]));
  for (const vector of vectors) expect(vector).toEqual(vectors[0]);
  const encoded = network.replicas.map((r) => Buffer.from(r.encodeState()).toString('base64'));
  for (const state of encoded) expect(state).toEqual(encoded[0]);
  for (const replica of network.replicas) {
    const copy = ItemReplica.fromState(replica.encodeState(), 424242);
    expect(copy.materialize()).toEqual(items[0]);
    copy.destroy();
  }
  return items[0];
}

function ItemReplicaVector(r: ItemReplica): Map<number, number> {
  return Y.decodeStateVector(r.stateVector());
}

const update = (...actions: ResolvedAction[]) => ({ type: 'update' as const, actions });

describe('replicas converge and keep the semantics rows (property tests)', () => {
  it('counter: the value is the initial value plus every increment made anywhere', () => {
    const op = fc.record({ delta: fc.integer({ min: -5, max: 9 }), fraction: fc.boolean(), noise: fc.boolean() });
    fc.assert(
      fc.property(clientIds, steps(op, 3), fc.array(fc.nat()), fc.boolean(), (ids, plan, picks, nested) => {
        // The counter is a top-level attribute, or a key of a map (the rows hold per map key).
        const path = nested ? ['m', 'n'] : ['n'];
        let expected = 100;
        const network = run<typeof op extends fc.Arbitrary<infer O> ? O : never, null>(ids, plan, picks, (net, at, o, seq) => {
          // Hundredths keep the sum exact in JS numbers for the expectation.
          const delta = o.fraction ? o.delta / 100 : o.delta;
          expected += delta;
          const actions: ResolvedAction[] = [{ kind: 'increment', path, delta: String(delta), initial: '100' }];
          if (o.noise) actions.push({ kind: 'set', path: ['other'], value: { S: `r${at}-${seq}` } });
          net.local(at, update(...actions), null);
        }, nested ? { m: { M: {} } } : undefined);
        const item = expectConverged(network);
        const hasOps = plan.some((s) => s.kind === 'local');
        const counter = nested ? (item?.['m'] as { M: Item } | undefined)?.M['n'] : item?.['n'];
        if (hasOps) expect(Number((counter as { N: string }).N)).toBeCloseTo(Math.round(expected * 100) / 100, 9);
        else expect(counter).toBeUndefined();
        network.destroy();
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('list append: every appended element is present exactly once, in one order everywhere', () => {
    const op = fc.record({ position: fc.constantFrom('end' as const, 'start' as const), count: fc.integer({ min: 1, max: 2 }) });
    fc.assert(
      fc.property(clientIds, steps(op, 3), fc.array(fc.nat()), fc.boolean(), (ids, plan, picks, nested) => {
        const path = nested ? ['m', 'l'] : ['l'];
        const appended: Array<{ at: number; position: 'end' | 'start'; values: string[] }> = [];
        const network = run<{ position: 'end' | 'start'; count: number }, null>(ids, plan, picks, (net, at, o, seq) => {
          const values = Array.from({ length: o.count }, (_, i) => `r${at}-${seq}-${i}`);
          appended.push({ at, position: o.position, values });
          net.local(at, update({ kind: 'appendList', path, values: values.map((S) => ({ S })), position: o.position, initial: [{ S: 'init' }] }), null);
        }, nested ? { m: { M: {} } } : undefined);
        const item = expectConverged(network);
        if (appended.length === 0) return;
        const container = nested ? (item!['m'] as { M: Item }).M : item!;
        const list = (container['l'] as { L: Array<{ S: string }> }).L.map((e) => e.S);
        const expected = ['init', ...appended.flatMap((a) => a.values)].sort();
        expect([...list].sort()).toEqual(expected);
        // Each replica's own appends keep its intent: 'end' ones in issue order, 'start' ones reversed.
        for (let at = 0; at < ids.length; at++) {
          const ends = appended.filter((a) => a.at === at && a.position === 'end').flatMap((a) => a.values);
          // Each 'start' append goes before everything its replica had, its own earlier ones too.
          const starts = appended.filter((a) => a.at === at && a.position === 'start').reverse().flatMap((a) => a.values);
          expect(list.filter((v) => ends.includes(v))).toEqual(ends);
          expect(list.filter((v) => starts.includes(v))).toEqual(starts);
        }
        network.destroy();
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('sets: a member is present iff some add of it was not observed by any delete of it (add wins)', () => {
    type SetOp = { add: boolean; members: string[] };
    const op = fc.record({ add: fc.boolean(), members: fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), { minLength: 1, maxLength: 3 }) });
    fc.assert(
      fc.property(clientIds, steps(op, 3), fc.array(fc.nat()), fc.boolean(), (ids, plan, picks, startWithSet) => {
        const network = run<SetOp, SetOp>(
          ids,
          plan,
          picks,
          (net, at, o) => {
            const action: ResolvedAction = o.add
              ? { kind: 'addToSet', path: ['s'], setType: 'SS', members: o.members }
              : { kind: 'deleteFromSet', path: ['s'], setType: 'SS', members: o.members };
            net.local(at, update(action), o);
          },
          startWithSet ? { s: { SS: ['x'] } } : undefined,
        );
        const item = expectConverged(network);
        const ops = network.ops;
        const expected = ['x', 'y', 'z'].filter((member) => {
          const adds = ops.filter((o) => o.tag.add && o.tag.members.includes(member));
          const deletes = ops.filter((o) => !o.tag.add && o.tag.members.includes(member));
          const initiallyPresent = startWithSet && member === 'x' && deletes.length === 0;
          return initiallyPresent || adds.some((a) => !deletes.some((d) => SimulatedNetwork.observed(d, a)));
        });
        const actual = item?.['s'] === undefined ? [] : (item['s'] as { SS: string[] }).SS;
        expect(actual).toEqual(expected);
        network.destroy();
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('concurrent SETs of one attribute: every replica ends with one written value, never an overwritten one', () => {
    fc.assert(
      fc.property(clientIds, steps(fc.constant(null), 3), fc.array(fc.nat()), (ids, plan, picks) => {
        const network = run<null, string>(ids, plan, picks, (net, at, _o, seq) => {
          const value = `r${at}-${seq}`;
          net.local(at, update({ kind: 'set', path: ['a'], value: { S: value } }), value);
        });
        const item = expectConverged(network);
        if (network.ops.length === 0) return;
        const winner = network.ops.find((o) => o.tag === (item!['a'] as { S: string }).S);
        expect(winner).toBeDefined();
        // The winner was not overwritten by a write that had seen it.
        expect(network.ops.some((o) => SimulatedNetwork.observed(o, winner!))).toBe(false);
        network.destroy();
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

// ---- the item rule: DeleteItem, PutItem and REMOVE take away what their writer had seen ----

type ItemRuleOp = { kind: 'set' | 'remove'; attribute: 'x' | 'y' } | { kind: 'put'; attributes: Array<'x' | 'y'> } | { kind: 'delete' };
/** What one op did, for the model: the values it wrote and whether it wrote an existence tag. */
type ItemRuleTag = { op: ItemRuleOp; wrote: Partial<Record<'x' | 'y', string>>; existenceTag: boolean };

describe('item rule (property test)', () => {
  it('an attribute shows a write that no later remover had seen; the item exists while such a write survives', () => {
    const attribute = fc.constantFrom('x' as const, 'y' as const);
    const op: fc.Arbitrary<ItemRuleOp> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), attribute }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), attribute }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('put' as const), attributes: fc.subarray(['x' as const, 'y' as const]) }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
    );
    fc.assert(
      fc.property(clientIds, steps(op, 3), fc.array(fc.nat()), (ids, plan, picks) => {
        const network = run<ItemRuleOp, ItemRuleTag>(ids, plan, picks, (net, at, o, seq) => {
          const before = net.replicas[at]!.materialize();
          const value = (name: string) => `r${at}-${seq}-${name}`;
          if (o.kind === 'set') {
            net.local(at, update({ kind: 'set', path: [o.attribute], value: { S: value(o.attribute) } }), { op: o, wrote: { [o.attribute]: value(o.attribute) }, existenceTag: false });
          } else if (o.kind === 'remove') {
            // Documented rule: a write that changed something, or hit an absent item, and wrote
            // no top-level attribute, leaves an existence tag.
            const existenceTag = before === undefined || before[o.attribute] !== undefined;
            net.local(at, update({ kind: 'remove', path: [o.attribute] }), { op: o, wrote: {}, existenceTag });
          } else if (o.kind === 'put') {
            const attributes = Object.fromEntries(o.attributes.map((name) => [name, { S: value(name) }]));
            const existenceTag = o.attributes.length === 0 && (before === undefined || Object.keys(before).length > 0);
            net.local(at, { type: 'put', attributes }, { op: o, wrote: Object.fromEntries(o.attributes.map((n) => [n, value(n)])), existenceTag });
          } else {
            net.local(at, { type: 'delete' }, { op: o, wrote: {}, existenceTag: false });
          }
        });
        const item = expectConverged(network);
        const ops = network.ops;
        // Ops that take attribute `name` away when they had seen a write of it.
        const removes = (remover: ItemRuleOp, name: 'x' | 'y'): boolean =>
          remover.kind === 'delete' || remover.kind === 'put' || remover.attribute === name;
        let anySurvivor = false;
        for (const name of ['x', 'y'] as const) {
          const survivors = ops.filter(
            (w) => w.tag.wrote[name] !== undefined && !ops.some((o) => o !== w && removes(o.tag.op, name) && SimulatedNetwork.observed(o, w)),
          );
          const shown = (item?.[name] as { S: string } | undefined)?.S;
          if (survivors.length === 0) expect(shown).toBeUndefined();
          else expect(survivors.map((w) => w.tag.wrote[name])).toContain(shown);
          anySurvivor ||= survivors.length > 0;
        }
        const survivingTag = ops.some((t) => t.tag.existenceTag && !ops.some((o) => o.tag.op.kind === 'delete' && SimulatedNetwork.observed(o, t)));
        expect(item !== undefined).toBe(anySurvivor || survivingTag);
        network.destroy();
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

// ---- every kind of mutation mixed: convergence only ----

type Intent =
  | { kind: 'setA' }
  | { kind: 'removeA' }
  | { kind: 'incN'; delta: number }
  | { kind: 'setN'; value: number }
  | { kind: 'removeN' }
  | { kind: 'addS'; members: string[] }
  | { kind: 'delS'; members: string[] }
  | { kind: 'appendL'; position: 'end' | 'start' }
  | { kind: 'setLElement'; index: number }
  | { kind: 'removeLElement'; index: number }
  | { kind: 'setL' }
  | { kind: 'setM' }
  | { kind: 'setMKey'; key: string }
  | { kind: 'removeMKey'; key: string }
  | { kind: 'incMKey' }
  | { kind: 'removeM' };

type MixedOp = { kind: 'update'; intents: Intent[] } | { kind: 'put'; attributes: string[] } | { kind: 'delete' };

const members = fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), { minLength: 1, maxLength: 2 });
const intent: fc.Arbitrary<Intent> = fc.oneof(
  fc.constant({ kind: 'setA' as const }),
  fc.constant({ kind: 'removeA' as const }),
  fc.record({ kind: fc.constant('incN' as const), delta: fc.integer({ min: -3, max: 5 }) }),
  fc.record({ kind: fc.constant('setN' as const), value: fc.integer({ min: 0, max: 50 }) }),
  fc.constant({ kind: 'removeN' as const }),
  fc.record({ kind: fc.constant('addS' as const), members }),
  fc.record({ kind: fc.constant('delS' as const), members }),
  fc.record({ kind: fc.constant('appendL' as const), position: fc.constantFrom('end' as const, 'start' as const) }),
  fc.record({ kind: fc.constant('setLElement' as const), index: fc.nat(3) }),
  fc.record({ kind: fc.constant('removeLElement' as const), index: fc.nat(3) }),
  fc.constant({ kind: 'setL' as const }),
  fc.constant({ kind: 'setM' as const }),
  fc.record({ kind: fc.constant('setMKey' as const), key: fc.constantFrom('x', 'y') }),
  fc.record({ kind: fc.constant('removeMKey' as const), key: fc.constantFrom('x', 'y') }),
  fc.constant({ kind: 'incMKey' as const }),
  fc.constant({ kind: 'removeM' as const }),
);
const mixedOp: fc.Arbitrary<MixedOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('update' as const), intents: fc.array(intent, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('put' as const), attributes: fc.subarray(['a', 'n', 's', 'l', 'm']) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
);

/** Turns intents into valid, non-overlapping actions against the replica's current item. */
function resolveIntents(intents: Intent[], item: Item | undefined, unique: () => string): ResolvedAction[] {
  const used = new Set<string>();
  const actions: ResolvedAction[] = [];
  const list = (item?.['l'] as { L: AttributeValue[] } | undefined)?.L;
  const map = item?.['m'] as { M: Item } | undefined;
  for (const i of intents) {
    const attribute = i.kind.endsWith('A') ? 'a' : i.kind.endsWith('N') ? 'n' : i.kind.endsWith('S') ? 's' : i.kind.includes('L') ? 'l' : 'm';
    if (used.has(attribute)) continue;
    used.add(attribute);
    switch (i.kind) {
      case 'setA': actions.push({ kind: 'set', path: ['a'], value: { S: unique() } }); break;
      case 'removeA': actions.push({ kind: 'remove', path: ['a'] }); break;
      case 'incN': actions.push({ kind: 'increment', path: ['n'], delta: String(i.delta), initial: '10' }); break;
      case 'setN': actions.push({ kind: 'set', path: ['n'], value: { N: String(i.value) } }); break;
      case 'removeN': actions.push({ kind: 'remove', path: ['n'] }); break;
      case 'addS': actions.push({ kind: 'addToSet', path: ['s'], setType: 'SS', members: i.members }); break;
      case 'delS': actions.push({ kind: 'deleteFromSet', path: ['s'], setType: 'SS', members: i.members }); break;
      case 'appendL': actions.push({ kind: 'appendList', path: ['l'], values: [{ S: unique() }], position: i.position, initial: [{ S: 'init' }] }); break;
      case 'setLElement':
        if (list !== undefined && i.index < list.length) actions.push({ kind: 'set', path: ['l', i.index], value: { S: unique() } });
        break;
      case 'removeLElement':
        if (list !== undefined) actions.push({ kind: 'remove', path: ['l', i.index] });
        break;
      case 'setL': actions.push({ kind: 'set', path: ['l'], value: { L: [{ S: unique() }, { M: { k: { S: unique() } } }] } }); break;
      case 'setM': actions.push({ kind: 'set', path: ['m'], value: { M: { x: { S: unique() }, c: { N: '1' } } } }); break;
      case 'setMKey':
        actions.push(map === undefined ? { kind: 'set', path: ['m'], value: { M: { [i.key]: { S: unique() } } } } : { kind: 'set', path: ['m', i.key], value: { S: unique() } });
        break;
      case 'removeMKey':
        if (map !== undefined) actions.push({ kind: 'remove', path: ['m', i.key] });
        break;
      case 'incMKey':
        if (map !== undefined) actions.push({ kind: 'increment', path: ['m', 'c'], delta: '1' });
        break;
      case 'removeM': actions.push({ kind: 'remove', path: ['m'] }); break;
    }
  }
  return actions;
}

function putAttributes(names: string[], unique: () => string): Item {
  const values: Record<string, AttributeValue> = {
    a: { S: unique() },
    n: { N: '7' },
    s: { SS: ['x', unique()] },
    l: { L: [{ S: unique() }] },
    m: { M: { y: { S: unique() } } },
  };
  return Object.fromEntries(names.map((name) => [name, values[name]!]));
}

describe('every kind of mutation, mixed (property test)', () => {
  it('all replicas converge to the same item and the same encoded content', () => {
    fc.assert(
      fc.property(clientIds, steps(mixedOp, 3), fc.array(fc.nat()), fc.boolean(), (ids, plan, picks, startFull) => {
        const initial = startFull
          ? { a: { S: 'a0' }, n: { N: '1' }, s: { SS: ['x'] }, l: { L: [{ S: 'l0' }, { S: 'l1' }] }, m: { M: { x: { S: 'm0' } } } }
          : undefined;
        const network = run<MixedOp, null>(
          ids,
          plan,
          picks,
          (net, at, op, seq) => {
            let counter = 0;
            const unique = () => `r${at}-${seq}-${counter++}`;
            const replica = net.replicas[at]!;
            if (op.kind === 'delete') net.local(at, { type: 'delete' }, null);
            else if (op.kind === 'put') net.local(at, { type: 'put', attributes: putAttributes(op.attributes, unique) }, null);
            else net.local(at, update(...resolveIntents(op.intents, replica.materialize(), unique)), null);
          },
          initial,
        );
        expectConverged(network);
        network.destroy();
      }),
      { seed: SEED, numRuns: MIXED_RUNS },
    );
  });
});
