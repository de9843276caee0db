import { readFile, rm } from 'node:fs/promises';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { writeJsonAtomically } from './deployState.js';

export interface SegmentProgress {
  /** Scan's LastEvaluatedKey after the last page that is fully written to the target. */
  lastKey?: Record<string, AttributeValue>;
  done: boolean;
  copied: number;
}

/** What an interrupted copy had finished: per table, per scan segment. */
export interface CopyCheckpoint {
  version: 1;
  source: string;
  target: string;
  totalSegments: number;
  tables: Record<string, SegmentProgress[]>;
}

export async function readCheckpoint(path: string): Promise<CopyCheckpoint | undefined> {
  try {
    const checkpoint = JSON.parse(await readFile(path, 'utf8')) as CopyCheckpoint;
    return checkpoint.version === 1 ? checkpoint : undefined;
  } catch {
    return undefined;
  }
}

/** Saves one at a time, in order, so a slow write never overwrites a newer one. */
export class CheckpointWriter {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    readonly checkpoint: CopyCheckpoint,
  ) {}

  save(): Promise<void> {
    const snapshot = JSON.parse(JSON.stringify(this.checkpoint)) as CopyCheckpoint;
    this.queue = this.queue.then(() => writeJsonAtomically(this.path, snapshot));
    return this.queue;
  }

  async remove(): Promise<void> {
    await this.queue;
    await rm(this.path, { force: true });
  }
}
