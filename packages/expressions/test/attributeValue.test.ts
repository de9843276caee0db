import { describe, expect, it } from '@jest/globals';
import { attributeType } from '../src/index.js';

describe('attributeType', () => {
  it('names the type tag of a value', () => {
    expect(attributeType({ S: 'x' })).toBe('S');
    expect(attributeType({ NS: ['1'] })).toBe('NS');
  });
});
