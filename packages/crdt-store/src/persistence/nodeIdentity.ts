import { randomInt } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface NodeIdentity {
  nodeName: string | undefined;
  /** The Yjs clientID of every local write on this node. */
  clientId: number;
}

const FILE_NAME = 'node.json';

/** The clientID a node of this name starts with: FNV-1a of the name, never 0. */
export function clientIdOfName(nodeName: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(nodeName, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0 || 1;
}

export interface IdentityContext {
  dir: string;
  nodeName: string | undefined;
  /** The data dir held data before this start. */
  hadData: boolean;
  /** Some of that data could not be read (beyond a torn tail). */
  dataLost: boolean;
  log: (line: string) => void;
}

/**
 * Reads node.json, or creates it. Reusing a clientID whose history was lost corrupts the Yjs
 * documents of every peer (the same ID and clock would name two different operations), so
 * after a loss, or when data exists without its node.json, the node takes a new random one.
 */
export async function loadNodeIdentity(context: IdentityContext): Promise<NodeIdentity> {
  const path = join(context.dir, FILE_NAME);
  let stored: NodeIdentity | undefined;
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<NodeIdentity>;
    if (typeof parsed.clientId === 'number' && Number.isInteger(parsed.clientId)) {
      stored = { nodeName: parsed.nodeName, clientId: parsed.clientId };
    }
  } catch {
    stored = undefined;
  }
  if (stored !== undefined && !context.dataLost) return stored;

  let identity: NodeIdentity;
  if (stored === undefined && !context.hadData) {
    identity = { nodeName: context.nodeName, clientId: context.nodeName ? clientIdOfName(context.nodeName) : randomClientId() };
  } else {
    let clientId = randomClientId();
    while (clientId === stored?.clientId) clientId = randomClientId();
    identity = { nodeName: context.nodeName ?? stored?.nodeName, clientId };
    context.log(
      stored === undefined
        ? `data dir ${context.dir} holds data but no readable ${FILE_NAME}: taking new Yjs clientID ${clientId}`
        : `data in ${context.dir} was partly lost: replacing Yjs clientID ${stored.clientId} by ${clientId} so lost history is never reused`,
    );
  }
  await writeFile(`${path}.tmp`, JSON.stringify(identity, null, 2) + '\n');
  await rename(`${path}.tmp`, path);
  return identity;
}

function randomClientId(): number {
  return randomInt(1, 2 ** 32 - 1);
}
