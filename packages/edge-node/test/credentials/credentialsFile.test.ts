import { describe, it, expect } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, accountTenants, developmentTenants, loadCredentialsFile, parseCredentialsFile } from '@kuhiro/edge-node';
import { makeTempDir } from '../helpers/tempDir.js';

const valid = {
  accounts: [
    { accountId: '111111111111', name: 'alice', keys: [{ accessKeyId: 'AKIDA1', secretAccessKey: 's1' }, { accessKeyId: 'AKIDA2', secretAccessKey: 's2' }] },
    { accountId: '222222222222', name: 'bob', keys: [{ accessKeyId: 'AKIDB', secretAccessKey: 's3' }] },
  ],
};

describe('credentials file', () => {
  it('maps each key to its account; unknown keys are unknown', () => {
    const tenants = accountTenants(parseCredentialsFile(valid));
    expect(tenants.mode).toBe('accounts');
    expect(tenants.lookup('AKIDA2')).toEqual({ tenant: '111111111111', accountId: '111111111111', accessKeyId: 'AKIDA2', secretAccessKey: 's2' });
    expect(tenants.lookup('AKIDB')?.tenant).toBe('222222222222');
    expect(tenants.lookup('AKIDNOPE')).toBeUndefined();
    expect(tenants.credentialsForTenant('222222222222')).toEqual({ accessKeyId: 'AKIDB', secretAccessKey: 's3' });
  });

  it('refuses duplicate keys and account ids and bad account ids, naming where', () => {
    const bad = {
      accounts: [
        { accountId: '111111111111', name: 'a', keys: [{ accessKeyId: 'K', secretAccessKey: 's' }] },
        { accountId: '111111111111', name: 'b', keys: [{ accessKeyId: 'K', secretAccessKey: 's' }] },
        { accountId: '12', name: 'c', keys: [{ accessKeyId: 'L', secretAccessKey: 's' }] },
      ],
    };
    expect(() => parseCredentialsFile(bad)).toThrow(ConfigError);
    let message = '';
    try {
      parseCredentialsFile(bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('accounts[1].accountId: duplicate account id 111111111111');
    expect(message).toContain('accounts[1].keys[0].accessKeyId: access key K is listed twice');
    expect(message).toContain('accounts[2].accountId: must be 12 digits');
  });

  it('reports unreadable and non-JSON files clearly', async () => {
    const dir = await makeTempDir();
    try {
      await expect(loadCredentialsFile(join(dir.path, 'missing.json'))).rejects.toThrow(/^Cannot read credentials file/);
      const broken = join(dir.path, 'broken.json');
      await writeFile(broken, '{ accounts: ');
      await expect(loadCredentialsFile(broken)).rejects.toThrow(/is not valid JSON/);
      const good = join(dir.path, 'good.json');
      await writeFile(good, JSON.stringify(valid));
      expect((await loadCredentialsFile(good)).accounts).toHaveLength(2);
    } finally {
      await dir.remove();
    }
  });

  it('development mode maps every key to the one shared account', () => {
    const tenants = developmentTenants();
    expect(tenants.lookup('ANY')).toMatchObject({ tenant: '000000000000', secretAccessKey: undefined });
    expect(tenants.lookup('OTHER')?.tenant).toBe(tenants.lookup('ANY')?.tenant);
  });
});
