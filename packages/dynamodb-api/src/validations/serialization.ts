import { SerializationException } from '../errors.js';
import type { MemberSpec, StructureSpec, WireType } from './spec.js';
import { setOwnMember } from '@kuhiro/expressions';

/**
 * Step one of AWS's order: read the JSON body as the operation's input shape. A member of
 * the wrong JSON type is a SerializationException with Coral's (Jackson's) wording, as
 * observed against AWS by dynalite's current test suite. Unknown members are dropped and
 * null members count as absent, as AWS does. Returns a fresh copy; the request is untouched.
 */
export function readStructure(value: Record<string, unknown>, members: StructureSpec): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const own = Object.keys(value);
  if (own.length === 1) {
    // One member sent (every AttributeValue, most small inputs): look only at it. Walking the
    // spec in order would find the same single member (inherited names are not members).
    const name = own[0]!;
    const member = value[name];
    if (Object.hasOwn(members, name) && member !== undefined && member !== null) result[name] = readValue(member, members[name]!.type, 'field');
    return result;
  }
  for (const name of Object.keys(members)) {
    const member = value[name];
    if (member === undefined || member === null) continue;
    result[name] = readValue(member, members[name]!.type, 'field');
  }
  return result;
}

/** Where a structure sits changes AWS's message for a scalar in its place. */
type Position = 'field' | 'value';

const DYNAMODB_SHAPE = 'com.amazonaws.dynamodb.v20120810.';

const ATTRIBUTE_VALUE_MEMBERS: StructureSpec = {
  S: { type: 'String' },
  N: { type: 'String' },
  B: { type: 'Blob' },
  BOOL: { type: 'Boolean' },
  NULL: { type: 'Boolean' },
  SS: { type: { list: { type: 'String' } } },
  NS: { type: { list: { type: 'String' } } },
  BS: { type: { list: { type: 'Blob' } } },
  L: { type: { list: { type: 'AttributeValue' } } },
  M: { type: { map: { type: 'AttributeValue' }, valueShape: 'AttributeValue' } },
};

function fail(message: string): never {
  throw new SerializationException(message);
}

/** Jackson's token names for a JSON scalar that is not what the member expects. */
function tokenName(value: unknown): string {
  if (value === true) return 'TRUE_VALUE';
  if (value === false) return 'FALSE_VALUE';
  if (typeof value === 'number') return Number.isInteger(value) ? 'NUMBER_VALUE' : 'DECIMAL_VALUE';
  return 'STRING_VALUE';
}

function readValue(value: unknown, type: WireType, position: Position): unknown {
  if (type === 'AttributeValue') {
    return readStructureValue(value, 'AttributeValue', ATTRIBUTE_VALUE_MEMBERS, position);
  }
  if (typeof type === 'string') return readScalar(value, type);
  if ('list' in type) return readList(value, type.list);
  if ('map' in type) return readMap(value, type.map, type.valueShape);
  return readStructureValue(value, type.structure, type.members, position);
}

function readScalar(value: unknown, type: 'String' | 'Boolean' | 'Integer' | 'Long' | 'Double' | 'Blob'): unknown {
  const javaClass = { String: 'java.lang.String', Boolean: 'java.lang.Boolean', Integer: 'java.lang.Integer',
    Long: 'java.lang.Long', Double: 'java.lang.Double', Blob: 'java.nio.ByteBuffer' }[type];
  if (Array.isArray(value)) fail(`Unrecognized collection type class ${javaClass}`);
  if (typeof value === 'object') fail('Start of structure or map found where not expected');
  switch (type) {
    case 'String':
      if (typeof value !== 'string') fail(`${tokenName(value)} cannot be converted to String`);
      return value;
    case 'Boolean':
      if (typeof value === 'string') fail('Unexpected token received from parser');
      if (typeof value !== 'boolean') fail(`${tokenName(value)} cannot be converted to Boolean`);
      return value;
    case 'Integer':
    case 'Long':
    case 'Double':
      if (typeof value !== 'number') fail(`${tokenName(value)} cannot be converted to ${type}`);
      // Coral truncates a decimal given for an integer member rather than refusing it.
      return type === 'Double' ? value : Math.trunc(value);
    case 'Blob':
      if (typeof value !== 'string') fail('only base-64-encoded strings are convertible to bytes');
      checkBase64(value);
      return value;
  }
}

function checkBase64(value: string): void {
  if (value.length % 4 !== 0) {
    fail(`Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`);
  }
  const bad = /[^A-Za-z0-9+/=]|=[^=]/.exec(value);
  if (bad) fail(`Invalid Base64 character: '${bad[0][0]}'`);
  // A final character whose unused bits are set does not round-trip; AWS's message keeps its typo.
  if (Buffer.from(value, 'base64').toString('base64') !== value) {
    fail('Invalid last non-pad Base64 character dectected');
  }
}

function readList(value: unknown, element: MemberSpec): unknown[] {
  if (typeof value !== 'object' || value === null) fail('Unexpected field type');
  if (!Array.isArray(value)) fail('Start of structure or map found where not expected');
  // Null elements of a list are kept: AWS reports them as constraint failures later.
  return value.map((child) => (child === null ? null : readValue(child, element.type, 'value')));
}

function readMap(value: unknown, valueSpec: MemberSpec, valueShape: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) fail('Unexpected field type');
  if (Array.isArray(value)) {
    const shape = valueShape.includes('.') ? valueShape : DYNAMODB_SHAPE + valueShape;
    fail(`Unrecognized collection type java.util.Map<java.lang.String, ${shape}>`);
  }
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    setOwnMember(result, key, child === null ? null : readValue(child, valueSpec.type, 'value'));
  }
  return result;
}

function readStructureValue(value: unknown, shape: string, members: StructureSpec, position: Position): unknown {
  if (typeof value !== 'object' || value === null) {
    fail(position === 'field' ? 'Unexpected field type' : 'Unexpected value type in payload');
  }
  if (Array.isArray(value)) fail(`Unrecognized collection type class ${DYNAMODB_SHAPE}${shape}`);
  return readStructure(value as Record<string, unknown>, members);
}
