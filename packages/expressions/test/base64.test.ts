import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { base64Problem, decodeBase64, encodeBase64 } from '../src/index.js';

describe('base64', () => {
  it('round-trips any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(base64Problem(text)).toBeUndefined();
        expect(decodeBase64(text)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with known vectors', () => {
    expect(encodeBase64(new TextEncoder().encode('hi there'))).toBe('aGkgdGhlcmU=');
    expect(decodeBase64('aGkgdGhlcmU=')).toEqual(new TextEncoder().encode('hi there'));
    expect(encodeBase64(new Uint8Array([]))).toBe('');
  });

  it.each([
    ['abc', 'Base64 encoded length is expected a multiple of 4 bytes but found: 3'],
    ['ab-_', "Invalid Base64 character: '-'"],
    ['a=bc', "Invalid Base64 character: '='"],
    ['AB==', 'Invalid last non-pad Base64 character dectected'],
    ['AAB=', 'Invalid last non-pad Base64 character dectected'],
  ])('explains why %p is not base64', (text, problem) => {
    expect(base64Problem(text)).toBe(problem);
  });
});
