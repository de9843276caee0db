import { describe, it, expect, afterEach } from '@jest/globals';
import type { MappingState } from '../../src/eventSources/mappingTypes.js';
import { StreamPoller, type PollerDeps } from '../../src/eventSources/streamPoller.js';
import type { StreamSource, TriggerStreamRecord } from '../../src/eventSources/streamSource.js';

const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-01-01T00:00:00.000';

/** An in-memory stream: records with sequence numbers 001, 002, ... */
class FakeStream implements StreamSource {
  records: TriggerStreamRecord[] = [];
  private listeners = new Set<(arn: string) => void>();
  add(key: string, origin: 'local' | 'remote' = 'local', appendedAtMs = Date.now()): void {
    const seq = String(this.records.length + 1).padStart(3, '0');
    this.records.push({ origin, appendedAtMs, record: { eventName: 'INSERT', dynamodb: { SequenceNumber: seq, ApproximateCreationDateTime: 0, Keys: { pk: { S: key } } } } as TriggerStreamRecord['record'] });
    for (const listener of this.listeners) listener(ARN);
  }
  findStream() {
    return { streamArn: ARN };
  }
  readAfter(_arn: string, after: string, limit: number) {
    return this.records.filter((entry) => entry.record.dynamodb.SequenceNumber > after).slice(0, limit);
  }
  lastSequenceNumber() {
    return this.records.at(-1)?.record.dynamodb.SequenceNumber ?? '';
  }
  onAppend(listener: (arn: string) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function mapping(overrides: Partial<MappingState> = {}): MappingState {
  return {
    uuid: 'u', tenant: 'dev', accountId: '000000000000', functionName: 'f', eventSourceArn: ARN, startingPosition: 'TRIM_HORIZON',
    batchSize: 10, maximumBatchingWindowInSeconds: 0, maximumRetryAttempts: -1, maximumRecordAgeInSeconds: -1,
    bisectBatchOnFunctionError: false, functionResponseTypes: [], enabled: true, state: 'Enabled', lastModified: 0,
    lastProcessingResult: 'No records processed', checkpoint: '', ...overrides,
  };
}

const keysOf = (payload: string): string[] => (JSON.parse(payload) as { Records: Array<{ dynamodb: { Keys: { pk: { S: string } } } }> }).Records.map((r) => r.dynamodb.Keys.pk.S);

let poller: StreamPoller | undefined;
afterEach(async () => poller?.stop());

function run(stream: FakeStream, state: MappingState, handler: (keys: string[]) => { functionError?: string; payload: string }) {
  const batches: string[][] = [];
  const discarded: Array<{ keys: string[]; condition: string }> = [];
  const deps: PollerDeps = {
    source: stream,
    invoke: async (_m, payload) => {
      const keys = keysOf(payload);
      batches.push(keys);
      return handler(keys);
    },
    discard: (_m, records, condition) => discarded.push({ keys: records.map((r) => (r.record.dynamodb as unknown as { Keys: { pk: { S: string } } }).Keys.pk.S), condition }),
    changed: () => undefined,
    now: Date.now,
    retryDelayMs: () => 1,
  };
  poller = new StreamPoller(state, deps);
  poller.start();
  return { batches, discarded };
}

/** Polls until `check` holds; the deadline is generous because a loaded CI machine can stall for seconds. */
async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

describe('StreamPoller', () => {
  it('delivers in order in batches of BatchSize and skips records replicated from other PoPs', async () => {
    const stream = new FakeStream();
    for (const key of ['a', 'b', 'c']) stream.add(key);
    stream.add('from-peer', 'remote');
    stream.add('d');
    const state = mapping({ batchSize: 2 });
    const { batches } = run(stream, state, () => ({ payload: 'null' }));
    await until(() => state.checkpoint === '005');
    expect(batches).toEqual([['a', 'b'], ['c'], ['d']]);
  });

  it('retries a failed batch MaximumRetryAttempts times, discards it, then moves on', async () => {
    const stream = new FakeStream();
    stream.add('bad');
    stream.add('good');
    const state = mapping({ batchSize: 1, maximumRetryAttempts: 2 });
    const { batches, discarded } = run(stream, state, (keys) => (keys.includes('bad') ? { functionError: 'Unhandled', payload: '{}' } : { payload: 'null' }));
    await until(() => state.checkpoint === '002');
    expect(batches).toEqual([['bad'], ['bad'], ['bad'], ['good']]);
    expect(discarded).toEqual([{ keys: ['bad'], condition: 'RetryAttemptsExhausted' }]);
    expect(state.lastProcessingResult).toBe('OK');
  });

  it('bisects a failing batch down to the failing record', async () => {
    const stream = new FakeStream();
    for (const key of ['a', 'b', 'bad', 'd']) stream.add(key);
    const state = mapping({ bisectBatchOnFunctionError: true, maximumRetryAttempts: 3 });
    const { batches, discarded } = run(stream, state, (keys) => (keys.includes('bad') ? { functionError: 'Unhandled', payload: '{}' } : { payload: 'null' }));
    await until(() => state.checkpoint === '004');
    expect(batches).toEqual([['a', 'b', 'bad', 'd'], ['a', 'b'], ['bad', 'd'], ['bad'], ['bad'], ['d']]);
    expect(discarded.map((entry) => entry.keys)).toEqual([['bad']]);
  });

  it('retries from the first reported batch item failure', async () => {
    const stream = new FakeStream();
    for (const key of ['a', 'b', 'c']) stream.add(key);
    let reported = false;
    const state = mapping({ functionResponseTypes: ['ReportBatchItemFailures'] });
    const { batches } = run(stream, state, (keys) => {
      if (!reported && keys.includes('b')) {
        reported = true;
        return { payload: JSON.stringify({ batchItemFailures: [{ itemIdentifier: '002' }] }) };
      }
      return { payload: JSON.stringify({ batchItemFailures: [] }) };
    });
    await until(() => state.checkpoint === '003');
    expect(batches).toEqual([['a', 'b', 'c'], ['b', 'c']]);
  });

  // The window is far longer than the test's deadline, so a stall between the appends cannot
  // close it early (it could with a 1 s window); the batch still goes out once it is full
  // because, as in EventSourceMappings, appends wake the poller.
  it('waits within the batching window for a fuller batch and sends it once full', async () => {
    const stream = new FakeStream();
    const state = mapping({ batchSize: 3, maximumBatchingWindowInSeconds: 300 });
    const { batches } = run(stream, state, () => ({ payload: 'null' }));
    const unsubscribe = stream.onAppend(() => poller?.notify());
    try {
      stream.add('a');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(batches).toEqual([]);
      stream.add('b');
      stream.add('c');
      await until(() => state.checkpoint === '003');
      expect(batches).toEqual([['a', 'b', 'c']]);
    } finally {
      unsubscribe();
    }
  });

  it('sends a partial batch when the batching window ends', async () => {
    const stream = new FakeStream();
    const state = mapping({ batchSize: 3, maximumBatchingWindowInSeconds: 1 });
    const { batches } = run(stream, state, () => ({ payload: 'null' }));
    stream.add('a');
    await until(() => state.checkpoint === '001');
    expect(batches).toEqual([['a']]);
  });

  it('sends records older than MaximumRecordAgeInSeconds to OnFailure without invoking', async () => {
    const stream = new FakeStream();
    stream.add('stale', 'local', Date.now() - 120_000);
    stream.add('fresh');
    const state = mapping({ maximumRecordAgeInSeconds: 60 });
    const { batches, discarded } = run(stream, state, () => ({ payload: 'null' }));
    await until(() => state.checkpoint === '002');
    expect(batches).toEqual([['fresh']]);
    expect(discarded).toEqual([{ keys: ['stale'], condition: 'RecordAgeExceeded' }]);
  });
});
