import { Journal, type ReplicationLogger, type ReplicationRecord } from '@kuhiro/replication';

/**
 * How many of this node's newest own records are re-applied to its store at start. A local
 * write goes to the store's log and to the replication journal side by side; a kill -9
 * between the two writes can leave it in the journal (so peers get it) but not in the store.
 * The store would then reuse the Yjs clocks of the lost update for its next write to that
 * item, and the replicas would diverge for good. The window is one group commit (a few ms),
 * so the newest few thousand records cover it many times over; re-applying a Yjs update
 * the store already has changes nothing.
 */
export const OWN_TAIL_RECORDS = 2000;

export async function replayOwnJournalTail(options: {
  journalDir: string;
  self: string;
  apply: (records: ReplicationRecord[]) => Promise<void>;
  logger: ReplicationLogger;
}): Promise<number> {
  // Opened and closed before the replicator opens the same directory.
  const journal = await Journal.open({ dir: options.journalDir, logger: options.logger });
  let replayed = 0;
  try {
    const top = journal.vector.get(options.self) ?? 0;
    let after = Math.max(0, top - OWN_TAIL_RECORDS);
    while (after < top) {
      const { records } = await journal.read(options.self, after, 4 * 1024 * 1024);
      if (records.length === 0) break;
      await options.apply(records);
      replayed += records.length;
      after = records[records.length - 1]!.toSeq;
    }
  } finally {
    await journal.close();
  }
  return replayed;
}
