import type { AttributeValue, Item } from '../attributeValue.js';
import { attributeType } from '../attributeValue.js';
import { decodeBase64 } from '../base64.js';
import { compareKeyValues, compareBinary, valuesEqual } from '../compare.js';
import { valueAtPath } from '../documentPath.js';
import { utf8Length } from '../itemSize.js';
import { compareNumbers } from '../number.js';
import type { ConditionAst, Operand } from '../parser/ast.js';

/** size() as DynamoDB defines it; undefined for types without a size (N, BOOL, NULL). */
function sizeOf(value: AttributeValue | undefined): AttributeValue | undefined {
  if (!value) return undefined;
  let size: number | undefined;
  // String size is its UTF-8 byte length, as DynamoDB measures strings everywhere.
  if ('S' in value) size = utf8Length(value.S);
  else if ('B' in value) size = decodeBase64(value.B).length;
  else if ('SS' in value) size = value.SS.length;
  else if ('NS' in value) size = value.NS.length;
  else if ('BS' in value) size = value.BS.length;
  else if ('L' in value) size = value.L.length;
  else if ('M' in value) size = Object.keys(value.M).length;
  return size === undefined ? undefined : { N: String(size) };
}

export function resolveOperand(operand: Operand, item: Item | undefined): AttributeValue | undefined {
  switch (operand.kind) {
    case 'path':
      return valueAtPath(item, operand.path);
    case 'value':
      return operand.value;
    case 'size':
      return sizeOf(resolveOperand(operand.operand, item));
  }
}

/** Ordering for <, <=, >, >=, BETWEEN: only S, N and B of the same type are ordered. */
function order(a: AttributeValue | undefined, b: AttributeValue | undefined): number | undefined {
  if (!a || !b) return undefined;
  const type = attributeType(a);
  if (type !== attributeType(b) || (type !== 'S' && type !== 'N' && type !== 'B')) return undefined;
  return compareKeyValues(a, b);
}

function bytesContain(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function beginsWith(subject: AttributeValue | undefined, prefix: AttributeValue | undefined): boolean {
  if (!subject || !prefix) return false;
  if ('S' in subject && 'S' in prefix) return subject.S.startsWith(prefix.S);
  if ('B' in subject && 'B' in prefix) {
    const bytes = decodeBase64(subject.B);
    const start = decodeBase64(prefix.B);
    return start.length <= bytes.length && start.every((byte, i) => bytes[i] === byte);
  }
  return false;
}

function contains(subject: AttributeValue | undefined, operand: AttributeValue | undefined): boolean {
  if (!subject || !operand) return false;
  if ('S' in subject) return 'S' in operand && subject.S.includes(operand.S);
  if ('B' in subject) return 'B' in operand && bytesContain(decodeBase64(subject.B), decodeBase64(operand.B));
  if ('SS' in subject) return 'S' in operand && subject.SS.includes(operand.S);
  if ('NS' in subject) return 'N' in operand && subject.NS.some((member) => compareNumbers(member, operand.N) === 0);
  if ('BS' in subject) return 'B' in operand && subject.BS.some((member) => compareBinary(member, operand.B) === 0);
  if ('L' in subject) return subject.L.some((element) => valuesEqual(element, operand));
  return false;
}

/**
 * Evaluates a condition against an item (undefined = the item does not exist). DynamoDB
 * semantics: a missing attribute or a type mismatch makes a comparison false, except `<>`,
 * which is true when the two sides are not equal (including when one is missing).
 */
export function evaluateCondition(ast: ConditionAst, item: Item | undefined): boolean {
  switch (ast.kind) {
    case 'and':
      return evaluateCondition(ast.left, item) && evaluateCondition(ast.right, item);
    case 'or':
      return evaluateCondition(ast.left, item) || evaluateCondition(ast.right, item);
    case 'not':
      return !evaluateCondition(ast.condition, item);
    case 'comparison': {
      const left = resolveOperand(ast.left, item);
      const right = resolveOperand(ast.right, item);
      if (ast.operator === '=') return !!left && !!right && valuesEqual(left, right);
      if (ast.operator === '<>') return !(left && right && valuesEqual(left, right));
      const relation = order(left, right);
      if (relation === undefined) return false;
      switch (ast.operator) {
        case '<':
          return relation < 0;
        case '<=':
          return relation <= 0;
        case '>':
          return relation > 0;
        default:
          return relation >= 0;
      }
    }
    case 'between': {
      const value = resolveOperand(ast.operand, item);
      const low = order(value, resolveOperand(ast.lower, item));
      const high = order(value, resolveOperand(ast.upper, item));
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
    case 'in': {
      const value = resolveOperand(ast.operand, item);
      if (!value) return false;
      return ast.candidates.some((candidate) => {
        const other = resolveOperand(candidate, item);
        return !!other && valuesEqual(value, other);
      });
    }
    case 'attribute_exists':
      return valueAtPath(item, ast.path) !== undefined;
    case 'attribute_not_exists':
      return valueAtPath(item, ast.path) === undefined;
    case 'attribute_type': {
      const value = valueAtPath(item, ast.path);
      const type = resolveOperand(ast.type, item);
      return !!value && !!type && 'S' in type && attributeType(value) === type.S;
    }
    case 'begins_with':
      return beginsWith(resolveOperand(ast.subject, item), resolveOperand(ast.operand, item));
    case 'contains':
      return contains(resolveOperand(ast.subject, item), resolveOperand(ast.operand, item));
  }
}
