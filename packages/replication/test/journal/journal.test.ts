import { describe, it, expect, afterEach, beforeEach } from '@jest/globals';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { appendFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Journal, type ReplicationRecord } from '../../src/index.js';
import { CapturingLogger } from '../helpers/testNetwork.js';

function record(origin: string, seq: number, size = 20): ReplicationRecord {
  return { origin, fromSeq: seq, toSeq: seq, entries: [{ tenant: 't1', table: 'items', key: `k${seq}`, scope: 'all', update: new Uint8Array(size).fill(seq % 256) }] };
}

describe('journal', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kuhiro-journal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('hands an append to the OS before append() returns, so a kill -9 right after keeps it (the store logs the same write only later)', async () => {
    const journal = await Journal.open({ dir, fsync: 'always' });
    await journal.append(record('a', 1));
    const segment = join(dir, (await readdir(dir)).find((name) => name.endsWith('.kjl'))!);
    const before = statSync(segment).size;
    const durable = journal.append(record('a', 2, 300));
    // Checked synchronously, before anything else can run: no thread-pool write may be pending.
    expect(statSync(segment).size).toBeGreaterThan(before + 300);
    await durable;
    await journal.close();
    const reopened = await Journal.open({ dir });
    expect(reopened.vector.get('a')).toBe(2);
    await reopened.close();
  });

  it('reads back what it appended, per origin from any seq, also after reopening (from disk, not the cache)', async () => {
    const journal = await Journal.open({ dir, fsync: 'always' });
    for (let seq = 1; seq <= 10; seq++) {
      void journal.append(record('a', seq));
      void journal.append(record('b', seq));
    }
    await journal.append({ origin: 'c', fromSeq: 1, toSeq: 5, entries: [] });
    expect(Object.fromEntries(journal.vector)).toEqual({ a: 10, b: 10, c: 5 });
    expect((await journal.read('a', 6, 1 << 20)).records).toEqual([7, 8, 9, 10].map((s) => record('a', s)));
    await journal.close();
    const reopened = await Journal.open({ dir, cacheBytes: 0 });
    expect(Object.fromEntries(reopened.vector)).toEqual({ a: 10, b: 10, c: 5 });
    expect(await reopened.read('b', 0, 1 << 20)).toEqual({ records: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => record('b', s)), gap: false });
    expect(await reopened.read('c', 2, 1 << 20)).toEqual({ records: [{ origin: 'c', fromSeq: 1, toSeq: 5, entries: [] }], gap: false });
    expect(await reopened.read('a', 10, 1 << 20)).toEqual({ records: [], gap: false });
    // maxBytes bounds a read (at least one record is returned).
    expect((await reopened.read('a', 0, 1)).records).toHaveLength(1);
    await reopened.close();
  });

  it('group commit: appends wait for the groupCommitMs window, then all land durably', async () => {
    const journal = await Journal.open({ dir, fsync: 'always', groupCommitMs: 30 });
    const started = Date.now();
    const resolvedAt: number[] = [];
    const appends = [1, 2, 3].map((seq) => journal.append(record('a', seq)).then(() => resolvedAt.push(Date.now() - started)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    appends.push(journal.append(record('a', 4)).then(() => resolvedAt.push(Date.now() - started)));
    await Promise.all(appends);
    expect(resolvedAt).toHaveLength(4);
    expect(Math.min(...resolvedAt)).toBeGreaterThanOrEqual(25);
    await journal.close();
    const reopened = await Journal.open({ dir, cacheBytes: 0 });
    expect((await reopened.read('a', 0, 1 << 20)).records.map((r) => r.toSeq)).toEqual([1, 2, 3, 4]);
    await reopened.close();
  });

  it('refuses an append that overlaps what it holds', async () => {
    const journal = await Journal.open({ dir });
    await journal.append(record('a', 1));
    await expect(journal.append(record('a', 1))).rejects.toThrow(/overlaps/);
    await journal.close();
  });

  it('cuts a torn tail off the last segment, logs it, and keeps appending after it', async () => {
    const logger = new CapturingLogger();
    const journal = await Journal.open({ dir });
    for (let seq = 1; seq <= 3; seq++) await journal.append(record('a', seq));
    await journal.close();
    const [segment] = (await readdir(dir)).filter((name) => name.endsWith('.kjl'));
    const path = join(dir, segment!);
    const goodSize = (await stat(path)).size;
    // Half an entry: a length prefix promising 200 bytes, then only 5 (kill -9 mid-write).
    await appendFile(path, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const reopened = await Journal.open({ dir, logger });
    expect(logger.has(/torn; truncated/)).toBe(true);
    expect((await stat(path)).size).toBe(goodSize);
    expect(Object.fromEntries(reopened.vector)).toEqual({ a: 3 });
    await reopened.append(record('a', 4));
    await reopened.close();
    const again = await Journal.open({ dir, cacheBytes: 0 });
    expect((await again.read('a', 0, 1 << 20)).records.map((r) => r.toSeq)).toEqual([1, 2, 3, 4]);
    await again.close();
  });

  it('a CRC mismatch in the tail is cut off too', async () => {
    const journal = await Journal.open({ dir });
    for (let seq = 1; seq <= 2; seq++) await journal.append(record('a', seq));
    await journal.close();
    const [segment] = (await readdir(dir)).filter((name) => name.endsWith('.kjl'));
    const path = join(dir, segment!);
    const size = (await stat(path)).size;
    const { open } = await import('node:fs/promises');
    const handle = await open(path, 'r+');
    await handle.write(Buffer.from([0xff]), 0, 1, size - 1); // flip the last byte of seq 2
    await handle.close();
    const reopened = await Journal.open({ dir });
    expect(Object.fromEntries(reopened.vector)).toEqual({ a: 1 });
    await reopened.close();
  });

  it('retention: keeps the newest segments within retainBytes, remembers the vector, reports the gap', async () => {
    const journal = await Journal.open({ dir, segmentBytes: 600, retainBytes: 2000, cacheBytes: 0 });
    for (let seq = 1; seq <= 100; seq++) await journal.append(record('a', seq));
    await journal.flush();
    const stats = journal.stats();
    expect(stats.bytes).toBeLessThanOrEqual(2000 + 600);
    expect((await readdir(dir)).filter((name) => name.endsWith('.kjl')).length).toBe(stats.segments);
    const first = journal.firstRetainedSeq('a');
    expect(first).toBeGreaterThan(50);
    expect(await journal.read('a', 0, 1 << 20)).toEqual({ records: [], gap: true });
    expect((await journal.read('a', first - 1, 1 << 20)).records[0]!.fromSeq).toBe(first);
    await journal.close();
    const reopened = await Journal.open({ dir });
    expect(Object.fromEntries(reopened.vector)).toEqual({ a: 100 });
    expect(reopened.firstRetainedSeq('a')).toBe(first);
    await reopened.close();
  });

  it('retention by age drops segments whose newest entry is too old', async () => {
    let now = 1_000_000;
    const journal = await Journal.open({ dir, segmentBytes: 300, retainAgeMs: 60_000, clock: () => now });
    for (let seq = 1; seq <= 20; seq++) await journal.append(record('a', seq));
    now += 120_000;
    await journal.append(record('a', 21));
    await journal.flush(); // retention runs after the write that resolved the append
    expect(journal.firstRetainedSeq('a')).toBeGreaterThan(15);
    expect(journal.stats().segments).toBeLessThanOrEqual(2);
    await journal.close();
  });

  it('after kill -9 every append that had resolved is still there', async () => {
    const child = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'journalWriterChild.js'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lastAcked = 0;
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) {
          const match = /^acked (\d+)$/.exec(line);
          if (match) lastAcked = Math.max(lastAcked, Number(match[1]));
        }
        if (lastAcked >= 300) resolve();
      });
    });
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const journal = await Journal.open({ dir, cacheBytes: 0, segmentBytes: 4096 });
    const held = journal.vector.get('child') ?? 0;
    expect(held).toBeGreaterThanOrEqual(lastAcked);
    let seq = 0;
    for (;;) {
      const { records, gap } = await journal.read('child', seq, 1 << 20);
      expect(gap).toBe(false);
      if (records.length === 0) break;
      for (const r of records) {
        expect(r.fromSeq).toBe(++seq);
        expect(r.entries[0]!.update[0]).toBe(seq % 251);
      }
    }
    expect(seq).toBe(held);
    await journal.close();
  });
});
