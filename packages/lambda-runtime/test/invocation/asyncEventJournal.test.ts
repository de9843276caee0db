import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AsyncEventJournal, type JournaledEvent } from '../../src/invocation/asyncEventJournal.js';

function event(id: string): JournaledEvent {
  return { id, tenant: 't', functionName: 'fn', version: '$LATEST', payload: `{"id":"${id}"}`, enqueuedAt: 1000, maxRetries: 2, maxAgeMs: 60_000 };
}

describe('AsyncEventJournal', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kuhiro-journal-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives back, after a reopen, exactly the events not done, with their retry state', async () => {
    const file = path.join(dir, 'reopen.jsonl');
    const journal = await AsyncEventJournal.open(file, () => {});
    await Promise.all(['a', 'b', 'c'].map((id) => journal.append({ op: 'queued', event: event(id) })));
    await journal.append({ op: 'retry', id: 'b', attempt: 1, dueAt: 5000 });
    await journal.append({ op: 'done', id: 'a' });
    // No close(): a crash leaves the file as it is after the last fdatasync.
    const reopened = await AsyncEventJournal.open(file, () => {});
    expect(reopened.pendingEvents()).toEqual([
      { event: event('b'), attempt: 1, dueAt: 5000 },
      { event: event('c'), attempt: 0, dueAt: 1000 },
    ]);
    await reopened.close();
    await journal.close();
  });

  it('skips a line torn by a crash mid-write and keeps the rest', async () => {
    const file = path.join(dir, 'torn.jsonl');
    const journal = await AsyncEventJournal.open(file, () => {});
    await journal.append({ op: 'queued', event: event('whole') });
    await journal.close();
    await appendFile(file, '{"op":"queued","event":{"id":"to');
    const warnings: string[] = [];
    const reopened = await AsyncEventJournal.open(file, (message) => warnings.push(message));
    expect(reopened.pendingEvents().map((entry) => entry.event.id)).toEqual(['whole']);
    expect(warnings.join('\n')).toMatch(/skipped 1 unreadable line/);
    await reopened.close();
  });

  it('empties the file once every event is done', async () => {
    const file = path.join(dir, 'drained.jsonl');
    const journal = await AsyncEventJournal.open(file, () => {});
    await journal.append({ op: 'queued', event: event('x') });
    expect((await stat(file)).size).toBeGreaterThan(0);
    await journal.append({ op: 'done', id: 'x' });
    expect((await stat(file)).size).toBe(0);
    await journal.close();
  });

  it('rewrites a long journal of mostly finished events down to the pending ones', async () => {
    const file = path.join(dir, 'long.jsonl');
    const journal = await AsyncEventJournal.open(file, () => {});
    await journal.append({ op: 'queued', event: event('keep') });
    // Bursts of 100 events, each queued and done: group commit writes a burst with one flush.
    for (let burst = 0; burst < 6; burst++) {
      const ids = Array.from({ length: 100 }, (_, i) => `e${burst}-${i}`);
      await Promise.all(ids.flatMap((id) => [journal.append({ op: 'queued', event: event(id) }), journal.append({ op: 'done', id })]));
    }
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    expect(lines.length).toBeLessThan(1000);
    await journal.close();
    const reopened = await AsyncEventJournal.open(file, () => {});
    expect(reopened.pendingEvents().map((entry) => entry.event.id)).toEqual(['keep']);
    await reopened.close();
  });
});
