import type { CodeFetcher, CodePackage, FunctionChange, FunctionChangeListener, FunctionState, MappingChange, MappingChangeListener, MappingDefinition } from '@kuhiro/lambda-runtime';
import type { RecordEntry, Replicator } from '@kuhiro/replication';
import { chunkCode, CodeBlobs } from './codeBlobs.js';
import {
  CODE_TABLE, codeHashesOf, decodeCodeChunk, decodeFunctionEntry, decodeMappingEntry, encodeCodeChunk, encodeFunctionEntry, encodeMappingEntry, FUNCTIONS_TABLE,
  mappingLedgerName, mappingUuidOf, MAPPINGS_TABLE, type FunctionStateChange, type MappingDefinitionChange,
} from './functionEntry.js';
import type { FunctionLedger } from './functionLedger.js';
import { HybridClock } from './hybridClock.js';

/** What the network needs from the node's Lambda service (structurally @kuhiro/lambda-runtime's LambdaService). */
export interface FunctionReplicationPort {
  onFunctionChange(listener: FunctionChangeListener): () => void;
  applyReplicatedFunction(change: FunctionChange, fetchCode: CodeFetcher, stillWins?: () => boolean): Promise<boolean>;
  readFunctionCode(tenant: string, functionName: string, code: CodePackage): Promise<Uint8Array>;
  listFunctionStates(): FunctionState[];
  /** Event source mappings; a service without them replicates functions only. */
  onEventSourceMappingChange?(listener: MappingChangeListener): () => void;
  applyReplicatedEventSourceMapping?(change: MappingChange): Promise<void>;
  listEventSourceMappingDefinitions?(): MappingDefinition[];
}

export function asFunctionReplicationPort(service: unknown): FunctionReplicationPort | undefined {
  const candidate = service as Partial<FunctionReplicationPort> | undefined;
  return typeof candidate?.onFunctionChange === 'function' && typeof candidate.applyReplicatedFunction === 'function' ? (candidate as FunctionReplicationPort) : undefined;
}

type Log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

/**
 * Lambda functions' control plane across the PoPs of a network. Each local change of a function
 * (any operation that persists its state) is stamped with a hybrid clock and published as one
 * `:functions` entry carrying the function's whole state; last writer (highest stamp) wins per
 * tenant and function name on every PoP, a deletion is a tombstone that beats older puts. Code
 * packages travel as `:code` chunks published by an origin before the first state of its own
 * that names them, once per origin and hash, so within one origin's sequence the code always
 * arrives before the state; a PoP that already has the hash skips it.
 */
export class FunctionReplication {
  private readonly clock: HybridClock;
  private readonly blobs: CodeBlobs;
  private publisher: Pick<Replicator, 'publish'> | undefined;
  private port: FunctionReplicationPort | undefined;
  private resolvePort!: (port: FunctionReplicationPort | undefined) => void;
  private readonly portReady: Promise<FunctionReplicationPort | undefined>;
  private readonly unsubscribes: Array<() => void> = [];
  /** Local changes are published one after the other, in the order they happened. */
  private publishing: Promise<void> = Promise.resolve();
  /** Remote changes are applied one at a time (links of several peers apply concurrently). */
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly options: { nodeName: string; ledger: FunctionLedger; codeDir: string; log: Log; now?: () => number }) {
    this.clock = new HybridClock(options.nodeName, options.now);
    this.blobs = new CodeBlobs(options.codeDir);
    this.portReady = new Promise((resolve) => (this.resolvePort = resolve));
  }

  static owns(table: string): boolean {
    return table === FUNCTIONS_TABLE || table === CODE_TABLE || table === MAPPINGS_TABLE;
  }

  connect(publisher: Pick<Replicator, 'publish'>): void {
    this.publisher = publisher;
  }

  /**
   * Hands over the node's Lambda service (undefined: a node without one; function entries are
   * then skipped). Remote function entries wait until this is called. Functions this PoP holds
   * without a stamp (deployed before it joined the network) are published now.
   */
  attach(port: FunctionReplicationPort | undefined): void {
    this.port = port;
    this.resolvePort(port);
    if (!port) return;
    this.unsubscribes.push(port.onFunctionChange((change) => this.publishLocal(change)));
    for (const state of port.listFunctionStates()) {
      if (!this.options.ledger.has(state.tenant, state.name)) void this.publishLocal({ tenant: state.tenant, name: state.name, state });
    }
    if (port.onEventSourceMappingChange) this.unsubscribes.push(port.onEventSourceMappingChange((change) => this.publishMapping(change)));
    for (const definition of port.listEventSourceMappingDefinitions?.() ?? []) {
      if (!this.options.ledger.has(definition.tenant, mappingLedgerName(definition.uuid))) void this.publishMapping({ tenant: definition.tenant, uuid: definition.uuid, definition });
    }
  }

  /** Function names per tenant on this PoP (for `GET /_kuhiro/network`). */
  functionsByTenant(): Record<string, string[]> {
    const byTenant: Record<string, string[]> = {};
    for (const state of this.port?.listFunctionStates() ?? []) (byTenant[state.tenant] ??= []).push(state.name);
    return byTenant;
  }

  async close(): Promise<void> {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.resolvePort(undefined);
    await this.publishing;
    await this.applying.catch(() => undefined);
  }

  // ---- local changes ----

  private publishLocal(change: FunctionChange): Promise<void> {
    const stamp = this.clock.next();
    // Recorded at once: a remote state being applied right now checks it before switching.
    this.options.ledger.advance(change.tenant, change.name, stamp, change.state === undefined);
    const published = this.publishing.then(() => this.publishChange(change, stamp)).catch((error: unknown) => {
      // The change stays local until the function changes again; say so loudly.
      this.options.log('error', 'function change not replicated', { tenant: change.tenant, function: change.name, error: (error as Error).message });
    });
    this.publishing = published;
    return published;
  }

  /** Mapping definitions are stamped and published like function states, in the same order. */
  private publishMapping(change: MappingChange): Promise<void> {
    const stamp = this.clock.next();
    this.options.ledger.advance(change.tenant, mappingLedgerName(change.uuid), stamp, change.definition === undefined);
    const entry: MappingDefinitionChange = change.definition
      ? { op: 'put', tenant: change.tenant, uuid: change.uuid, stamp, definition: change.definition }
      : { op: 'delete', tenant: change.tenant, uuid: change.uuid, stamp };
    const published = this.publishing.then(async () => { await this.publish([encodeMappingEntry(entry)]); }).catch((error: unknown) => {
      this.options.log('error', 'event source mapping change not replicated', { tenant: change.tenant, uuid: change.uuid, error: (error as Error).message });
    });
    this.publishing = published;
    return published;
  }

  private async publishChange(change: FunctionChange, stamp: string): Promise<void> {
    const { tenant, name, state } = change;
    if (state) {
      for (const [sha256Hex, code] of codeHashesOf(state)) {
        if (this.options.ledger.hasPublishedCode(sha256Hex)) continue;
        const zip = await this.port!.readFunctionCode(tenant, name, code);
        // One record per chunk keeps frames near the replicator's frame budget. Published in one
        // go: seqs follow the call order, and the journal's group commit shares their fsyncs.
        await Promise.all(chunkCode(sha256Hex, zip, stamp).map((chunk) => this.publish([encodeCodeChunk(tenant, chunk)])));
        this.options.ledger.markCodePublished(sha256Hex);
      }
    }
    const entry: FunctionStateChange = state ? { op: 'put', tenant, name, stamp, state } : { op: 'delete', tenant, name, stamp };
    await this.publish([encodeFunctionEntry(entry)]);
  }

  private publish(entries: RecordEntry[]): Promise<unknown> {
    if (!this.publisher) return Promise.reject(new Error('function replication: publish before the replicator was connected'));
    try {
      return this.publisher.publish(entries); // the seq is taken now, synchronously
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  // ---- state transfer (a peer behind this PoP's retained journal) ----

  /**
   * The control plane as state-transfer entries, in apply order: per function its code chunks,
   * then its state; event source mappings; then deletions as tombstones. Each carries the stamp
   * held here, so the receiver's last-writer-wins keeps whichever is newer. Waits for the Lambda
   * service: exporting before it is attached would leave the functions out while the transfer's
   * vector claims them.
   */
  async *exportState(): AsyncGenerator<RecordEntry> {
    const { ledger } = this.options;
    const port = await this.portReady;
    const codeSent = new Set<string>();
    for (const state of port?.listFunctionStates() ?? []) {
      const stamp = ledger.stamp(state.tenant, state.name);
      if (stamp === '') continue; // deployed before joining and not published yet: attach() publishes it
      for (const [sha256Hex, code] of codeHashesOf(state)) {
        if (codeSent.has(sha256Hex)) continue;
        codeSent.add(sha256Hex);
        const zip = await port!.readFunctionCode(state.tenant, state.name, code);
        for (const chunk of chunkCode(sha256Hex, zip, stamp)) yield encodeCodeChunk(state.tenant, chunk);
      }
      yield encodeFunctionEntry({ op: 'put', tenant: state.tenant, name: state.name, stamp, state });
    }
    for (const definition of port?.listEventSourceMappingDefinitions?.() ?? []) {
      const stamp = ledger.stamp(definition.tenant, mappingLedgerName(definition.uuid));
      if (stamp !== '') yield encodeMappingEntry({ op: 'put', tenant: definition.tenant, uuid: definition.uuid, stamp, definition });
    }
    for (const { tenant, name, stamp, deleted } of ledger.entries()) {
      if (!deleted) continue;
      const uuid = mappingUuidOf(name);
      if (uuid !== undefined) yield encodeMappingEntry({ op: 'delete', tenant, uuid, stamp });
      else yield encodeFunctionEntry({ op: 'delete', tenant, name, stamp });
    }
  }

  // ---- remote changes (from NetworkedStore.applyRecords, in each origin's order) ----

  async applyEntries(entries: RecordEntry[], options: { own: boolean }): Promise<void> {
    // This node's own journal tail (replayed at start) is already in its lambda registry.
    if (options.own) return;
    for (const entry of entries) {
      if (entry.table === CODE_TABLE) await this.blobs.receive(decodeCodeChunk(entry), (message, fields) => this.options.log('error', message, fields));
      else if (entry.table === FUNCTIONS_TABLE) await this.applyRemote(decodeFunctionEntry(entry));
      else if (entry.table === MAPPINGS_TABLE) await this.applyRemoteMapping(decodeMappingEntry(entry));
    }
  }

  private async applyRemoteMapping(change: MappingDefinitionChange): Promise<void> {
    this.clock.observe(change.stamp);
    const port = await this.portReady;
    if (!port?.applyReplicatedEventSourceMapping) return;
    const apply = port.applyReplicatedEventSourceMapping.bind(port);
    const { ledger } = this.options;
    const name = mappingLedgerName(change.uuid);
    const run = this.applying.then(async () => {
      if (change.stamp <= ledger.stamp(change.tenant, name)) return;
      await apply({ tenant: change.tenant, uuid: change.uuid, definition: change.op === 'put' ? change.definition : undefined });
      ledger.advance(change.tenant, name, change.stamp, change.op === 'delete');
    });
    this.applying = run.catch(() => undefined);
    await run;
  }

  private async applyRemote(change: FunctionStateChange): Promise<void> {
    this.clock.observe(change.stamp);
    const port = await this.portReady;
    if (!port) return;
    const run = this.applying.then(() => this.applyRemoteNow(port, change));
    this.applying = run.catch(() => undefined);
    await run;
  }

  private async applyRemoteNow(port: FunctionReplicationPort, change: FunctionStateChange): Promise<void> {
    const { ledger } = this.options;
    const wins = () => change.stamp > ledger.stamp(change.tenant, change.name);
    if (!wins()) return;
    const applied = await port.applyReplicatedFunction(
      { tenant: change.tenant, name: change.name, state: change.op === 'put' ? change.state : undefined },
      (code) => this.blobs.read(code.sha256Hex),
      wins,
    );
    if (!applied) return;
    ledger.advance(change.tenant, change.name, change.stamp, change.op === 'delete');
    this.options.log('info', change.op === 'put' ? 'function replicated' : 'function deletion replicated', { tenant: change.tenant, function: change.name, stamp: change.stamp });
  }
}
