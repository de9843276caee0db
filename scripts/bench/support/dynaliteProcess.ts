import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

export interface DynaliteProcess {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * dynalite in its own process (in-memory store, tables ACTIVE at once), so it does not share an
 * event loop with the load client, exactly like the node under test.
 */
export async function startDynaliteProcess(): Promise<DynaliteProcess> {
  const dynaliteMain = createRequire(import.meta.url).resolve('dynalite');
  const program = `
    const dynalite = require(${JSON.stringify(dynaliteMain)});
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    server.listen(0, '127.0.0.1', () => console.log('dynalite ready at http://127.0.0.1:' + server.address().port));
  `;
  const child = spawn(process.execPath, ['-e', program], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  };
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`dynalite not ready after 15 s; stderr:\n${stderr}`)), 15_000);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /dynalite ready at (\S+)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`dynalite exited with ${code}; stderr:\n${stderr}`));
      });
    });
    return { endpoint, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
