import { describe, expect, it } from '@jest/globals';
import { newRequestId } from '../../src/server/requestId.js';

describe('newRequestId', () => {
  it('gives DynamoDB-shaped ids (52 of A-Z, 0-9), different each time, also past one pool of random bytes', () => {
    const ids = Array.from({ length: 1000 }, () => newRequestId());
    for (const id of ids) expect(id).toMatch(/^[A-Z0-9]{52}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
