/** Messages between the node and its worker spawner (spawnerMain.ts), over the spawner's IPC channel. */

export interface SpawnRequest {
  type: 'spawn';
  id: number;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface KillRequest {
  type: 'kill';
  id: number;
}

export type ToSpawner = SpawnRequest | KillRequest;

/** The worker's three channels, each sent with its socket as the IPC message's handle. */
export type WorkerStream = 'ipc' | 'stdout' | 'stderr';

export type FromSpawner =
  | { type: 'stream'; id: number; stream: WorkerStream; pid: number }
  | { type: 'exit'; id: number; code: number | null; signal: string | null }
  | { type: 'error'; id: number; message: string };
