import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CodeStore } from '../../src/registry/codeStore.js';
import type { FunctionChange } from '../../src/registry/functionChanges.js';
import { FunctionRegistry } from '../../src/registry/functionRegistry.js';
import { applyReplicatedFunction } from '../../src/registry/replicatedFunction.js';
import { StateFile } from '../../src/registry/stateFile.js';
import type { FunctionSettings, FunctionState } from '../../src/registry/types.js';
import { UrlIndex } from '../../src/urls/urlIndex.js';
import { zipCode } from '../support/zipCode.js';

const settings: FunctionSettings = { runtime: 'nodejs20.x', handler: 'index.handler', role: 'r', timeout: 3, memorySize: 128, description: '', environment: {} };

describe('control-plane replication in the lambda registry', () => {
  let dir: string;
  let origin: { registry: FunctionRegistry; codeStore: CodeStore };
  let replica: {
    registry: FunctionRegistry; codeStore: CodeStore; urls: UrlIndex; retired: Array<[string, string | undefined]>; stateFile: StateFile<FunctionState[]>;
    /** Environments the stand-in pretends were running when asked to retire; versions prewarmed. */
    warmEnvironments: number; prewarmed: string[];
  };
  const zips = new Map<string, Uint8Array>();

  const deps = () => ({
    registry: replica.registry, codeStore: replica.codeStore, urls: replica.urls, log: () => {},
    invocations: {
      retireFunction: (fn: FunctionState, keep?: string) => (replica.retired.push([fn.name, keep]), replica.warmEnvironments),
      prewarm: (fn: FunctionState, version: { revisionId: string }) => void replica.prewarmed.push(`${fn.name}@${version.revisionId}`),
    },
  });
  let fetched: string[];
  const fetchCode = async (code: { sha256Hex: string }) => {
    fetched.push(code.sha256Hex);
    return zips.get(code.sha256Hex)!;
  };

  /** A change as the origin's registry reports it after a local operation. */
  async function originChange(operation: () => void): Promise<FunctionChange> {
    const changes: FunctionChange[] = [];
    const stop = origin.registry.onChange((change) => void changes.push(change));
    operation();
    await origin.registry.persist();
    stop();
    expect(changes).toHaveLength(1);
    return changes[0]!;
  }

  async function upload(label: string) {
    const zip = zipCode({ 'index.js': `exports.handler = async () => ${JSON.stringify(label)};` });
    const code = await origin.codeStore.store('t', 'fn', zip);
    zips.set(code.sha256Hex, zip);
    return code;
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kuhiro-replicated-fn-'));
    origin = { registry: new FunctionRegistry('us-east-1', new StateFile(path.join(dir, 'origin.json')), Date.now), codeStore: new CodeStore(path.join(dir, 'origin-code')) };
    const stateFile = new StateFile<FunctionState[]>(path.join(dir, 'replica.json'));
    replica = { registry: new FunctionRegistry('us-east-1', stateFile, Date.now), codeStore: new CodeStore(path.join(dir, 'replica-code')), urls: new UrlIndex(), retired: [], stateFile, warmEnvironments: 0, prewarmed: [] };
    fetched = [];
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports each persisted change of a function, and its deletion, once', async () => {
    const code = await upload('v1');
    const created = await originChange(() => origin.registry.create('t', '000000000000', 'fn', settings, code));
    expect(created.state?.latest.code.sha256Hex).toBe(code.sha256Hex);
    const fn = origin.registry.find('t', 'fn')!;
    const tagged = await originChange(() => (fn.tags = { team: 'edge' }));
    expect(tagged.state?.tags).toEqual({ team: 'edge' });
    const deleted = await originChange(() => origin.registry.delete(fn));
    expect(deleted).toEqual({ tenant: 't', name: 'fn', state: undefined });
  });

  it('applies a new function with its code and URL without reporting it again, idempotently', async () => {
    const code = await upload('v1');
    const change = await originChange(() => {
      const fn = origin.registry.create('t', '000000000000', 'fn', settings, code);
      fn.urlConfigs.$LATEST = { urlId: 'abc', qualifier: '$LATEST', authType: 'NONE', invokeMode: 'BUFFERED', creationTime: '', lastModifiedTime: '' };
    });
    const reported: FunctionChange[] = [];
    replica.registry.onChange((local) => void reported.push(local));
    expect(await applyReplicatedFunction(deps(), change, fetchCode)).toBe(true);
    expect(await applyReplicatedFunction(deps(), change, fetchCode)).toBe(true);
    expect(fetched).toEqual([code.sha256Hex]); // the second time the package was there
    expect(await replica.codeStore.has('t', 'fn', code)).toBe(true);
    expect(replica.registry.find('t', 'fn')?.latest.revisionId).toBe(change.state!.latest.revisionId);
    expect(replica.urls.get('abc')).toEqual({ tenant: 't', functionName: 'fn', qualifier: '$LATEST' });
    expect(reported).toEqual([]);
    expect((await replica.stateFile.load())?.map((fn) => fn.name)).toEqual(['fn']);
  });

  it('updates the function object in place and retires the old $LATEST environments only when $LATEST changed', async () => {
    const v1 = await upload('v1');
    await applyReplicatedFunction(deps(), await originChange(() => origin.registry.create('t', '000000000000', 'fn', settings, v1)), fetchCode);
    const held = replica.registry.find('t', 'fn')!;
    const fn = origin.registry.find('t', 'fn')!;
    await applyReplicatedFunction(deps(), await originChange(() => (fn.tags = { a: 'b' })), fetchCode);
    expect(replica.retired).toEqual([]);
    const v2 = await upload('v2');
    const update = await originChange(() => origin.registry.updateLatest(fn, { code: v2 }));
    await applyReplicatedFunction(deps(), update, fetchCode);
    expect(held.latest.code.sha256Hex).toBe(v2.sha256Hex);
    expect(held.tags).toEqual({ a: 'b' });
    expect(replica.retired).toEqual([['fn', update.state!.latest.revisionId]]);
    // The old $LATEST was not running here: the new one is not started either.
    expect(replica.prewarmed).toEqual([]);
  });

  it('starts the new $LATEST\'s spare at once where the old one was warm', async () => {
    const v1 = await upload('v1');
    await applyReplicatedFunction(deps(), await originChange(() => origin.registry.create('t', '000000000000', 'fn', settings, v1)), fetchCode);
    replica.warmEnvironments = 2;
    const fn = origin.registry.find('t', 'fn')!;
    await applyReplicatedFunction(deps(), await originChange(() => (fn.tags = { a: 'b' })), fetchCode);
    expect(replica.prewarmed).toEqual([]);
    const v2 = await upload('v2');
    const update = await originChange(() => origin.registry.updateLatest(fn, { code: v2 }));
    await applyReplicatedFunction(deps(), update, fetchCode);
    expect(replica.prewarmed).toEqual([`fn@${update.state!.latest.revisionId}`]);
  });

  it('changes nothing when a newer local change came first, and refuses code that does not match its hash', async () => {
    const v1 = await upload('v1');
    const change = await originChange(() => origin.registry.create('t', '000000000000', 'fn', settings, v1));
    const other = zipCode({ 'index.js': 'exports.handler = async () => "other";' });
    await expect(applyReplicatedFunction(deps(), change, async () => other)).rejects.toThrow(/expected/);
    expect(await applyReplicatedFunction(deps(), change, fetchCode, () => false)).toBe(false);
    expect(replica.registry.find('t', 'fn')).toBeUndefined();
  });

  it('a replicated deletion removes the function, its URLs and every environment', async () => {
    const v1 = await upload('v1');
    await applyReplicatedFunction(deps(), await originChange(() => {
      const fn = origin.registry.create('t', '000000000000', 'fn', settings, v1);
      fn.urlConfigs.$LATEST = { urlId: 'abc', qualifier: '$LATEST', authType: 'NONE', invokeMode: 'BUFFERED', creationTime: '', lastModifiedTime: '' };
    }), fetchCode);
    await applyReplicatedFunction(deps(), { tenant: 't', name: 'fn', state: undefined }, fetchCode);
    expect(replica.registry.find('t', 'fn')).toBeUndefined();
    expect(replica.urls.get('abc')).toBeUndefined();
    expect(replica.retired).toEqual([['fn', undefined]]);
    expect(await replica.codeStore.has('t', 'fn', v1)).toBe(false);
  });
});
