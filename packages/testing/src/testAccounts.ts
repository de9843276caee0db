import { randomBytes } from 'node:crypto';
import type { CredentialsFile } from '@kuhiro/edge-node';

export interface TestAccount {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** A node's credentials file is read once at start, so every namespace a test node can hand out is listed up front. */
export const DEFAULT_NAMESPACE_COUNT = 1000;

/**
 * `count` accounts, each with one key and a fresh secret. On a node started with this file each
 * account is its own namespace of tables and functions (edge-node's accounts mode), exactly as
 * separate AWS accounts are, and every request's signature is verified.
 */
export function testAccounts(count: number): TestAccount[] {
  return Array.from({ length: count }, (_, i) => ({
    // 12 digits, never 000000000000 (the development-mode account).
    accountId: String(100_000_000_001 + i),
    accessKeyId: `AKIDKUHIROTEST${String(i + 1).padStart(4, '0')}`,
    secretAccessKey: randomBytes(24).toString('base64url'),
  }));
}

export function credentialsFileOf(accounts: TestAccount[]): CredentialsFile {
  return {
    accounts: accounts.map((account, i) => ({
      accountId: account.accountId,
      name: `test-namespace-${i + 1}`,
      keys: [{ accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey }],
    })),
  };
}
