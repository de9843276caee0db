import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NodeStore, type CommittedWrite } from '@kuhiro/crdt-store';
import { DynamoDbApi } from '../../src/index.js';
import { isExpired } from '../../src/ttl/expiry.js';
import { TtlSweeper } from '../../src/ttl/ttlSweeper.js';
import { assertions, CONTEXT } from '../helpers/assertions.js';
import { hashTable } from '../helpers/tables.js';

const NOW_MS = 1_700_000_000_000;
const NOW_S = NOW_MS / 1000;
const YEAR_S = 365 * 24 * 3600;

describe('isExpired', () => {
  it('follows the documented rules', () => {
    expect(isExpired({ t: { N: String(NOW_S - 1) } }, 't', NOW_MS)).toBe(true);
    expect(isExpired({ t: { N: String(NOW_S + 1) } }, 't', NOW_MS)).toBe(false);
    expect(isExpired({ t: { S: String(NOW_S - 1) } }, 't', NOW_MS)).toBe(false);
    expect(isExpired({ other: { N: '1' } }, 't', NOW_MS)).toBe(false);
    expect(isExpired({ t: { N: String(NOW_S - 5 * YEAR_S - 10) } }, 't', NOW_MS)).toBe(false);
    expect(isExpired({ t: { N: String(NOW_S - 4 * YEAR_S) } }, 't', NOW_MS)).toBe(true);
    // Milliseconds by mistake are far in the future, so never expire.
    expect(isExpired({ t: { N: String(NOW_MS - 1000) } }, 't', NOW_MS)).toBe(false);
  });
});

describe('TTL sweeper', () => {
  const clock = { nowMs: NOW_MS };
  let dataDir: string;
  let store: NodeStore;
  let api: DynamoDbApi;
  let a: ReturnType<typeof assertions>;
  const commits: CommittedWrite[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuhiro-ttl-'));
    store = await NodeStore.open({ dataDir, fsync: 'none' });
    store.onCommit((write) => commits.push(write));
    api = new DynamoDbApi(store, { region: CONTEXT.region, now: () => clock.nowMs, ttlSweepIntervalMs: 5 });
    a = assertions({ call: async (op, body) => (await api.handle(CONTEXT, op, body)) as { status: number; body: Record<string, unknown> } });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const put = (pk: string, ttl?: Record<string, string>) =>
    a.ok('PutItem', { TableName: 'ttl_items', Item: { pk: { S: pk }, ...(ttl ? { expiresAt: ttl } : {}) } });
  const keys = async () =>
    ((await a.ok('Scan', { TableName: 'ttl_items' })).Items as Array<{ pk: { S: string } }>).map((i) => i.pk.S).sort();

  it('deletes only expired items of TTL tables, through logged, replicable deletes', async () => {
    await a.ok('CreateTable', hashTable('ttl_items'));
    await a.ok('CreateTable', hashTable('no_ttl'));
    await a.ok('PutItem', { TableName: 'no_ttl', Item: { pk: { S: 'old' }, expiresAt: { N: String(NOW_S - 100) } } });
    await put('past', { N: String(NOW_S - 100) });
    await put('future', { N: String(NOW_S + 100) });
    await put('string', { S: String(NOW_S - 100) });
    await put('ancient', { N: String(NOW_S - 6 * YEAR_S) });
    await put('none');

    // Not enabled yet: nothing is swept, and reads still return the expired item.
    expect(await api.sweepExpired()).toBe(0);
    await a.ok('UpdateTimeToLive', { TableName: 'ttl_items', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } });
    expect(await keys()).toContain('past');

    commits.length = 0;
    expect(await api.sweepExpired()).toBe(1);
    expect(await keys()).toEqual(['ancient', 'future', 'none', 'string']);
    expect(commits).toHaveLength(1);
    expect(commits[0]!.origin).toBe('local');
    expect(commits[0]!.items[0]!.key).toEqual({ pk: { S: 'past' } });
    expect(commits[0]!.items[0]!.new).toBeUndefined();
    expect((await a.ok('Scan', { TableName: 'no_ttl' })).Count).toBe(1);

    // Time passes on the fake clock: 'future' expires.
    clock.nowMs += 200_000;
    expect(await api.sweepExpired()).toBe(1);
    expect(await keys()).toEqual(['ancient', 'none', 'string']);
  });

  it('stops sweeping once TTL is disabled', async () => {
    await put('later', { N: String(clock.nowMs / 1000 + 10) });
    await a.ok('UpdateTimeToLive', { TableName: 'ttl_items', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: false } });
    clock.nowMs += 60_000;
    expect(await api.sweepExpired()).toBe(0);
    expect(await keys()).toContain('later');
  });

  it('sweeps in the background once started, and stops on close', async () => {
    await a.ok('UpdateTimeToLive', { TableName: 'ttl_items', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } });
    api.start();
    // The interval is 5 ms; wait (bounded) for the background pass to remove 'later'.
    for (let i = 0; i < 200 && (await keys()).includes('later'); i++) await new Promise((r) => setTimeout(r, 5));
    await api.close();
    expect(await keys()).toEqual(['ancient', 'none', 'string']);
    await put('afterClose', { N: String(clock.nowMs / 1000 - 1) });
    await new Promise((r) => setTimeout(r, 30));
    expect(await keys()).toContain('afterClose');
  });

  it('walks a table in bounded steps, resuming where the last step stopped', async () => {
    for (let i = 0; i < 7; i++) await put(`step-${i}`, { N: String(clock.nowMs / 1000 - 1) });
    const table = store.getTable(CONTEXT.tenant, 'ttl_items')!;
    const sweeper = new TtlSweeper(store, { now: () => clock.nowMs, tables: () => [table], intervalMs: 1000, itemsPerTick: 2 });
    expect(await sweeper.sweepExpired()).toBe(8);
    expect(await keys()).toEqual(['ancient', 'none', 'string']);
  });
});
