import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Store } from '@kuhiro/crdt-store';
import { CentralEscrow } from '../../src/escrow/centralEscrow.js';
import { CentralLedger } from '../../src/escrow/centralLedger.js';
import type { Decrement } from '../../src/escrow/counterDecrements.js';
import type { EscrowAnswer, EscrowMessage } from '../../src/escrow/escrowMessages.js';
import { PopEscrow } from '../../src/escrow/popEscrow.js';

const POPS = ['p0', 'p1', 'p2'];
const IDLE_MS = 1000;

type Action =
  | { kind: 'buy'; pop: number; quantity: number }
  | { kind: 'buyAtCentral'; quantity: number }
  | { kind: 'restock'; pop: number; amount: number }
  | { kind: 'replicate'; pop: number }
  | { kind: 'deliver'; index: number; answer: 'ok' | 'lost' | 'duplicate' }
  | { kind: 'drop'; index: number }
  | { kind: 'idle'; pop: number }
  | { kind: 'partition'; pop: number; cut: boolean }
  | { kind: 'crash'; pop: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('buy' as const), pop: fc.nat(2), quantity: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('buyAtCentral' as const), quantity: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restock' as const), pop: fc.nat(2), amount: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replicate' as const), pop: fc.nat(2) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('deliver' as const), index: fc.nat(5), answer: fc.constantFrom('ok' as const, 'ok' as const, 'lost' as const, 'duplicate' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), index: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('idle' as const), pop: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('partition' as const), pop: fc.nat(2), cut: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), pop: fc.nat(2) }) },
);

const flush = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The real PopEscrow, CentralLedger and CentralEscrow over a simulated network where escrow
 * messages are delayed, reordered, lost (before or after central handled them) and
 * duplicated, replication to central lags arbitrarily, PoPs are cut off, and PoP processes
 * die (kill -9: their memory is gone, their journaled writes and their messages already on
 * the way are not) and restart on the same data dir. The value all replicas converge to
 * (every applied decrement and restock) must never go below the bound, and once everything
 * has arrived and every PoP has given its escrow back, central can sell all that is left:
 * a dead process's share is not parked for good.
 */
async function simulate(initial: number, actions: Action[]): Promise<void> {
  let now = 0;
  let centralValue = initial; // what central's store holds
  let trueValue = initial; // the merged value once everything has replicated
  const centralSeen: Record<string, number> = {};
  const ownSeq = POPS.map(() => 0);
  const replication: Array<Array<{ seq: number; delta: number }>> = POPS.map(() => []);
  const cut = POPS.map(() => false);
  let healed = false; // at the end: every message is answered at once
  const inbox: Array<{ request: EscrowMessage; resolve(answer: EscrowAnswer): void; reject(err: Error): void }> = [];

  const store = {
    getTable: () => ({}),
    getItem: () => ({ stock: { N: String(centralValue) } }),
  } as unknown as Store;
  const ledger = await CentralLedger.open(undefined);
  const central = new CentralEscrow({ ledger, store, vector: () => centralSeen });
  const dataDir = mkdtempSync(join(tmpdir(), 'kuhiro-escrow-sim-'));
  const startPop = (name: string, i: number) =>
      new PopEscrow({
        holdersFile: join(dataDir, `${name}-holders.json`),
        holdersFileFsync: false,
        nodeName: name,
        ownSeq: () => ownSeq[i]!,
        tickMs: 1e9, // driven by the simulation
        idleReturnMs: IDLE_MS,
        refillFactor: 4,
        now: () => now,
        send: (request) =>
          healed
            ? central.handle(structuredClone(request))
            : cut[i]
            ? Promise.reject(new Error('partitioned'))
            : new Promise<EscrowAnswer>((resolve, reject) => inbox.push({ request: structuredClone(request), resolve, reject })),
      });
  const pops = POPS.map((name, i) => startPop(name, i));
  const decrement = (quantity: number): Decrement => ({ tableName: 'products', key: { pk: { S: 'sku' } }, attribute: 'stock', quantity, min: 0, position: 0 });
  const atCentral = (quantity: number) => {
    if (central.refusedDecrement('dev', [decrement(quantity)]) < 0) {
      centralValue -= quantity;
      trueValue -= quantity;
    }
  };
  const buy = async (i: number, quantity: number) => {
    const process = pops[i]!;
    const reservation = await process.reserve('dev', [decrement(quantity)]);
    if (pops[i] !== process) return; // the process died while waiting: the write never happened
    if (reservation) {
      // A local write: applied here now, reaches central with the PoP's next seq.
      ownSeq[i]! += 1;
      replication[i]!.push({ seq: ownSeq[i]!, delta: -quantity });
      trueValue -= quantity;
      pops[i]!.commit(reservation);
    } else if (!cut[i]) atCentral(quantity); // forwarded
  };

  const running: Promise<void>[] = [];
  for (const step of actions) {
    switch (step.kind) {
      case 'buy':
        running.push(buy(step.pop, step.quantity));
        break;
      case 'buyAtCentral':
        atCentral(step.quantity);
        break;
      case 'restock':
        ownSeq[step.pop]! += 1;
        replication[step.pop]!.push({ seq: ownSeq[step.pop]!, delta: step.amount });
        trueValue += step.amount;
        break;
      case 'replicate': {
        if (cut[step.pop]) break;
        const next = replication[step.pop]!.shift();
        if (next) {
          centralValue += next.delta;
          centralSeen[POPS[step.pop]!] = next.seq;
        }
        break;
      }
      case 'deliver':
      case 'drop': {
        if (inbox.length === 0) break;
        const [message] = inbox.splice(step.index % inbox.length, 1);
        if (step.kind === 'drop') {
          message!.reject(new Error('lost on the way'));
          break;
        }
        let answer = await central.handle(message!.request);
        if (step.answer === 'duplicate') answer = await central.handle(message!.request);
        if (step.answer === 'lost') message!.reject(new Error('answer lost'));
        else message!.resolve(answer);
        break;
      }
      case 'idle':
        now += IDLE_MS + 1;
        pops[step.pop]!.tick();
        break;
      case 'partition':
        cut[step.pop] = step.cut;
        break;
      case 'crash':
        // The old object is simply abandoned (its timer never fires: tickMs is huge).
        pops[step.pop] = startPop(POPS[step.pop]!, step.pop);
        break;
    }
    await flush();
    expect(trueValue).toBeGreaterThanOrEqual(0);
  }
  // Heal everything and let every message and record arrive: still never below the bound.
  cut.fill(false);
  healed = true;
  for (let round = 0; round < 50 && (inbox.length > 0 || replication.some((queue) => queue.length > 0)); round++) {
    for (const [i, queue] of replication.entries()) {
      for (const next of queue.splice(0)) {
        centralValue += next.delta;
        centralSeen[POPS[i]!] = next.seq;
      }
    }
    for (const message of inbox.splice(0)) message.resolve(await central.handle(message.request));
    await flush();
  }
  await Promise.all(running);
  for (const [i, queue] of replication.entries()) {
    for (const next of queue.splice(0)) {
      centralValue += next.delta;
      centralSeen[POPS[i]!] = next.seq;
    }
  }
  expect(trueValue).toBeGreaterThanOrEqual(0);
  expect(centralValue).toBe(trueValue);
  for (const pop of pops) await pop.close().catch(() => undefined);
  // Every PoP restarts once more: its new process retires all earlier ones (the one just
  // closed may have missed a grant whose answer was lost). Then nothing may stay parked.
  const successors = POPS.map((name, i) => startPop(name, i));
  for (let round = 0; round < 5; round++) {
    for (const pop of successors) pop.tick();
    await flush();
  }
  if (centralValue > 0) expect(central.refusedDecrement('dev', [decrement(centralValue)])).toBe(-1);
  for (const pop of successors) await pop.close();
  rmSync(dataDir, { recursive: true, force: true });
}

describe('escrow safety under any interleaving', () => {
  it('never lets the merged value go below the bound', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 }), fc.array(action, { minLength: 10, maxLength: 120 }), (initial, actions) => simulate(initial, actions)),
      { numRuns: 200 },
    );
  });
});
