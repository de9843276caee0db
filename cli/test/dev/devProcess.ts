import { startCli, stopCli, type CliChild } from '../helpers/nodeProcess.js';
import { cleanEnvWith } from '../app/appTestKit.js';

const READY = /^kuhiro dev: watching /m;
/** The single node's endpoint, or on a network the PoP apps use. */
const ENDPOINT = /^ {2}(?:endpoint|apps use)\s+(http:\/\/\S+)$/m;

export interface DevChild extends CliChild {
  endpoint: string;
}

/** Starts `kuhiro dev --single --port 0 ...` (`network: true`: the args choose) and resolves once it prints its ready line. */
export async function startDev(args: string[], env: Record<string, string>, timeoutMs = 90_000, network = false): Promise<DevChild> {
  const running = await startCli(['dev', ...(network ? [] : ['--single', '--port', '0']), ...args], { ready: READY, env: cleanEnvWith(env), timeoutMs });
  return { ...running, endpoint: ENDPOINT.exec(running.stdout())![1]! };
}

/** SIGTERM, SIGKILL after 20 s (dev stops a whole network); resolves with the exit code. */
export function stopDev(dev: DevChild | undefined): Promise<number | string | null | undefined> {
  return stopCli(dev, 20_000);
}
/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs` with the last error. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
