import type { CredentialsFile } from './credentialsFile.js';

/** The account id every key maps to in development mode (as DynamoDB Local and LocalStack use). */
export const DEVELOPMENT_ACCOUNT_ID = '000000000000';

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Who sent a request. `tenant` is the namespace for tables and functions (the account id). */
export interface Principal {
  tenant: string;
  accountId: string;
  accessKeyId: string;
  /** The key's secret, or undefined in development mode where signatures are not checked. */
  secretAccessKey: string | undefined;
}

export interface Tenants {
  readonly mode: 'development' | 'accounts';
  /** The principal for an access key id, or undefined if the key is unknown. */
  lookup(accessKeyId: string): Principal | undefined;
  /** A key of the tenant, for code that calls the node on its behalf (Lambda workers). */
  credentialsForTenant(tenant: string): AccessKey;
}

/**
 * Development mode: every key is accepted and all share ONE namespace. DynamoDB Local keys its
 * tables by access key and region, and "my tables vanished" after a key change is its most
 * common complaint; here a changed fake key still sees the same tables.
 */
export function developmentTenants(): Tenants {
  return {
    mode: 'development',
    lookup: (accessKeyId) => ({
      tenant: DEVELOPMENT_ACCOUNT_ID,
      accountId: DEVELOPMENT_ACCOUNT_ID,
      accessKeyId,
      secretAccessKey: undefined,
    }),
    credentialsForTenant: () => ({ accessKeyId: 'kuhiro-development', secretAccessKey: 'kuhiro-development' }),
  };
}

/** With a credentials file each account is its own namespace, like separate AWS accounts. */
export function accountTenants(file: CredentialsFile): Tenants {
  const byKey = new Map<string, Principal>();
  const firstKeyByTenant = new Map<string, AccessKey>();
  for (const account of file.accounts) {
    for (const key of account.keys) {
      byKey.set(key.accessKeyId, {
        tenant: account.accountId,
        accountId: account.accountId,
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
      });
      if (!firstKeyByTenant.has(account.accountId)) firstKeyByTenant.set(account.accountId, { ...key });
    }
  }
  return {
    mode: 'accounts',
    lookup: (accessKeyId) => byKey.get(accessKeyId),
    credentialsForTenant: (tenant) => {
      const key = firstKeyByTenant.get(tenant);
      if (!key) throw new Error(`No account ${tenant} in the credentials file`);
      return key;
    },
  };
}
