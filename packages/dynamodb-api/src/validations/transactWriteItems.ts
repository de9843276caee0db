import type { ConditionAst, Item, UpdateAst } from '@kuhiro/expressions';
import { ValidationException } from '../errors.js';
import type { ReturnConsumedCapacity } from '../items/capacity.js';
import { validateInput } from './interpreter.js';
import { checkAttributeMap, checkItemSize, parseExpressions } from './itemRequest.js';
import { copyOptions } from './copyOptions.js';
import {
  EXPRESSION_ATTRIBUTE_NAMES,
  EXPRESSION_ATTRIBUTE_VALUES,
  KEY,
  RETURN_CONSUMED_CAPACITY,
  RETURN_ITEM_COLLECTION_METRICS,
  RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
  STRING,
  TABLE_NAME,
  type MemberSpec,
  type StructureSpec,
} from './spec.js';

interface TransactEntryBase {
  TableName: string;
  condition?: ConditionAst;
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
}

export type TransactWriteEntry =
  | (TransactEntryBase & { kind: 'ConditionCheck'; Key: Item; condition: ConditionAst })
  | (TransactEntryBase & { kind: 'Put'; Item: Item })
  | (TransactEntryBase & { kind: 'Delete'; Key: Item })
  | (TransactEntryBase & { kind: 'Update'; Key: Item; update: UpdateAst });

export interface TransactWriteItemsInput {
  entries: TransactWriteEntry[];
  ClientRequestToken?: string;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnItemCollectionMetrics?: 'SIZE' | 'NONE';
}

/** AWS raised the per-transaction limit from 25 to 100 items in 2022. */
export const MAX_TRANSACT_ITEMS = 100;

const common: StructureSpec = {
  TableName: TABLE_NAME,
  ConditionExpression: STRING,
  ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
  ExpressionAttributeValues: EXPRESSION_ATTRIBUTE_VALUES,
  ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
};

const entry = (shape: string, members: StructureSpec): MemberSpec => ({ type: { structure: shape, members: { ...common, ...members } } });

const spec = {
  members: {
    TransactItems: {
      type: {
        list: {
          type: {
            structure: 'TransactWriteItem',
            members: {
              ConditionCheck: entry('ConditionCheck', { Key: KEY, ConditionExpression: { type: 'String', notNull: true } }),
              Put: entry('Put', { Item: KEY }),
              Delete: entry('Delete', { Key: KEY }),
              Update: entry('Update', { Key: KEY, UpdateExpression: { type: 'String', notNull: true } }),
            },
          },
        },
      },
      notNull: true,
      minLength: 1,
      maxLength: MAX_TRANSACT_ITEMS,
    },
    ClientRequestToken: { type: 'String', minLength: 1, maxLength: 36 },
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
  },
} satisfies { members: StructureSpec };

const KINDS = ['ConditionCheck', 'Put', 'Delete', 'Update'] as const;

export function validateTransactWriteItems(body: Record<string, unknown>): TransactWriteItemsInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  const entries = (wire.TransactItems as Array<Record<string, any>>).map((raw): TransactWriteEntry => {
    const present = KINDS.filter((kind) => raw[kind] !== undefined);
    if (present.length === 0) {
      throw new ValidationException('The action or operation requested is invalid. Verify that the action is typed correctly.');
    }
    if (present.length > 1) throw new ValidationException('TransactItems can only contain one of Check, Put, Update or Delete');
    const kind = present[0]!;
    const request = raw[kind] as Record<string, any>;
    const base: TransactEntryBase = { TableName: request.TableName };
    copyOptions(request, base, ['ReturnValuesOnConditionCheckFailure']);
    if (kind === 'Put') {
      const item = checkAttributeMap(request.Item);
      checkItemSize(item);
      const parsed = parseExpressions(request);
      return { ...base, kind, Item: item, ...(parsed.condition ? { condition: parsed.condition } : {}) };
    }
    const key = checkAttributeMap(request.Key);
    const parsed = parseExpressions(request);
    const condition = parsed.condition ? { condition: parsed.condition } : {};
    if (kind === 'Delete') return { ...base, kind, Key: key, ...condition };
    if (kind === 'Update') return { ...base, kind, Key: key, update: parsed.update!, ...condition };
    return { ...base, kind, Key: key, condition: parsed.condition! };
  });
  const input: TransactWriteItemsInput = { entries };
  copyOptions(wire, input, ['ClientRequestToken', 'ReturnConsumedCapacity', 'ReturnItemCollectionMetrics']);
  return input;
}
