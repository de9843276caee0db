import { describe, it, expect } from '@jest/globals';
import { canRelayTo, parseNetworkConfig, parseScope, scopeReaches, shouldDial, type PopConfig } from '../../src/index.js';

const VALID = {
  networkId: 'prod',
  secret: '0123456789abcdef',
  pops: [
    { name: 'central', url: 'https://central.example:4566', role: 'central' },
    { name: 'eu-1', url: 'http://10.0.0.1:4566', role: 'edge', group: 'eu' },
    { name: 'us-1', url: 'http://10.0.0.2:4566', role: 'edge' },
  ],
};

describe('network config', () => {
  it('accepts the kuhiro.network.json shape', () => {
    expect(parseNetworkConfig(JSON.parse(JSON.stringify(VALID)))).toEqual(VALID);
  });

  it.each([
    [{ ...VALID, secret: 'short' }, 'secret must be at least 16 characters'],
    [{ ...VALID, networkId: '' }, 'networkId must be a non-empty string'],
    [{ ...VALID, pops: [] }, 'pops must be a non-empty array'],
    [{ ...VALID, pops: [VALID.pops[1]] }, 'pops must contain exactly one central (found 0)'],
    [{ ...VALID, pops: [...VALID.pops, VALID.pops[1]] }, 'pops[3].name duplicates "eu-1"'],
    [{ ...VALID, pops: [{ ...VALID.pops[0], role: 'hub' }] }, 'pops[0].role must be "edge" or "central"'],
    [{ ...VALID, pops: [{ ...VALID.pops[0], url: 'ftp://x' }] }, 'pops[0].url must start with http://, https://, ws:// or wss://'],
  ])('refuses %j', (input, message) => {
    expect(() => parseNetworkConfig(input)).toThrow(`network config: ${message}`);
  });
});

describe('scopes and link rules', () => {
  const central: PopConfig = { name: 'central', url: 'http://c', role: 'central' };
  const eu1: PopConfig = { name: 'eu-1', url: 'http://e1', role: 'edge', group: 'eu' };
  const eu2: PopConfig = { name: 'eu-2', url: 'http://e2', role: 'edge', group: 'eu' };
  const plain: PopConfig = { name: 'plain', url: 'http://p', role: 'edge' };

  it('central receives every scope; a group only its group; local nobody but central', () => {
    expect(['all', 'local', 'group:eu', 'group:us'].map((s) => scopeReaches(parseScope(s), central))).toEqual([true, true, true, true]);
    expect(['all', 'local', 'group:eu', 'group:us'].map((s) => scopeReaches(parseScope(s), eu1))).toEqual([true, false, true, false]);
    expect(['all', 'local', 'group:eu'].map((s) => scopeReaches(parseScope(s), plain))).toEqual([true, false, false]);
    expect(() => parseScope('group:')).toThrow(/invalid replication scope/);
  });

  it('relays only go where the relay holds everything the target should get', () => {
    expect(canRelayTo(central, eu1)).toBe(true);
    expect(canRelayTo(eu1, eu2)).toBe(true);
    expect(canRelayTo(eu1, plain)).toBe(true);
    expect(canRelayTo(plain, eu1)).toBe(false);
    expect(canRelayTo(eu1, central)).toBe(false);
  });

  it('exactly one side of every pair dials: edges dial central, the smaller edge name dials', () => {
    const pops = [central, eu1, eu2, plain];
    for (const a of pops) for (const b of pops) if (a !== b) expect(Number(shouldDial(a, b)) + Number(shouldDial(b, a))).toBe(1);
    expect(shouldDial(eu1, central)).toBe(true);
  });
});
