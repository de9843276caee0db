import type { Store, TableRecord } from '@kuhiro/crdt-store';
import type { Item } from '@kuhiro/expressions';
import { keyAttributeNames } from '../items/keys.js';
import { tableMeta } from '../tables/tableMeta.js';
import { isExpired } from './expiry.js';
import { runAsTtlDelete } from './ttlDeletes.js';

export interface TtlSweeperOptions {
  now: () => number;
  /** Every table the node holds (the sweeper keeps only those with TTL enabled). */
  tables: () => Iterable<TableRecord>;
  intervalMs: number;
  /** Items examined per background tick, so a big table never blocks the event loop for long. */
  itemsPerTick?: number;
  log?: (msg: string, meta?: object) => void;
}

/** ~10k small items scan in a few ms on this machine; enough to keep up, short enough not to stall requests. */
const DEFAULT_ITEMS_PER_TICK = 10_000;

/**
 * Deletes TTL-expired items through the store's normal `write`, one delete per item, so each
 * removal is logged and replicated like any other delete. In the background it walks each
 * TTL table with a cursor, a bounded number of items per tick; `sweepExpired` does a full
 * pass at once (tests with a fake clock, and operators). Reads may return an expired item
 * until it is swept, as AWS's may.
 */
export class TtlSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  /** Per table id: where the background walk resumes. */
  private readonly cursors = new Map<string, Item>();
  private readonly itemsPerTick: number;

  constructor(
    private readonly store: Store,
    private readonly options: TtlSweeperOptions,
  ) {
    this.itemsPerTick = options.itemsPerTick ?? DEFAULT_ITEMS_PER_TICK;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((err) => this.options.log?.('TTL sweep failed', { error: err instanceof Error ? err.stack : String(err) }))
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs);
    // A sweeper alone never keeps the process alive.
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One full pass over every TTL table; resolves with the number of items deleted once durable. */
  async sweepExpired(nowMs: number = this.options.now()): Promise<number> {
    let deleted = 0;
    for (const table of this.ttlTables()) {
      let cursor: Item | undefined;
      do {
        const pass = await this.sweepSome(table.record, table.attribute, cursor, this.itemsPerTick, nowMs);
        deleted += pass.deleted;
        cursor = pass.cursor;
      } while (cursor);
    }
    return deleted;
  }

  private async tick(): Promise<void> {
    let budget = this.itemsPerTick;
    const nowMs = this.options.now();
    for (const table of this.ttlTables()) {
      if (budget <= 0) return;
      const pass = await this.sweepSome(table.record, table.attribute, this.cursors.get(table.record.id), budget, nowMs);
      budget -= pass.examined;
      if (pass.cursor) this.cursors.set(table.record.id, pass.cursor);
      else this.cursors.delete(table.record.id);
    }
  }

  private ttlTables(): Array<{ record: TableRecord; attribute: string }> {
    const result = [];
    for (const record of this.options.tables()) {
      const ttl = tableMeta(record).TimeToLive;
      if (ttl?.Enabled) result.push({ record, attribute: ttl.AttributeName });
    }
    return result;
  }

  /**
   * Examines up to `limit` items after `cursor`, then deletes the expired ones. Keys are
   * collected first and each item re-read right before its delete (no await in between):
   * an item rewritten with a later TTL meanwhile is kept.
   */
  private async sweepSome(
    table: TableRecord,
    attribute: string,
    cursor: Item | undefined,
    limit: number,
    nowMs: number,
  ): Promise<{ examined: number; deleted: number; cursor: Item | undefined }> {
    const keyNames = keyAttributeNames(table);
    const keyOf = (item: Item): Item => Object.fromEntries(keyNames.map((name) => [name, item[name]!]));
    const expired: Item[] = [];
    let examined = 0;
    let last: Item | undefined;
    let more = false;
    for (const item of this.store.scan(table, cursor ? { exclusiveStartKey: cursor } : {})) {
      if (examined === limit) {
        more = true;
        break;
      }
      examined++;
      last = item;
      if (isExpired(item, attribute, nowMs)) expired.push(keyOf(item));
    }
    const current = this.store.getTable(table.tenant, table.name);
    if (!current || current.id !== table.id) return { examined, deleted: 0, cursor: undefined };
    const durable: Promise<void>[] = [];
    for (const key of expired) {
      if (!isExpired(this.store.getItem(current, key), attribute, nowMs)) continue;
      durable.push(runAsTtlDelete(() => this.store.write([{ table: current, key, type: 'delete' }])).durable);
    }
    await Promise.all(durable);
    return { examined, deleted: durable.length, cursor: more && last ? keyOf(last) : undefined };
  }
}
