import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientIdOfName, loadNodeIdentity } from '../../src/persistence/nodeIdentity.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kuhiro-identity-'));
  dirs.push(dir);
  return dir;
}

describe('loadNodeIdentity', () => {
  it('derives the clientID from the node name on first start and reuses it after', async () => {
    const dir = await freshDir();
    const lines: string[] = [];
    const context = { dir, nodeName: 'pop-fra', hadData: false, dataLost: false, log: (l: string) => lines.push(l) };
    const first = await loadNodeIdentity(context);
    expect(first.clientId).toBe(clientIdOfName('pop-fra'));
    expect(JSON.parse(await readFile(join(dir, 'node.json'), 'utf8')).clientId).toBe(first.clientId);
    const again = await loadNodeIdentity({ ...context, nodeName: 'renamed', hadData: true });
    expect(again.clientId).toBe(first.clientId);
    expect(lines).toEqual([]);
  });

  it('takes a new clientID, and says so, when data was lost', async () => {
    const dir = await freshDir();
    const lines: string[] = [];
    const context = { dir, nodeName: 'pop-fra', hadData: false, dataLost: false, log: (l: string) => lines.push(l) };
    const first = await loadNodeIdentity(context);
    const after = await loadNodeIdentity({ ...context, hadData: true, dataLost: true });
    expect(after.clientId).not.toBe(first.clientId);
    expect(lines.join()).toMatch(/new|replacing/);
    // The new one is persisted and kept from then on.
    expect((await loadNodeIdentity({ ...context, hadData: true })).clientId).toBe(after.clientId);
  });

  it('takes a new clientID when data exists without node.json', async () => {
    const dir = await freshDir();
    const lines: string[] = [];
    const identity = await loadNodeIdentity({ dir, nodeName: 'pop-fra', hadData: true, dataLost: false, log: (l) => lines.push(l) });
    expect(identity.clientId).not.toBe(clientIdOfName('pop-fra'));
    expect(lines).toHaveLength(1);
  });
});
