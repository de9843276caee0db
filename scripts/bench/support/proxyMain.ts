import { startTcpProxy, type TcpProxy } from '@kuhiro/replication';

/**
 * Child-process entry of `startDelayProxies` (proxyProcess.ts): starts one delaying TCP proxy per
 * target port given as JSON in argv[2] (`{ delayMs, targetPorts: number[] }`), prints
 * `{"ports": [...]}` (same order) once all listen, and runs until SIGTERM or its stdin closes
 * (the bench died). A process of its own so that the bench's request signing and polling do not
 * make the proxies' delay timers late.
 */
const spec = JSON.parse(process.argv[2] ?? '{}') as { delayMs: number; targetPorts: number[] };
const proxies: TcpProxy[] = [];
let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await Promise.all(proxies.map((proxy) => proxy.close()));
  process.exit(0);
};
// Handlers first, readiness line last: a stop that comes right after the line is never lost.
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop()).resume();
for (const targetPort of spec.targetPorts) proxies.push(await startTcpProxy({ targetPort, delayMs: spec.delayMs }));
process.stdout.write(JSON.stringify({ ports: proxies.map((proxy) => proxy.port) }) + '\n');
