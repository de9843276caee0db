import { describe, expect, it } from '@jest/globals';
import { toErrorShape } from '../../src/worker/errorShape.js';

describe('toErrorShape', () => {
  it('uses the error\'s name as Lambda\'s runtime does', () => {
    class Unnamed extends Error {}
    const named = Object.assign(new Error('boom'), { name: 'OutOfStock' });
    expect(toErrorShape(named)).toMatchObject({ errorType: 'OutOfStock', errorMessage: 'boom' });
    expect(toErrorShape(new Unnamed('x')).errorType).toBe('Error');
    expect(toErrorShape(new TypeError('t')).trace?.[0]).toBe('TypeError: t');
  });

  it('reports thrown non-errors by their typeof', () => {
    expect(toErrorShape('just a string')).toEqual({ errorType: 'string', errorMessage: 'just a string', trace: [] });
    expect(toErrorShape(42)).toEqual({ errorType: 'number', errorMessage: '42', trace: [] });
  });
});
