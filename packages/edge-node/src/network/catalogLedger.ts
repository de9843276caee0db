import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface LedgerFile {
  /** `tenant \0 tableName` -> stamp of the delete that removed it. */
  tombstones: Record<string, string>;
  /** Ids of table incarnations that lost or were deleted: late updates for them are dropped. */
  deadTableIds: string[];
}

/**
 * What the catalog's last-writer-wins rule must remember beyond the tables themselves: the
 * stamps of deletes (a late, older create must not resurrect a table) and the ids of dead
 * incarnations (their late item updates are dropped, not retried). Kept in one small JSON
 * file, rewritten atomically on every change: catalog changes are rare.
 */
export class CatalogLedger {
  private readonly file: string;
  private readonly deleteStamps = new Map<string, string>();
  private readonly deadIds = new Set<string>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'catalog.json');
    try {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as LedgerFile;
      for (const [key, stamp] of Object.entries(saved.tombstones)) this.deleteStamps.set(key, stamp);
      for (const id of saved.deadTableIds) this.deadIds.add(id);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  tombstone(tenant: string, name: string): string | undefined {
    return this.deleteStamps.get(`${tenant}\u0000${name}`);
  }

  isDead(tableId: string): boolean {
    return this.deadIds.has(tableId);
  }

  /** Every delete tombstone (for a state transfer). */
  tombstones(): Array<{ tenant: string; name: string; stamp: string }> {
    return [...this.deleteStamps].map(([key, stamp]) => {
      const separator = key.indexOf('\u0000');
      return { tenant: key.slice(0, separator), name: key.slice(separator + 1), stamp };
    });
  }

  /** Ids of dead table incarnations (for a state transfer). */
  deadTableIds(): string[] {
    return [...this.deadIds];
  }

  recordDelete(tenant: string, name: string, stamp: string, tableId: string | undefined): void {
    this.deleteStamps.set(`${tenant}\u0000${name}`, stamp);
    if (tableId !== undefined) this.deadIds.add(tableId);
    this.save();
  }

  recordReplaced(tenant: string, name: string, deadTableId: string | undefined): void {
    this.deleteStamps.delete(`${tenant}\u0000${name}`);
    if (deadTableId !== undefined) this.deadIds.add(deadTableId);
    this.save();
  }

  recordDead(tableId: string): void {
    if (this.deadIds.has(tableId)) return;
    this.deadIds.add(tableId);
    this.save();
  }

  private save(): void {
    const content: LedgerFile = { tombstones: Object.fromEntries(this.deleteStamps), deadTableIds: [...this.deadIds] };
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(content));
    renameSync(temp, this.file);
  }
}
