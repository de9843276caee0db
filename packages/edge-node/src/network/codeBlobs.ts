import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CodeChunk } from './functionEntry.js';

/** Chunk size of code packages on the wire: a frame (1 MiB by default) holds a couple of them. */
export const CODE_CHUNK_BYTES = 512 * 1024;

/** Thrown to make the sender resend later: a function state names code this PoP has not received. */
export class CodeNotYetReplicatedError extends Error {
  override name = 'CodeNotYetReplicatedError';
}

/**
 * Splits a zip into chunks for replication, gzipped when that saves at least a tenth (a zip is
 * usually deflated already; one with stored entries is not).
 */
export function chunkCode(sha256Hex: string, zip: Uint8Array, publication: string): CodeChunk[] {
  const gzipped = gzipSync(zip);
  const useGzip = gzipped.byteLength < zip.byteLength * 0.9;
  const payload = useGzip ? gzipped : zip;
  const count = Math.max(1, Math.ceil(payload.byteLength / CODE_CHUNK_BYTES));
  const chunks: CodeChunk[] = [];
  for (let index = 0; index < count; index++) {
    const bytes = payload.subarray(index * CODE_CHUNK_BYTES, (index + 1) * CODE_CHUNK_BYTES);
    chunks.push({ sha256Hex, index, count, encoding: useGzip ? 'gzip' : 'identity', publication, bytes });
  }
  return chunks;
}

/**
 * Code packages received from other PoPs, content-addressed: `<dir>/<sha256>.zip`. Chunks are
 * written durably as they arrive (the replicator acknowledges a frame once it is applied, and
 * never resends it), under a folder per publication; the last one assembles, verifies and
 * publishes the blob. A function state that names a hash is applied from here.
 */
export class CodeBlobs {
  constructor(private readonly dir: string) {}

  blobPath(sha256Hex: string): string {
    return join(this.dir, `${sha256Hex}.zip`);
  }

  async read(sha256Hex: string): Promise<Uint8Array> {
    try {
      return await readFile(this.blobPath(sha256Hex));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CodeNotYetReplicatedError(`code package ${sha256Hex} not replicated here yet`);
      throw error;
    }
  }

  async receive(chunk: CodeChunk, log: (message: string, fields?: Record<string, unknown>) => void): Promise<void> {
    if (await this.has(chunk.sha256Hex)) return;
    // The publication's stamp ends with a node name: hashed, it is a safe folder name.
    const publicationId = createHash('sha256').update(chunk.publication).digest('hex').slice(0, 16);
    const partsDir = join(this.dir, 'parts', `${chunk.sha256Hex}.${publicationId}`);
    await mkdir(partsDir, { recursive: true });
    await writeDurably(join(partsDir, String(chunk.index)), chunk.bytes);
    const present = (await readdir(partsDir)).filter((name) => /^\d+$/.test(name));
    if (present.length < chunk.count) return;
    const parts: Buffer[] = [];
    for (let index = 0; index < chunk.count; index++) parts.push(await readFile(join(partsDir, String(index))));
    const joined = Buffer.concat(parts);
    const zip = chunk.encoding === 'gzip' ? gunzipSync(joined) : joined;
    const actual = createHash('sha256').update(zip).digest('hex');
    if (actual === chunk.sha256Hex) await writeDurably(this.blobPath(chunk.sha256Hex), zip);
    else log('replicated code package does not match its hash; dropped', { expected: chunk.sha256Hex, actual });
    await rm(partsDir, { recursive: true, force: true });
  }

  private async has(sha256Hex: string): Promise<boolean> {
    try {
      await (await open(this.blobPath(sha256Hex), 'r')).close();
      return true;
    } catch {
      return false;
    }
  }
}

/** Temp file, fdatasync, rename: the file is whole or absent after a crash. */
async function writeDurably(file: string, bytes: Uint8Array): Promise<void> {
  const temp = `${file}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}
