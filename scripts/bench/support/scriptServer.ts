import { spawn } from 'node:child_process';

export interface ScriptServer {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Runs `program` (CommonJS source for `node -e`) as its own process, so it does not share an
 * event loop with the load client, and resolves once it prints `<name> ready at <url>`. Its
 * stderr tail goes into the error if it dies or is not ready in time; stop() kills it.
 */
export async function startScriptServer(name: string, program: string, readyTimeoutMs: number): Promise<ScriptServer> {
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
      const timer = setTimeout(() => reject(new Error(`${name} not ready after ${readyTimeoutMs / 1000} s; stderr:\n${stderr}`)), readyTimeoutMs);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = new RegExp(`${name} ready at (\\S+)`).exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code}; stderr:\n${stderr}`));
      });
    });
    return { endpoint, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
