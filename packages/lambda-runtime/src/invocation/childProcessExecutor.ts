import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParentMessage, WorkerMessage } from '../worker/protocol.js';
import type { EnvironmentSpec, ExecutionEnvironment, Executor } from './executor.js';
import { permissionArgs } from './permissionFlags.js';

const BOOTSTRAP = fileURLToPath(new URL('../worker/bootstrap.js', import.meta.url));
/** The bootstrap's own files and the package.json that marks them as ES modules. */
export const BOOTSTRAP_READABLE_PATHS = [path.dirname(BOOTSTRAP), fileURLToPath(new URL('../../../package.json', import.meta.url))];

/** Signal names as Lambda's runtime reports an exit ("Runtime exited with error: signal: killed"). */
const SIGNAL_TEXT: Record<string, string> = { SIGKILL: 'killed', SIGABRT: 'aborted', SIGSEGV: 'segmentation fault', SIGTERM: 'terminated' };

/**
 * Runs each environment as a `node` child process under the permission model: reads limited to
 * the code, the bootstrap and the SDK mirror; writes to its own /tmp only; no child processes or
 * worker threads; heap bounded by MemorySize.
 */
export class ChildProcessExecutor implements Executor {
  start(spec: EnvironmentSpec): ExecutionEnvironment {
    const args = [
      ...permissionArgs({ readable: [spec.taskRoot, ...BOOTSTRAP_READABLE_PATHS, ...spec.readablePaths], writable: [spec.tmpDir] }),
      `--max-old-space-size=${spec.memorySizeMb}`,
      BOOTSTRAP,
    ];
    const child = spawn(process.execPath, args, { cwd: spec.taskRoot, env: spec.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(signal ? `signal: ${SIGNAL_TEXT[signal] ?? signal}` : `exit status ${code ?? 0}`));
      child.once('error', (error) => resolve(`error: ${error.message}`));
    });
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    return {
      send: (message: ParentMessage) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as WorkerMessage)),
      onOutput: (listener) => {
        child.stdout!.on('data', listener);
        child.stderr!.on('data', listener);
      },
      exited,
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  }
}
