import type { AttributeValue } from '@kuhiro/expressions';
import type { KeyAttribute, SortKeyCondition } from '../types.js';
import { encodeKeyPrefix, encodeKeyValue, PREFIX_END } from './keyEncoding.js';
import type { KeyRange } from './sortedView.js';

/**
 * The tree-key range of a Query: the partition's prefix, narrowed by the condition on the
 * first sort attribute. Encodings are prefix-free, so "first sort value = v" is exactly "key
 * starts with prefix + enc(v)", and every key whose first sort value is below v sorts below
 * prefix + enc(v).
 */
export function queryRange(prefix: string, sortAttribute: KeyAttribute | undefined, condition: SortKeyCondition | undefined): KeyRange {
  const whole: KeyRange = { from: prefix, to: prefix + PREFIX_END };
  if (condition === undefined || sortAttribute === undefined) return whole;
  const at = (value: AttributeValue): string => prefix + encodeKeyValue(value, sortAttribute.type);
  switch (condition.op) {
    case 'EQ':
      return { from: at(condition.value), to: at(condition.value) + PREFIX_END };
    case 'LT':
      return { from: prefix, to: at(condition.value) };
    case 'LE':
      return { from: prefix, to: at(condition.value) + PREFIX_END };
    case 'GT':
      return { from: at(condition.value) + PREFIX_END, to: whole.to };
    case 'GE':
      return { from: at(condition.value), to: whole.to };
    case 'BETWEEN':
      return { from: at(condition.low), to: at(condition.high) + PREFIX_END };
    case 'BEGINS_WITH': {
      const start = prefix + encodeKeyPrefix(condition.value);
      return { from: start, to: start + PREFIX_END };
    }
  }
}

/** Narrows a range to what lies strictly after (forward) or before (backward) `startKey`. */
export function resumeAfter(range: KeyRange, startKey: string | undefined, forward: boolean): KeyRange {
  if (startKey === undefined) return range;
  if (forward) {
    return startKey >= range.from ? { from: startKey, afterFrom: true, to: range.to } : range;
  }
  return startKey < range.to ? { ...range, to: startKey } : range;
}
