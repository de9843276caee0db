import { randomUUID } from 'node:crypto';
import { parseFunctionArn } from '../arn.js';
import { LambdaApiError, TooManyRequestsException } from '../errors.js';
import type { AsyncInvocations } from '../invocation/asyncInvocations.js';
import type { InvocationService } from '../invocation/invocationService.js';
import type { FunctionRegistry } from '../registry/functionRegistry.js';
import type { StateFile } from '../registry/stateFile.js';
import type { MappingState } from './mappingTypes.js';
import { mappingDefinition, type MappingChange, type MappingChangeListener, type MappingDefinition } from './mappingDefinition.js';
import { StreamPoller } from './streamPoller.js';
import type { StreamSource, TriggerStreamRecord } from './streamSource.js';

export interface EventSourceMappingsDeps {
  registry: FunctionRegistry;
  invocations: InvocationService;
  asyncInvocations: AsyncInvocations;
  file: StateFile<MappingState[]>;
  region: string;
  /** The node's DynamoDB streams; without it, mappings are stored but nothing is delivered. */
  source: StreamSource | undefined;
  log: (level: 'error' | 'warn' | 'info' | 'debug', msg: string, meta?: object) => void;
  now: () => number;
  /** The node's URL, '' until it listens: functions started before that could not reach the node. */
  endpointUrl: () => string;
  /** Back-off before retry n of a failed batch (default 100 ms doubling up to 5 s). */
  retryDelayMs?: (attempt: number) => number;
}

/** Lambda reports the transitional states (Creating, Enabling, ...) briefly; ours last this long. */
const TRANSITION_MS = 50;

/**
 * The event source mappings of the node: their settings and checkpoints (persisted, so a restart
 * resumes where delivery stood) and one StreamPoller per enabled mapping.
 */
export class EventSourceMappings {
  private readonly mappings = new Map<string, MappingState>();
  private readonly pollers = new Map<string, StreamPoller>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private unsubscribe: (() => void) | undefined;
  private saving: Promise<void> | undefined;
  private saveAgain = false;
  private closed = false;
  private readonly changeListeners = new Set<MappingChangeListener>();

  constructor(private readonly deps: EventSourceMappingsDeps) {}

  get source(): StreamSource | undefined {
    return this.deps.source;
  }

  async load(): Promise<void> {
    for (const mapping of (await this.deps.file.load()) ?? []) {
      // A transition interrupted by the restart completes now.
      mapping.state = mapping.enabled ? 'Enabled' : 'Disabled';
      this.mappings.set(mapping.uuid, mapping);
    }
    this.unsubscribe = this.deps.source?.onAppend((streamArn) => {
      for (const poller of this.pollers.values()) if (poller.mapping.eventSourceArn === streamArn) poller.notify();
    });
    for (const mapping of this.mappings.values()) if (mapping.enabled) this.startPoller(mapping);
  }

  list(tenant: string): MappingState[] {
    return [...this.mappings.values()].filter((mapping) => mapping.tenant === tenant).sort((a, b) => a.uuid.localeCompare(b.uuid));
  }

  get(tenant: string, uuid: string): MappingState | undefined {
    const mapping = this.mappings.get(uuid);
    return mapping?.tenant === tenant ? mapping : undefined;
  }

  async create(mapping: Omit<MappingState, 'uuid' | 'state' | 'lastModified' | 'lastProcessingResult' | 'checkpoint'>): Promise<MappingState> {
    const source = this.deps.source;
    const checkpoint = mapping.startingPosition === 'LATEST' ? (source?.lastSequenceNumber(mapping.eventSourceArn) ?? '') : '';
    const created: MappingState = {
      ...mapping,
      uuid: randomUUID(),
      state: 'Creating',
      lastModified: Math.floor(this.deps.now() / 1000),
      lastProcessingResult: 'No records processed',
      checkpoint,
    };
    this.mappings.set(created.uuid, created);
    await Promise.all([this.save(), this.announce(created.tenant, created.uuid, created)]);
    this.transition(created, created.enabled ? 'Enabled' : 'Disabled');
    return { ...created };
  }

  /** Applies new settings; the poller restarts with them (from the same checkpoint). */
  async update(mapping: MappingState, change: Partial<MappingState>): Promise<MappingState> {
    const wasEnabled = mapping.enabled;
    await this.stopPoller(mapping.uuid);
    Object.assign(mapping, change, { lastModified: Math.floor(this.deps.now() / 1000) });
    mapping.state = mapping.enabled === wasEnabled ? 'Updating' : mapping.enabled ? 'Enabling' : 'Disabling';
    await Promise.all([this.save(), this.announce(mapping.tenant, mapping.uuid, mapping)]);
    const answer = { ...mapping };
    this.transition(mapping, mapping.enabled ? 'Enabled' : 'Disabled');
    return answer;
  }

  async delete(mapping: MappingState): Promise<MappingState> {
    await this.stopPoller(mapping.uuid);
    this.mappings.delete(mapping.uuid);
    await Promise.all([this.save(), this.announce(mapping.tenant, mapping.uuid, undefined)]);
    return { ...mapping, state: 'Deleting' };
  }

  /**
   * Control-plane replication (edge network): told each mapping definition a client created,
   * updated or deleted here; the operation answers after the listener's promise settles.
   * Checkpoints and delivery state are this PoP's own and are not reported.
   */
  onDefinitionChange(listener: MappingChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Every mapping's definition (to publish those a PoP had before it joined a network). */
  definitions(): MappingDefinition[] {
    return [...this.mappings.values()].map(mappingDefinition);
  }

  /**
   * A definition another PoP published: created, updated or deleted here without reporting it
   * again. A new mapping starts at this PoP's own stream position (LATEST: its newest record);
   * an existing one keeps its checkpoint. Each PoP polls its own stream.
   */
  async adoptReplicated(change: MappingChange): Promise<void> {
    const existing = this.mappings.get(change.uuid);
    if (existing && existing.tenant !== change.tenant) throw new Error(`replicated event source mapping ${change.uuid} belongs to another tenant`);
    if (existing) await this.stopPoller(change.uuid);
    if (!change.definition) {
      this.mappings.delete(change.uuid);
    } else {
      const definition = change.definition;
      const state: MappingState['state'] = definition.enabled ? 'Enabled' : 'Disabled';
      // An existing mapping is updated in place (an operation holding it sees the new settings).
      const adopted: MappingState = existing
        ? Object.assign(existing, definition, { state })
        : {
            ...definition,
            state,
            lastProcessingResult: 'No records processed',
            checkpoint: definition.startingPosition === 'LATEST' ? (this.deps.source?.lastSequenceNumber(definition.eventSourceArn) ?? '') : '',
          };
      this.mappings.set(change.uuid, adopted);
      if (adopted.enabled) this.startPoller(adopted);
    }
    await this.save();
  }

  private announce(tenant: string, uuid: string, mapping: MappingState | undefined): Promise<unknown> {
    const change: MappingChange = { tenant, uuid, definition: mapping ? mappingDefinition(mapping) : undefined };
    return Promise.all([...this.changeListeners].map((listener) => listener(change)));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all([...this.pollers.keys()].map((uuid) => this.stopPoller(uuid)));
    await this.save();
  }

  private transition(mapping: MappingState, to: 'Enabled' | 'Disabled'): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed || this.mappings.get(mapping.uuid) !== mapping) return;
      mapping.state = to;
      void this.save();
      if (to === 'Enabled') this.startPoller(mapping);
    }, TRANSITION_MS);
    this.timers.add(timer);
  }

  private startPoller(mapping: MappingState): void {
    const source = this.deps.source;
    if (!source || this.pollers.has(mapping.uuid) || this.closed) return;
    const poller = new StreamPoller(mapping, {
      source,
      invoke: (target, payload) => this.invoke(target, payload),
      discard: (target, records, condition, attempts) => this.discard(target, records, condition, attempts),
      changed: () => void this.save(),
      now: this.deps.now,
      retryDelayMs: this.deps.retryDelayMs ?? ((attempt) => Math.min(100 * 2 ** (attempt - 1), 5000)),
    });
    this.pollers.set(mapping.uuid, poller);
    poller.start();
  }

  private async stopPoller(uuid: string): Promise<void> {
    const poller = this.pollers.get(uuid);
    if (!poller) return;
    this.pollers.delete(uuid);
    await poller.stop();
  }

  private async invoke(mapping: MappingState, payload: string): Promise<{ functionError?: string; payload: string } | { throttled: string }> {
    // After a restart, pollers resume before the node listens; their functions' SDK needs its URL.
    if (this.deps.endpointUrl() === '') return { throttled: 'the node is not listening yet' };
    try {
      const ref = mapping.qualifier === undefined ? { name: mapping.functionName } : { name: mapping.functionName, qualifier: mapping.qualifier };
      const resolved = this.deps.registry.resolve(mapping.tenant, mapping.accountId, ref);
      const result = await this.deps.invocations.invoke(resolved, { requestId: randomUUID(), payload });
      return result.functionError === undefined ? { payload: result.payload } : { functionError: result.functionError, payload: result.payload };
    } catch (error) {
      if (error instanceof TooManyRequestsException) return { throttled: error.message };
      // A missing function is the function's failure: the batch is retried, as on Lambda.
      const message = error instanceof LambdaApiError ? `${error.errorType}: ${error.message}` : String(error);
      this.deps.log('warn', `event source mapping ${mapping.uuid}: invoke failed: ${message}`);
      return { functionError: 'Unhandled', payload: JSON.stringify({ errorMessage: message }) };
    }
  }

  /** Sends Lambda's OnFailure record (batch info, not the records) to the destination function. */
  private discard(mapping: MappingState, records: TriggerStreamRecord[], condition: string, attempts: number): void {
    const first = records[0]!;
    const last = records[records.length - 1]!;
    this.deps.log('warn', `event source mapping ${mapping.uuid}: ${records.length} record(s) discarded (${condition})`);
    const destination = mapping.onFailureDestination;
    if (!destination) return;
    const target = parseFunctionArn(destination);
    if (!target) return;
    const functionArn = `arn:aws:lambda:${this.deps.region}:${mapping.accountId}:function:${mapping.functionName}${mapping.qualifier ? `:${mapping.qualifier}` : ''}`;
    const failure = {
      requestContext: { requestId: randomUUID(), functionArn, condition, approximateInvokeCount: attempts },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date(this.deps.now()).toISOString(),
      DDBStreamBatchInfo: {
        shardId: this.deps.source?.findStream(mapping.tenant, mapping.eventSourceArn)?.shardId ?? '',
        startSequenceNumber: first.record.dynamodb.SequenceNumber,
        endSequenceNumber: last.record.dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: new Date(first.record.dynamodb.ApproximateCreationDateTime * 1000).toISOString(),
        approximateArrivalOfLastRecord: new Date(last.record.dynamodb.ApproximateCreationDateTime * 1000).toISOString(),
        batchSize: records.length,
        streamArn: mapping.eventSourceArn,
      },
    };
    try {
      const ref = target.qualifier === undefined ? { name: target.name } : { name: target.name, qualifier: target.qualifier };
      const resolved = this.deps.registry.resolve(mapping.tenant, target.accountId, ref);
      this.deps.asyncInvocations.enqueue(resolved, { requestId: randomUUID(), payload: JSON.stringify(failure) });
    } catch (error) {
      this.deps.log('warn', `event source mapping ${mapping.uuid}: OnFailure destination ${destination} failed: ${String(error)}`);
    }
  }

  /** Persists all mappings; concurrent calls coalesce into at most one more write. */
  private save(): Promise<void> {
    if (this.saving) {
      this.saveAgain = true;
      return this.saving;
    }
    this.saving = (async () => {
      do {
        this.saveAgain = false;
        await this.deps.file.save([...this.mappings.values()]);
      } while (this.saveAgain);
    })().finally(() => (this.saving = undefined));
    return this.saving;
  }
}
