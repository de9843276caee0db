import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { CodeFetcher, FunctionChange, FunctionChangeListener, FunctionState } from '@kuhiro/lambda-runtime';
import type { RecordEntry } from '@kuhiro/replication';
import { CodeNotYetReplicatedError } from '../../src/network/codeBlobs.js';
import { CODE_TABLE, encodeFunctionEntry, FUNCTIONS_TABLE } from '../../src/network/functionEntry.js';
import { FunctionLedger } from '../../src/network/functionLedger.js';
import { FunctionReplication, type FunctionReplicationPort } from '../../src/network/functionReplication.js';
import { makeTempDir } from '../helpers/tempDir.js';

const silent = () => {};

function codeOf(zip: Uint8Array) {
  const digest = createHash('sha256').update(zip).digest();
  return { sha256Hex: digest.toString('hex'), codeSha256: digest.toString('base64'), codeSize: zip.byteLength };
}

function stateWith(zip: Uint8Array, label: string, tenant = 'tenant-a'): FunctionState {
  const code = codeOf(zip);
  const settings = { runtime: 'nodejs20.x', handler: 'index.handler', role: 'r', timeout: 3, memorySize: 128, description: label, environment: {} };
  return {
    tenant, accountId: '000000000000', name: 'fn',
    latest: { version: '$LATEST', settings, code, lastModified: '', revisionId: label },
    versions: {}, nextVersion: 1, aliases: {}, tags: {}, urlConfigs: {},
  };
}

/** A Lambda service stand-in that records what it is asked to apply and fetches the code it names. */
class FakeLambda implements FunctionReplicationPort {
  listener: FunctionChangeListener | undefined;
  readonly applied: Array<{ change: FunctionChange; code: Uint8Array[] }> = [];
  /** The zips the local code store holds, by hex hash. */
  readonly zips = new Map<string, Uint8Array>();
  gate: Promise<void> | undefined;

  onFunctionChange(listener: FunctionChangeListener) {
    this.listener = listener;
    return () => (this.listener = undefined);
  }

  async applyReplicatedFunction(change: FunctionChange, fetchCode: CodeFetcher, stillWins = () => true) {
    const code = change.state ? [await fetchCode(change.state.latest.code)] : [];
    await this.gate;
    if (!stillWins()) return false;
    this.applied.push({ change, code });
    return true;
  }

  async readFunctionCode(_tenant: string, _name: string, code: { sha256Hex: string }) {
    return this.zips.get(code.sha256Hex)!;
  }

  listFunctionStates() {
    return [];
  }

  /** A local operation changed the function: what persist() does. */
  change(state: FunctionState | undefined, tenant = 'tenant-a') {
    return this.listener!({ tenant, name: 'fn', state });
  }
}

describe('function replication rules', () => {
  let temp: { path: string; remove(): Promise<void> };
  const published: RecordEntry[][] = [];
  let nodes: FunctionReplication[] = [];

  function pop(name: string, lambda: FakeLambda, now?: () => number): FunctionReplication {
    const replication = new FunctionReplication({
      nodeName: name, ledger: new FunctionLedger(join(temp.path, name)), codeDir: join(temp.path, name, 'code'), log: silent, ...(now ? { now } : {}),
    });
    replication.connect({ publish: async (entries) => { published.push(entries); return { origin: name, seq: published.length }; } });
    replication.attach(lambda);
    nodes.push(replication);
    return replication;
  }

  function zip(label: string, lambda: FakeLambda, size = 64): { zip: Uint8Array; state: FunctionState } {
    const bytes = new Uint8Array(Buffer.concat([Buffer.from(label), randomBytes(size)]));
    const state = stateWith(bytes, label);
    lambda.zips.set(state.latest.code.sha256Hex, bytes);
    return { zip: bytes, state };
  }

  beforeEach(async () => {
    temp = await makeTempDir('kuhiro-fn-lww-');
    published.length = 0;
    nodes = [];
  });

  afterEach(async () => {
    for (const node of nodes) await node.close();
    await temp.remove();
  });

  it('sends code chunks before the state that needs them, once per hash, and the receiver rebuilds the exact zip', async () => {
    const origin = new FakeLambda();
    pop('pop-a', origin);
    const { zip: bytes, state } = zip('big', origin, 1_300_000);
    await origin.change(state);
    await origin.change({ ...state, tags: { t: '1' } });
    const tables = published.map((entries) => entries[0]!.table);
    expect(tables).toEqual([CODE_TABLE, CODE_TABLE, CODE_TABLE, FUNCTIONS_TABLE, FUNCTIONS_TABLE]);

    const receiver = new FakeLambda();
    const b = pop('pop-b', receiver);
    for (const entries of published.splice(0)) await b.applyEntries(entries, { own: false });
    expect(receiver.applied.map(({ change }) => change.state?.tags)).toEqual([{}, { t: '1' }]);
    expect(Buffer.from(receiver.applied[0]!.code[0]!).equals(Buffer.from(bytes))).toBe(true);
  });

  it('applies the highest stamp whatever the arrival order, and a deletion beats older puts', async () => {
    const receiver = new FakeLambda();
    const b = pop('pop-b', receiver);
    const older = new FakeLambda();
    const newer = new FakeLambda();
    let olderClock = 1_000;
    pop('pop-old', older, () => olderClock);
    pop('pop-new', newer, () => 2_000);
    const first = zip('first', older);
    const second = zip('second', newer);
    await older.change(first.state);
    const olderEntries = published.splice(0);
    await newer.change(second.state);
    const newerEntries = published.splice(0);
    for (const entries of newerEntries) await b.applyEntries(entries, { own: false });
    for (const entries of olderEntries) await b.applyEntries(entries, { own: false });
    expect(receiver.applied.map(({ change }) => change.state?.latest.revisionId)).toEqual(['second']);

    olderClock = 3_000;
    await older.change(undefined); // a deletion stamped after both
    for (const entries of published.splice(0)) await b.applyEntries(entries, { own: false });
    await b.applyEntries([encodeFunctionEntry({ op: 'put', tenant: 'tenant-a', name: 'fn', stamp: '000000000002500.000000.pop-late', state: second.state })], { own: false });
    expect(receiver.applied.map(({ change }) => change.state?.latest.revisionId ?? 'deleted')).toEqual(['second', 'deleted']);
  });

  it('stamps a local change after every remote change it has seen, even with a clock behind', async () => {
    const ahead = new FakeLambda();
    const behind = new FakeLambda();
    pop('pop-ahead', ahead, () => 9_000_000);
    pop('pop-behind', behind, () => 1_000);
    await ahead.change(zip('ahead', ahead).state);
    const remote = published.splice(0);
    for (const entries of remote) await nodes[1]!.applyEntries(entries, { own: false });
    await behind.change(zip('behind', behind).state);
    const remoteStamp = remote.at(-1)![0]!.key;
    const localStamp = published.at(-1)![0]!.key;
    expect(localStamp > remoteStamp).toBe(true);
  });

  it('a local change made while a remote state is being applied wins', async () => {
    const origin = new FakeLambda();
    const local = new FakeLambda();
    pop('pop-a', origin, () => 1_000);
    const b = pop('pop-b', local, () => 1_000);
    await origin.change(zip('remote', origin).state);
    const remote = published.splice(0);
    for (const entries of remote.slice(0, -1)) await b.applyEntries(entries, { own: false }); // the code
    let release!: () => void;
    local.gate = new Promise((resolve) => (release = resolve));
    const applying = b.applyEntries(remote.at(-1)!, { own: false });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await local.change(zip('local', local).state); // stamped after the remote one it has observed
    release();
    await applying;
    expect(local.applied).toEqual([]);
  });

  it('refuses a state whose code has not arrived (the sender resends it later) and skips its own journal tail', async () => {
    const origin = new FakeLambda();
    pop('pop-a', origin);
    await origin.change(zip('x', origin).state);
    const stateEntry = published.at(-1)!;
    const receiver = new FakeLambda();
    const b = pop('pop-b', receiver);
    await expect(b.applyEntries(stateEntry, { own: false })).rejects.toBeInstanceOf(CodeNotYetReplicatedError);
    await b.applyEntries(stateEntry, { own: true });
    expect(receiver.applied).toEqual([]);
  });
});
