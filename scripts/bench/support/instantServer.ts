import { spawn } from 'node:child_process';

export interface InstantServer {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * An HTTP server (own process) that answers every request at once with `{}`: running the load
 * client against it gives the client's own ceiling on this machine, printed next to the results so
 * a reader can tell whether a target or the client was the limit.
 */
export async function startInstantServer(): Promise<InstantServer> {
  const program = `
    const server = require('node:http').createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    server.listen(0, '127.0.0.1', () => console.log('instant ready at http://127.0.0.1:' + server.address().port));
  `;
  const child = spawn(process.execPath, ['-e', program], { stdio: ['ignore', 'pipe', 'inherit'] });
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
      const timer = setTimeout(() => reject(new Error('instant server not ready after 10 s')), 10_000);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /instant ready at (\S+)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`instant server exited with ${code}`)));
    });
    return { endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
