/** The `kuhiro.network.json` shape. */
export interface PopConfig {
  name: string;
  /** Base URL of the node (http:// or ws://); the replication path is appended. */
  url: string;
  role: 'edge' | 'central';
  group?: string;
}

export interface NetworkConfig {
  networkId: string;
  secret: string;
  pops: PopConfig[];
}

export class NetworkConfigError extends Error {
  override name = 'NetworkConfigError';
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function fail(path: string, why: string): never {
  throw new NetworkConfigError(`network config: ${path} ${why}`);
}

function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(path, 'must be a non-empty string');
  return value;
}

/** Validates untrusted JSON (a parsed kuhiro.network.json) and returns a typed config. */
export function parseNetworkConfig(input: unknown): NetworkConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('(root)', 'must be an object');
  const raw = input as Record<string, unknown>;
  const networkId = requireString(raw.networkId, 'networkId');
  const secret = requireString(raw.secret, 'secret');
  // 16 characters is the floor where a guessed secret stops being practical over a network.
  if (secret.length < 16) fail('secret', 'must be at least 16 characters');
  if (!Array.isArray(raw.pops) || raw.pops.length === 0) fail('pops', 'must be a non-empty array');
  const names = new Set<string>();
  let centrals = 0;
  const pops = raw.pops.map((value, index): PopConfig => {
    const path = `pops[${index}]`;
    if (typeof value !== 'object' || value === null) fail(path, 'must be an object');
    const pop = value as Record<string, unknown>;
    const name = requireString(pop.name, `${path}.name`);
    if (!NAME_PATTERN.test(name)) fail(`${path}.name`, 'must match ' + NAME_PATTERN.source);
    if (names.has(name)) fail(`${path}.name`, `duplicates "${name}"`);
    names.add(name);
    const url = requireString(pop.url, `${path}.url`);
    if (!/^(https?|wss?):\/\//.test(url)) fail(`${path}.url`, 'must start with http://, https://, ws:// or wss://');
    if (pop.role !== 'edge' && pop.role !== 'central') fail(`${path}.role`, 'must be "edge" or "central"');
    if (pop.role === 'central') centrals++;
    const result: PopConfig = { name, url, role: pop.role };
    if (pop.group !== undefined) result.group = requireString(pop.group, `${path}.group`);
    return result;
  });
  if (centrals !== 1) fail('pops', `must contain exactly one central (found ${centrals})`);
  return { networkId, secret, pops };
}
