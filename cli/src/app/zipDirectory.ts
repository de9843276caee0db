import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { TemplateError } from './templateError.js';

/** Never shipped: kuhiro's own state and the app's local endpoint settings. */
const SKIPPED = new Set(['.kuhiro', '.env', '.git', '.aws-sam']);

/** A fixed timestamp: the same files always give the same zip, so an unchanged function has an unchanged CodeSha256. */
const FIXED_MTIME = new Date('1980-01-01T00:00:00Z');

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

export interface CodePackage {
  zip: Uint8Array;
  /** Base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  sha256: string;
}

export async function zipDirectory(dir: string): Promise<CodePackage> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new TemplateError(`CodeUri ${dir} is not a directory`);
  }
  const files: Zippable = {};
  for (const path of await listFiles(dir)) {
    files[relative(dir, path).split(sep).join('/')] = [await readFile(path), { mtime: FIXED_MTIME, level: 6 }];
  }
  const zip = zipSync(files);
  return { zip, sha256: createHash('sha256').update(zip).digest('base64') };
}
