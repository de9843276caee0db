import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled to scripts/dist/test/demoShop/, four levels below the repository root.
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SHOP_DIR = join(REPO_ROOT, 'demo-shop');
