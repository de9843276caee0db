import { copyFile, link, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Puts a function's unpacked code package into a spare environment's task root: every file as a
 * hard link (same filesystem: the data directory), a copy where linking is refused. Hard links,
 * not symlinks: the permission model checks paths lexically and Node's loaders open a module by
 * its real path, which for a symlink is outside what the spare may read. Only directories and
 * regular files are taken (a code package holds nothing else). Async, so a large package does
 * not hold up the node's event loop.
 */
export async function linkCodeTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) return linkCodeTree(source, target);
      if (!entry.isFile()) return;
      try {
        await link(source, target);
      } catch {
        await copyFile(source, target);
      }
    }),
  );
}
