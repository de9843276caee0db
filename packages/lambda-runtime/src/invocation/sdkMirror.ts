import { copyFile, link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SdkLocation } from './sdkLocation.js';

/**
 * Mirrors the SDK's package closure into `<target>` (a node_modules folder) with hard links,
 * falling back to copies across file systems. Symlinks are left out on purpose: under Node's
 * permission model a link inside a readable folder would open everything it points at. Run once
 * per data dir and SDK install; a stamp file skips it on restart.
 */
export async function mirrorSdk(sdk: SdkLocation, target: string): Promise<void> {
  const stamp = path.join(target, '.kuhiro-sdk-mirror');
  const expected = JSON.stringify({ source: sdk.nodeModules, packages: sdk.packageDirs.length });
  try {
    if ((await readFile(stamp, 'utf8')) === expected) return;
  } catch {
    // no mirror yet
  }
  await rm(target, { recursive: true, force: true });
  for (const packageDir of sdk.packageDirs) {
    await mirrorTree(packageDir, path.join(target, path.relative(sdk.nodeModules, packageDir)));
  }
  await writeFile(stamp, expected);
}

async function mirrorTree(source: string, destination: string): Promise<void> {
  await mkdir(destination, { recursive: true });
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const from = path.join(source, entry.name);
    const to = path.join(destination, entry.name);
    if (entry.isDirectory()) {
      await mirrorTree(from, to);
    } else if (entry.isFile()) {
      try {
        await link(from, to);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        await copyFile(from, to);
      }
    }
    // Symlinks (node_modules/.bin entries) are not needed at run time and never mirrored (see above).
  }
}
