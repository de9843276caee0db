import { afterAll, describe, expect, it } from '@jest/globals';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAdapter } from '../../src/persistence/fileAdapter.js';
import type { LoadSink, LogRecord, SnapshotEntry } from '../../src/persistence/persistenceAdapter.js';
import type { TableRecord } from '../../src/types.js';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kuhiro-file-adapter-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const table: TableRecord = {
  tenant: 't',
  name: 'T',
  id: 'table-1',
  key: { partition: [{ name: 'pk', type: 'S' }], sort: [] },
  indexes: [],
  description: {},
};
const write = (n: number): LogRecord => ({
  kind: 'write',
  entries: [{ tableId: 'table-1', key: { pk: { S: `k${n}` } }, update: new Uint8Array([n]), item: n % 2 ? { pk: { S: `k${n}` } } : undefined }],
});

interface Loaded {
  tables: TableRecord[];
  items: SnapshotEntry[];
  records: LogRecord[];
}
function collector(): LoadSink & Loaded {
  const loaded: Loaded = { tables: [], items: [], records: [] };
  return {
    ...loaded,
    table: (t) => loaded.tables.push(t),
    item: (i) => loaded.items.push(i),
    record: (r) => loaded.records.push(r),
    indexEntry: () => undefined,
    snapshotLoaded: () => undefined,
    reset: () => {
      loaded.tables.length = 0;
      loaded.items.length = 0;
      loaded.records.length = 0;
    },
    get tables() {
      return loaded.tables;
    },
    get items() {
      return loaded.items;
    },
    get records() {
      return loaded.records;
    },
  };
}

async function openAdapter(dir: string, sink = collector()) {
  const adapter = new FileAdapter({ dir, fsync: 'batch', groupCommitMs: 1 });
  const report = await adapter.load(sink);
  return { adapter, report, sink };
}

describe('FileAdapter', () => {
  it('replays appended records in order after reopening', async () => {
    const dir = await freshDir();
    const { adapter, report } = await openAdapter(dir);
    expect(report).toEqual({ damaged: false, notes: [], hadData: false });
    await Promise.all([adapter.append({ kind: 'putTable', table }), adapter.append(write(1)), adapter.append(write(2))]);
    await adapter.close();
    const reopened = await openAdapter(dir);
    expect(reopened.report.damaged).toBe(false);
    expect(reopened.report.hadData).toBe(true);
    expect(reopened.sink.records).toEqual([{ kind: 'putTable', table }, write(1), write(2)]);
    await reopened.adapter.close();
  });

  it('truncates a torn tail, keeps what came before and is not damaged', async () => {
    const dir = await freshDir();
    const { adapter } = await openAdapter(dir);
    await adapter.append(write(1));
    await adapter.append(write(2));
    await adapter.close();
    const [segment] = (await readdir(dir)).filter((name) => name.endsWith('.log'));
    const path = join(dir, segment!);
    const data = await readFile(path);
    await writeFile(path, data.subarray(0, data.length - 3)); // the last record lost its end
    const reopened = await openAdapter(dir);
    expect(reopened.report.damaged).toBe(false);
    expect(reopened.report.notes.join()).toMatch(/torn tail/);
    expect(reopened.sink.records).toEqual([write(1)]);
    await reopened.adapter.append(write(3));
    await reopened.adapter.close();
    // The truncation stuck: the next load sees no damage and every good record.
    const again = await openAdapter(dir);
    expect(again.report).toMatchObject({ damaged: false, notes: [] });
    expect(again.sink.records).toEqual([write(1), write(3)]);
    await again.adapter.close();
  });

  it('removes a newest segment whose header a crash cut short, without calling it damage, also on the next load', async () => {
    const dir = await freshDir();
    const { adapter } = await openAdapter(dir);
    await adapter.append(write(1));
    await adapter.close();
    const second = await openAdapter(dir); // created the next segment
    await second.adapter.close();
    const newest = (await readdir(dir)).filter((name) => name.endsWith('.log')).sort().at(-1)!;
    await writeFile(join(dir, newest), Buffer.from('KHR')); // header torn
    const third = await openAdapter(dir);
    expect(third.report.damaged).toBe(false);
    expect(third.sink.records).toEqual([write(1)]);
    await third.adapter.append(write(2));
    await third.adapter.close();
    const fourth = await openAdapter(dir);
    expect(fourth.report).toMatchObject({ damaged: false, notes: [] });
    expect(fourth.sink.records).toEqual([write(1), write(2)]);
    await fourth.adapter.close();
  });

  it('reports damage when an older segment is corrupt', async () => {
    const dir = await freshDir();
    const first = await openAdapter(dir);
    await first.adapter.append(write(1));
    await first.adapter.append(write(2));
    await first.adapter.close();
    const second = await openAdapter(dir); // starts a new segment
    await second.adapter.append(write(3));
    await second.adapter.close();
    const segments = (await readdir(dir)).filter((name) => name.endsWith('.log')).sort();
    const path = join(dir, segments[0]!);
    const data = await readFile(path);
    data[data.length - 2] ^= 0xff;
    await writeFile(path, data);
    const reopened = await openAdapter(dir);
    expect(reopened.report.damaged).toBe(true);
    expect(reopened.sink.records).toEqual([write(1), write(3)]);
    await reopened.adapter.close();
  });

  it('loads a snapshot plus the records appended after it, and deletes covered segments', async () => {
    const dir = await freshDir();
    const { adapter } = await openAdapter(dir);
    await adapter.append({ kind: 'putTable', table });
    await adapter.append(write(1));
    const item: SnapshotEntry = { tableId: 'table-1', treeKey: 'tk1', text: '{"pk":{"S":"k1"}}', state: '\u0001\u00ff', size: 4 };
    await adapter.snapshot(() => ({ tables: [table], items: () => [item] }));
    expect(adapter.bytesSinceSnapshot).toBe(0);
    await adapter.append(write(2));
    await adapter.close();
    const names = await readdir(dir);
    expect(names.filter((name) => name.endsWith('.snap'))).toHaveLength(1);
    expect(names.filter((name) => name.endsWith('.log'))).toHaveLength(1);
    const reopened = await openAdapter(dir);
    expect(reopened.report.damaged).toBe(false);
    expect(reopened.sink.tables).toEqual([table]);
    expect(reopened.sink.items).toEqual([item]);
    expect(reopened.sink.records).toEqual([write(2)]);
    await reopened.adapter.close();
  });

  it('treats a corrupt snapshot as damage and does not load part of it', async () => {
    const dir = await freshDir();
    const { adapter } = await openAdapter(dir);
    const item: SnapshotEntry = { tableId: 'table-1', treeKey: 'tk1', key: { pk: { S: 'k1' } }, text: undefined, state: '\u0001', size: 0 };
    await adapter.snapshot(() => ({ tables: [table], items: () => [item] }));
    await adapter.close();
    const [snapshot] = (await readdir(dir)).filter((name) => name.endsWith('.snap'));
    const path = join(dir, snapshot!);
    const size = (await stat(path)).size;
    await writeFile(path, (await readFile(path)).subarray(0, size - 4));
    const reopened = await openAdapter(dir);
    expect(reopened.report.damaged).toBe(true);
    expect(reopened.sink.tables).toEqual([]);
    expect(reopened.sink.items).toEqual([]);
    await reopened.adapter.close();
  });

  it('streams a snapshot to the sink but takes back everything when a later record is damaged', async () => {
    const dir = await freshDir();
    const { adapter } = await openAdapter(dir);
    await adapter.append({ kind: 'putTable', table });
    // Several 1,000-item records: the first ones reach the sink before the damage is read.
    const items: SnapshotEntry[] = Array.from({ length: 2_500 }, (_, i) => ({
      tableId: 'table-1',
      treeKey: `k${String(i).padStart(5, '0')}`,
      text: `{"pk":{"S":"k${i}"}}`,
      state: '\u0001',
      size: 8,
    }));
    await adapter.snapshot(() => ({ tables: [table], items: () => items }));
    await adapter.close();
    const intact = await openAdapter(dir);
    expect(intact.sink.items).toEqual(items);
    await intact.adapter.close();
    const [snapshot] = (await readdir(dir)).filter((name) => name.endsWith('.snap'));
    const path = join(dir, snapshot!);
    const data = await readFile(path);
    data[Math.floor(data.length * 0.7)] ^= 0xff;
    await writeFile(path, data);
    const reopened = await openAdapter(dir);
    expect(reopened.report.damaged).toBe(true);
    expect(reopened.sink.tables).toEqual([]);
    expect(reopened.sink.items).toEqual([]);
    await reopened.adapter.close();
  });

  it('ignores a snapshot temp file a crash left behind', async () => {
    const dir = await freshDir();
    const { adapter } = await openAdapter(dir);
    await adapter.append(write(1));
    await adapter.close();
    await appendFile(join(dir, 'snapshot-00000009.snap.tmp'), 'partial');
    const reopened = await openAdapter(dir);
    expect(reopened.report.damaged).toBe(false);
    expect(reopened.sink.records).toEqual([write(1)]);
    expect((await readdir(dir)).some((name) => name.endsWith('.tmp'))).toBe(false);
    await reopened.adapter.close();
  });
});
