import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { FromSpawner, ToSpawner, WorkerStream } from './spawnerProtocol.js';

/**
 * The worker spawner: a small process the node starts once, which starts the workers. Forking is
 * synchronous in libuv and its cost grows with the parent's memory (page tables), and the parent
 * also waits for the child's exec; on a loaded machine that blocked the node's event loop for
 * 100-230 ms per worker. Here it blocks only this process, whose heap is tiny.
 *
 * The worker's stdout, stderr and fd 3 are socket pairs (libuv makes `pipe` stdio that way);
 * fd 3 becomes the worker's IPC channel (NODE_CHANNEL_FD), and all three sockets are handed to
 * the node as IPC handles, so the node talks to the worker directly and nothing is relayed here.
 */
const children = new Map<number, ChildProcess>();

/**
 * A send can still fail after `connected` was checked (the node closed the channel while a worker
 * exited: EPIPE). Without a callback that error is emitted on `process` and, unhandled, killed
 * this helper before its 'disconnect' handler could stop the workers; the node is gone then anyway.
 */
function ignoreSendError(): void {}

function tell(message: FromSpawner, handle?: Socket): void {
  if (!process.connected) return;
  if (handle) process.send!(message, handle, undefined, ignoreSendError);
  else process.send!(message, undefined, undefined, ignoreSendError);
}

/**
 * A net.Socket made for a child's stdio starts reading at once. Handles go to the node one at a
 * time (each waits for the node's acknowledgement), so on a busy node a worker's first output or
 * its first IPC message could be read here, and lost, before its socket left. Stopped in the same
 * tick as the spawn, the bytes wait in the kernel until the node reads them. (`_handle.readStop`
 * is libuv's uv_read_stop, which Node's own stream code uses; there is no public way.)
 */
function stopReading(socket: Socket): void {
  (socket as unknown as { _handle?: { readStop?: () => number } })._handle?.readStop?.();
}

function start(id: number, args: string[], cwd: string, env: Record<string, string>): void {
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, args, {
      cwd,
      env: { ...env, NODE_CHANNEL_FD: '3', NODE_CHANNEL_SERIALIZATION_MODE: 'json' },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    tell({ type: 'error', id, message: (error as Error).message });
    return;
  }
  child.once('error', (error) => {
    children.delete(id);
    tell({ type: 'error', id, message: error.message });
  });
  if (child.pid === undefined) return; // spawn failed: 'error' follows
  children.set(id, child);
  child.once('exit', (code, signal) => {
    children.delete(id);
    tell({ type: 'exit', id, code, signal });
  });
  const streams: Array<[WorkerStream, Socket]> = [
    ['ipc', child.stdio[3] as Socket],
    ['stdout', child.stdout as Socket],
    ['stderr', child.stderr as Socket],
  ];
  for (const [, socket] of streams) stopReading(socket);
  // Sending a socket closes this process's copy, so the node sees the worker's end-of-stream.
  for (const [stream, socket] of streams) tell({ type: 'stream', id, stream, pid: child.pid }, socket);
}

process.on('message', (message: ToSpawner) => {
  if (message.type === 'spawn') start(message.id, message.args, message.cwd, message.env);
  else if (message.type === 'kill') children.get(message.id)?.kill('SIGKILL');
});

// The node is gone (or closed us): its workers go too, as they would have with the node.
process.on('disconnect', () => {
  for (const child of children.values()) child.kill('SIGKILL');
  process.exit(0);
});
