// Child process for the kill -9 test: appends records as fast as it can and prints
// each seq once append() resolved (durable), until it is killed.
import { Journal } from '../../src/index.js';

const dir = process.argv[2]!;
const journal = await Journal.open({ dir, fsync: 'always', segmentBytes: 4096 });
let seq = journal.vector.get('child') ?? 0;
for (;;) {
  const batch: Array<Promise<number>> = [];
  for (let i = 0; i < 20; i++) {
    const next = ++seq;
    const update = new Uint8Array(50).fill(next % 251);
    batch.push(journal.append({ origin: 'child', fromSeq: next, toSeq: next, entries: [{ tenant: 't', table: 'x', key: `k${next}`, scope: 'all', update }] }).then(() => next));
  }
  for (const done of batch) {
    const acked = await done;
    process.stdout.write(`acked ${acked}\n`);
  }
}
