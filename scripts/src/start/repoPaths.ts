import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled to scripts/dist/src/start/, four levels below the repository root.
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SHOP_DIR = join(REPO_ROOT, 'demo-shop');
export const SHOP_WEB_DIR = join(SHOP_DIR, 'web');
export const KUHIRO_BIN = join(REPO_ROOT, 'cli/dist/src/bin.js');
