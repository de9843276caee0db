import { describe, expect, it } from '@jest/globals';
import { applyProjection, applyResolvedActions, validateAttributeValue, validateItem, valueAtPath } from '../src/index.js';

describe('members named __proto__', () => {
  it('survive validation, projection and updates as data', () => {
    const wire = JSON.parse('{"M": {"__proto__": {"S": "x"}}}');
    const validated = validateAttributeValue(wire) as { M: Record<string, unknown> };
    expect(Object.keys(validated.M)).toEqual(['__proto__']);
    const item = validateItem(JSON.parse('{"__proto__": {"N": "1"}, "m": {"M": {"__proto__": {"S": "x"}}}}'));
    expect(Object.keys(item)).toEqual(['__proto__', 'm']);
    expect(valueAtPath(item, ['__proto__'])).toEqual({ N: '1' });
    expect(valueAtPath({}, ['__proto__'])).toBeUndefined();
    expect(Object.keys(applyProjection(item, [['__proto__']]))).toEqual(['__proto__']);
    const updated = applyResolvedActions({}, [{ kind: 'set', path: ['__proto__'], value: { S: 'y' } } as never]);
    expect(JSON.stringify(updated)).toBe('{"__proto__":{"S":"y"}}');
  });
});
