import { describe, it, expect } from '@jest/globals';
import { ConfigError, parseNodeConfig } from '@kuhiro/edge-node';

describe('parseNodeConfig', () => {
  it('fills the defaults', () => {
    expect(parseNodeConfig({ port: 0, dataDir: '/tmp/x' })).toEqual({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/tmp/x',
      region: 'us-east-1',
      logLevel: 'info',
      nodeName: 'node',
      fsync: 'batch',
      // No function runs under the inspector unless asked (`kuhiro dev --inspect`).
      inspectFunctions: [],
      inspectPort: 9229,
      // One pre-started spare environment, of Lambda's default size.
      lambdaSpareMemoryMb: [128],
    });
  });

  it('names every bad field in one readable line', () => {
    let error: unknown;
    try {
      parseNodeConfig({ port: 70000, dataDir: '', region: 'mars', fsync: 'sometimes', extra: 1 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Invalid node config: /);
    expect(message).not.toContain('\n');
    for (const field of ['port:', 'dataDir:', 'region: must look like an AWS region', 'fsync:', 'extra']) expect(message).toContain(field);
  });
});
