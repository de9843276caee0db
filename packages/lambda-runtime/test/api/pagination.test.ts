import { describe, expect, it } from '@jest/globals';
import { paginate } from '../../src/api/pagination.js';

describe('paginate', () => {
  const items = Array.from({ length: 120 }, (_, index) => index);

  it('pages with an opaque marker until the end, 50 at most per page', () => {
    const first = paginate(items, undefined, undefined);
    expect(first.page).toHaveLength(50);
    const second = paginate(items, first.nextMarker, '1000');
    expect(second.page[0]).toBe(50);
    const third = paginate(items, second.nextMarker, undefined);
    expect(third.page).toEqual(items.slice(100));
    expect(third.nextMarker).toBeUndefined();
  });

  it('refuses MaxItems outside 1..10000 and a marker it did not issue', () => {
    expect(() => paginate(items, undefined, '0')).toThrow(expect.objectContaining({ errorType: 'ValidationException' }));
    expect(() => paginate(items, '!!!', undefined)).toThrow(expect.objectContaining({ errorType: 'InvalidParameterValueException' }));
  });
});
