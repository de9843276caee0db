import { describe, expect, it } from '@jest/globals';
import { filterSandboxEnvironment } from '../../src/invocation/sandboxEnvironment.js';

describe('filterSandboxEnvironment', () => {
  it('keeps ordinary variables and harmless NODE_* settings', () => {
    expect(filterSandboxEnvironment({ TABLE: 't', NODE_ENV: 'production', NODE_OPTIONS: '--enable-source-maps --stack-trace-limit=50' })).toEqual({
      variables: { TABLE: 't', NODE_ENV: 'production', NODE_OPTIONS: '--enable-source-maps --stack-trace-limit=50' },
      dropped: [],
    });
  });

  it('drops variables that load native code before the permission model applies', () => {
    const filtered = filterSandboxEnvironment({ LD_PRELOAD: '/var/task/evil.so', LD_LIBRARY_PATH: '/var/task', GCONV_PATH: '/var/task', OPENSSL_CONF: '/var/task/o.cnf', KEEP: '1' });
    expect(filtered.variables).toEqual({ KEEP: '1' });
    expect(filtered.dropped).toEqual(['LD_PRELOAD', 'LD_LIBRARY_PATH', 'GCONV_PATH', 'OPENSSL_CONF']);
  });

  it('drops permission flags, loaders and unknown NODE_* variables', () => {
    const filtered = filterSandboxEnvironment({ NODE_OPTIONS: '--allow-fs-write=* --import=./x.mjs --max-old-space-size=9999', NODE_COMPILE_CACHE: '/x' });
    expect(filtered.variables).toEqual({});
    expect(filtered.dropped).toEqual(['NODE_OPTIONS --allow-fs-write=*', 'NODE_OPTIONS --import=./x.mjs', 'NODE_OPTIONS --max-old-space-size=9999', 'NODE_COMPILE_CACHE']);
  });
});
