import { describe, expect, it } from '@jest/globals';
import { FunctionRegistry } from '../../src/registry/functionRegistry.js';
import type { StateFile } from '../../src/registry/stateFile.js';
import type { FunctionSettings, FunctionState } from '../../src/registry/types.js';

const settings: FunctionSettings = { runtime: 'nodejs20.x', handler: 'index.handler', role: 'r', timeout: 3, memorySize: 128, description: '', environment: {} };
const code = (n: number) => ({ sha256Hex: String(n), codeSha256: String(n), codeSize: 1 });
const memoryState = { load: async () => undefined, save: async () => {} } as unknown as StateFile<FunctionState[]>;

describe('FunctionRegistry.routeAlias', () => {
  it('sends each extra version its weight\'s share of invocations', () => {
    const registry = new FunctionRegistry('us-east-1', memoryState, () => 0);
    const fn = registry.create('t', '000000000000', 'fn', settings, code(1));
    registry.publishVersion(fn);
    registry.updateLatest(fn, { code: code(2) });
    registry.publishVersion(fn);
    fn.aliases.live = { name: 'live', functionVersion: '1', description: '', revisionId: 'r', routingConfig: { AdditionalVersionWeights: { '2': 0.25 } } };
    const resolved = registry.resolve('t', '000000000000', { name: 'fn', qualifier: 'live' });
    expect(registry.routeAlias(resolved, () => 0.1).version.version).toBe('2');
    expect(registry.routeAlias(resolved, () => 0.3).version.version).toBe('1');
    expect(registry.routeAlias(registry.resolve('t', '000000000000', { name: 'fn' }), () => 0.1).version.version).toBe('$LATEST');
  });

  it('publishes nothing new while $LATEST equals the newest version', () => {
    const registry = new FunctionRegistry('us-east-1', memoryState, () => 0);
    const fn = registry.create('t', '000000000000', 'fn', settings, code(1));
    expect(registry.publishVersion(fn).version).toBe('1');
    expect(registry.publishVersion(fn).version).toBe('1');
    registry.updateLatest(fn, { settings: { ...settings, timeout: 9 } });
    expect(registry.publishVersion(fn).version).toBe('2');
  });
});
