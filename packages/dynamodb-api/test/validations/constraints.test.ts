import { describe, expect, it } from '@jest/globals';
import { ValidationException } from '../../src/index.js';
import { checkConstraints } from '../../src/validations/constraints.js';
import type { StructureSpec } from '../../src/validations/spec.js';

const members: StructureSpec = Object.fromEntries(
  Array.from({ length: 12 }, (_, i) => [`Member${i}`, { type: 'String' as const, notNull: true }]),
);

describe('checkConstraints', () => {
  it('reports at most ten failures, in member order', () => {
    let message = '';
    try {
      checkConstraints({}, members);
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationException);
      message = (err as Error).message;
    }
    expect(message.startsWith('10 validation errors detected: ')).toBe(true);
    expect(message.split('; ')).toHaveLength(10);
    expect(message).toContain("Value null at 'member0' failed to satisfy constraint: Member must not be null");
    expect(message).not.toContain("'member10'");
  });

  it('checks map keys as AWS words it', () => {
    expect(() =>
      checkConstraints({ Tags: { '': 'x' } }, { Tags: { type: { map: { type: 'String' }, valueShape: 'java.lang.String' }, keys: { minLength: 1, maxLength: 128 } } }),
    ).toThrow(
      "1 validation error detected: Value '{=x}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length greater than or equal to 1, Member must have length less than or equal to 128]",
    );
  });
});
