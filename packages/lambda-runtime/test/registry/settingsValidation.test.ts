import { describe, expect, it } from '@jest/globals';
import { validateSettings } from '../../src/registry/settingsValidation.js';

describe('validateSettings', () => {
  it('gathers several constraint failures into one message, as Lambda does', () => {
    expect(() => validateSettings({ Timeout: 0, MemorySize: 100000 })).toThrow(
      "2 validation errors detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; Value '100000' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240",
    );
  });

  it('refuses reserved environment variable keys', () => {
    expect(() => validateSettings({ Environment: { Variables: { AWS_REGION: 'x' } } })).toThrow('Reserved keys used in this request: AWS_REGION');
  });

  it('accepts supported runtimes and a well-formed role', () => {
    expect(() => validateSettings({ Runtime: 'nodejs22.x', Handler: 'a/b.c', Role: 'arn:aws:iam::123456789012:role/service-role/x', Timeout: 900, MemorySize: 10240 })).not.toThrow();
  });
});
