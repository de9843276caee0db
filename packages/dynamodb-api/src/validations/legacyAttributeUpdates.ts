import { attributeType, type UpdateAst, type UpdateClause } from '@kuhiro/expressions';
import { ValidationException } from '../errors.js';
import { checkAttributeMap } from './itemRequest.js';
import type { MemberSpec } from './spec.js';

/**
 * The legacy `AttributeUpdates` parameter of UpdateItem, checked with AWS's messages and
 * turned into the UpdateAst an UpdateExpression produces (PUT -> SET, DELETE -> REMOVE or
 * set DELETE, ADD -> ADD, or an append for a list, as the legacy API defines ADD on lists).
 */
export const ATTRIBUTE_UPDATES: MemberSpec = {
  type: {
    map: {
      type: {
        structure: 'AttributeValueUpdate',
        members: {
          Action: { type: 'String', enum: ['ADD', 'PUT', 'DELETE'] },
          Value: { type: 'AttributeValue' },
        },
      },
    },
    valueShape: 'AttributeValueUpdate',
  },
};

const INVALID = 'One or more parameter values were invalid: ';

export function legacyUpdateOf(updates: Record<string, { Action?: string; Value?: unknown }> | undefined): UpdateAst | undefined {
  if (updates === undefined) return undefined;
  const actions: UpdateClause[] = [];
  for (const [name, update] of Object.entries(updates)) {
    const action = update.Action ?? 'PUT';
    const value = update.Value === undefined ? undefined : checkAttributeMap({ value: update.Value }).value!;
    if (value === undefined && action !== 'DELETE') {
      throw new ValidationException(`${INVALID}Only DELETE action is allowed when no attribute value is specified`);
    }
    const path = [name];
    if (value === undefined) {
      actions.push({ kind: 'REMOVE', path });
      continue;
    }
    const type = attributeType(value);
    if (action === 'DELETE') {
      if (type !== 'SS' && type !== 'NS' && type !== 'BS') {
        throw new ValidationException(`${INVALID}DELETE action with value is not supported for the type ${type}`);
      }
      actions.push({ kind: 'DELETE', path, value });
    } else if (action === 'ADD') {
      if (type === 'L') {
        actions.push({
          kind: 'SET',
          path,
          value: {
            kind: 'list_append',
            first: { kind: 'if_not_exists', path, fallback: { kind: 'value', value: { L: [] } } },
            second: { kind: 'value', value },
          },
        });
      } else if (type === 'N' || type === 'SS' || type === 'NS' || type === 'BS') {
        actions.push({ kind: 'ADD', path, value });
      } else {
        throw new ValidationException(`${INVALID}ADD action is not supported for the type ${type}`);
      }
    } else {
      actions.push({ kind: 'SET', path, value: { kind: 'value', value } });
    }
  }
  return { actions };
}
