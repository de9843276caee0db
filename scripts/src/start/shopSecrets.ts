import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ShopSecrets } from './deployShop.js';

/**
 * The shop's SessionSecret and AdminSecret, made once per data directory and kept there: a new
 * secret on every start would log every shopper out and change the admin secret under them.
 */
export async function loadOrCreateShopSecrets(dataDir: string): Promise<ShopSecrets> {
  const path = join(dataDir, 'shop-secrets.json');
  try {
    const saved = JSON.parse(await readFile(path, 'utf8')) as ShopSecrets;
    if (saved.sessionSecret?.length >= 32 && saved.adminSecret?.length >= 16) return saved;
  } catch {
    // First start (or an unreadable file): make new ones.
  }
  const secrets: ShopSecrets = { sessionSecret: randomBytes(24).toString('hex'), adminSecret: randomBytes(12).toString('hex') };
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}
