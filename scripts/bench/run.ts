import { progress } from './support/progress.js';

/** Every benchmark by the name `npm run bench -- NAME` takes; each module exports `run()`. */
const BENCHMARKS: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  'dynamodb-items': () => import('./dynamodb-items.js'),
  'dynamodb-reads': () => import('./dynamodb-reads.js'),
  streams: () => import('./streams.js'),
  reload: () => import('./reload.js'),
  'lambda-invoke': () => import('./lambda-invoke.js'),
  replication: () => import('./replication.js'),
  switch: () => import('./switch.js'),
  spot: () => import('./spot.js'),
};

const name = process.argv[2];
if (!name || !(name in BENCHMARKS)) {
  progress(`usage: npm run bench -- NAME   (NAME: ${Object.keys(BENCHMARKS).join(', ')})`);
  process.exit(2);
}
const benchmark = await BENCHMARKS[name]!();
await benchmark.run();
