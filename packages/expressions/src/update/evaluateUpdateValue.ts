import type { AttributeValue, Item } from '../attributeValue.js';
import { valueAtPath } from '../documentPath.js';
import { addNumbers, subtractNumbers } from '../number.js';
import type { UpdateValue } from '../parser/ast.js';
import { incorrectOperandType, missingAttribute } from './updateErrors.js';

/** Evaluates the right-hand side of a SET against the item as it was before the update. */
export function evaluateUpdateValue(value: UpdateValue, item: Item): AttributeValue {
  switch (value.kind) {
    case 'value':
      return value.value;
    case 'path': {
      const found = valueAtPath(item, value.path);
      if (!found) throw missingAttribute();
      return found;
    }
    case 'if_not_exists':
      return valueAtPath(item, value.path) ?? evaluateUpdateValue(value.fallback, item);
    case 'plus':
    case 'minus': {
      const left = evaluateUpdateValue(value.left, item);
      const right = evaluateUpdateValue(value.right, item);
      if (!('N' in left) || !('N' in right)) throw incorrectOperandType();
      return { N: value.kind === 'plus' ? addNumbers(left.N, right.N) : subtractNumbers(left.N, right.N) };
    }
    case 'list_append': {
      const first = evaluateUpdateValue(value.first, item);
      const second = evaluateUpdateValue(value.second, item);
      if (!('L' in first) || !('L' in second)) throw incorrectOperandType();
      return { L: [...first.L, ...second.L] };
    }
  }
}
