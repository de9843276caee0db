import { describe, expect, it } from '@jest/globals';
import { parseBoundedTag } from '../../src/escrow/boundedTag.js';

describe('parseBoundedTag', () => {
  it('reads the AWS-safe form that a SAM template can deploy to real AWS', () => {
    expect([...parseBoundedTag('stock:min=0')!.values()]).toEqual([{ attribute: 'stock', min: 0 }]);
    expect([...parseBoundedTag('stock:min=0 seats:min=-5')!.values()]).toEqual([
      { attribute: 'stock', min: 0 },
      { attribute: 'seats', min: -5 },
    ]);
  });

  it('reads the comparison form', () => {
    expect([...parseBoundedTag('stock>=0, seats >= -5')!.values()]).toEqual([
      { attribute: 'stock', min: 0 },
      { attribute: 'seats', min: -5 },
    ]);
  });

  it('refuses malformed values as a whole', () => {
    expect(parseBoundedTag('')).toBeUndefined();
    expect(parseBoundedTag('stock')).toBeUndefined();
    expect(parseBoundedTag('stock:min=0.5')).toBeUndefined();
    expect(parseBoundedTag('stock:min=0 seats')).toBeUndefined();
    expect(parseBoundedTag('stock>0')).toBeUndefined();
  });
});
