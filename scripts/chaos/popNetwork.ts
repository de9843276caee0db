import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTcpProxy, type TcpProxy } from '@kuhiro/replication';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../cli/dist/src/bin.js');

export interface Pop {
  name: string;
  port: number;
  dataDir: string;
  networkFile: string;
  child?: ChildProcess;
  url: string;
}

/**
 * Central + edges as `kuhiro node` processes; every link a PoP dials runs through a proxy
 * of its own (each PoP has its own network config pointing its dials at those proxies), so
 * one PoP can be cut off from all others: partition its links' proxies.
 */
export class PopNetwork {
  readonly pops = new Map<string, Pop>();
  readonly proxies = new Map<string, TcpProxy>();

  static async start(dir: string, edges: number, options: { delayMs?: number } = {}): Promise<PopNetwork> {
    const network = new PopNetwork();
    const names = ['central', ...Array.from({ length: edges }, (_, i) => `edge-${i + 1}`)];
    const ports = new Map<string, number>();
    for (const name of names) ports.set(name, await freePort());
    for (const self of names) {
      const pops = [];
      for (const name of names) {
        let url = `http://127.0.0.1:${ports.get(name)}`;
        if (name !== self) {
          const proxy = await startTcpProxy({ targetPort: ports.get(name)!, delayMs: options.delayMs ?? 0 });
          network.proxies.set(`${self}->${name}`, proxy);
          url = `http://127.0.0.1:${proxy.port}`;
        }
        pops.push({ name, url, role: name === 'central' ? 'central' : 'edge' });
      }
      const networkFile = join(dir, `${self}.network.json`);
      await writeFile(networkFile, JSON.stringify({ networkId: 'chaos', secret: 'chaos-secret-0123456789abcdef', pops }));
      network.pops.set(self, { name: self, port: ports.get(self)!, dataDir: join(dir, self), networkFile, url: `http://127.0.0.1:${ports.get(self)}` });
    }
    await Promise.all(names.map((name) => network.startPop(name)));
    return network;
  }

  names(): string[] {
    return [...this.pops.keys()];
  }

  async startPop(name: string): Promise<void> {
    const pop = this.pops.get(name)!;
    const child = spawn(process.execPath, [BIN, 'node', '--log-level', 'error', '--port', String(pop.port), '--data', pop.dataDir, '--name', name, '--network', pop.networkFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    pop.child = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('ready at')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    });
  }

  async kill9(name: string): Promise<void> {
    const child = this.pops.get(name)!.child!;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  /** Cuts `name` off from every other PoP (both directions of every link it has). */
  partition(name: string): void {
    for (const [link, proxy] of this.proxies) if (link.startsWith(`${name}->`) || link.endsWith(`->${name}`)) proxy.partition('blackhole');
  }

  healAll(): void {
    for (const proxy of this.proxies.values()) proxy.heal();
  }

  async vectorsEqual(): Promise<boolean> {
    const vectors = await Promise.all(
      [...this.pops.values()].map(async (pop) => {
        const view = (await (await fetch(`${pop.url}/_kuhiro/network`)).json()) as { vector: Record<string, number> };
        return JSON.stringify(Object.entries(view.vector).sort());
      }),
    );
    return vectors.every((vector) => vector === vectors[0]);
  }

  async waitQuiescent(timeoutMs = 60_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await this.vectorsEqual().catch(() => false)) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.pops.values()].map(async (pop) => {
        const child = pop.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }),
    );
    await Promise.all([...this.proxies.values()].map((proxy) => proxy.close()));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
