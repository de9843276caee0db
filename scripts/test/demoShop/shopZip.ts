import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { SHOP_DIR } from './shopPaths.js';

/** The code package `sam deploy` would upload for CodeUri "." minus what no function reads (web/, docs). */
export function shopCodeZip(): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(SHOP_DIR, path)] = readFileSync(path);
    }
  };
  walk(join(SHOP_DIR, 'src'));
  walk(join(SHOP_DIR, 'seed'));
  return zipSync(files);
}
