import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface FunctionLedgerFile {
  /** `tenant \0 name` -> stamp of the state (or deletion) this PoP holds. */
  stamps: Record<string, { stamp: string; deleted?: true }>;
  /** Hex hashes of the code packages this PoP has published itself (its peers got the bytes from it). */
  publishedCode: string[];
}

/**
 * What last-writer-wins needs to remember per function beyond the lambda registry: the stamp of
 * the state held (a deletion's stamp as a tombstone, so an older create arriving late does not
 * resurrect it), and which code hashes this origin has already sent. One small JSON file,
 * rewritten atomically on every change: control-plane changes are rare.
 */
export class FunctionLedger {
  private readonly file: string;
  private readonly stamps = new Map<string, { stamp: string; deleted?: true }>();
  private readonly publishedCode = new Set<string>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'functions.json');
    try {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as FunctionLedgerFile;
      for (const [key, value] of Object.entries(saved.stamps)) this.stamps.set(key, value);
      for (const hash of saved.publishedCode) this.publishedCode.add(hash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** '' for a function this PoP has no stamp for (created before it joined a network, or unknown). */
  stamp(tenant: string, name: string): string {
    return this.stamps.get(`${tenant}\u0000${name}`)?.stamp ?? '';
  }

  has(tenant: string, name: string): boolean {
    return this.stamps.has(`${tenant}\u0000${name}`);
  }

  /** Records a stamp unless a newer one is already held (a local change may overtake a remote apply). */
  advance(tenant: string, name: string, stamp: string, deleted: boolean): void {
    if (stamp <= this.stamp(tenant, name)) return;
    this.stamps.set(`${tenant}\u0000${name}`, deleted ? { stamp, deleted: true } : { stamp });
    this.save();
  }

  /** Every stamp held, deletions included (for a state transfer). */
  entries(): Array<{ tenant: string; name: string; stamp: string; deleted: boolean }> {
    return [...this.stamps].map(([key, value]) => {
      const separator = key.indexOf('\u0000');
      return { tenant: key.slice(0, separator), name: key.slice(separator + 1), stamp: value.stamp, deleted: value.deleted === true };
    });
  }

  hasPublishedCode(sha256Hex: string): boolean {
    return this.publishedCode.has(sha256Hex);
  }

  markCodePublished(sha256Hex: string): void {
    this.publishedCode.add(sha256Hex);
    this.save();
  }

  private save(): void {
    const content: FunctionLedgerFile = { stamps: Object.fromEntries(this.stamps), publishedCode: [...this.publishedCode] };
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(content));
    renameSync(temp, this.file);
  }
}
