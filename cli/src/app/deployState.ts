import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TargetName } from './target.js';

/** What one deploy put on one target: read by later commands and by the demo's start script. */
export interface DeployState {
  target: TargetName;
  /** Absent on real AWS. */
  endpoint?: string;
  region: string;
  stack: string;
  deployedAt: string;
  tables: Record<string, { name: string }>;
  functions: Record<string, { name: string; url?: string }>;
  /** After `deploy --network`: every PoP's endpoint and function URLs (the top level is the first edge PoP's). */
  pops?: Record<string, { endpoint: string; role: string; functions: Record<string, { name: string; url?: string }> }>;
}

export function kuhiroDir(appDir: string): string {
  return join(appDir, '.kuhiro');
}

export function deployStatePath(appDir: string, target: TargetName): string {
  return join(kuhiroDir(appDir), `deploy-${target}.json`);
}

/** Writes JSON through a temporary file and a rename, so a reader never sees half a file. */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(value, null, 2) + '\n');
  await rename(temporary, path);
}

export async function writeDeployState(appDir: string, state: DeployState): Promise<void> {
  await writeJsonAtomically(deployStatePath(appDir, state.target), state);
}

export async function readDeployState(appDir: string, target: TargetName): Promise<DeployState | undefined> {
  try {
    return JSON.parse(await readFile(deployStatePath(appDir, target), 'utf8')) as DeployState;
  } catch {
    return undefined;
  }
}
