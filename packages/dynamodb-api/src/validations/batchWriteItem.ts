import type { Item } from '@kuhiro/expressions';
import { ValidationException } from '../errors.js';
import type { ReturnConsumedCapacity } from '../items/capacity.js';
import { validateInput } from './interpreter.js';
import { checkAttributeMap, checkItemSize } from './itemRequest.js';
import { copyOptions } from './copyOptions.js';
import { KEY, RETURN_CONSUMED_CAPACITY, RETURN_ITEM_COLLECTION_METRICS, type OperationSpec } from './spec.js';

export type WriteRequest = { put: Item } | { delete: Item };

export interface BatchWriteItemInput {
  /** Table name -> its requests, in request order. */
  requests: Array<{ tableName: string; writes: WriteRequest[] }>;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnItemCollectionMetrics?: 'SIZE' | 'NONE';
}

/** AWS accepts at most 25 put/delete requests in one BatchWriteItem. */
const MAX_WRITES = 25;

const spec: OperationSpec = {
  members: {
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
    RequestItems: {
      type: {
        map: {
          type: {
            list: {
              type: {
                structure: 'WriteRequest',
                members: {
                  DeleteRequest: { type: { structure: 'DeleteRequest', members: { Key: KEY } } },
                  PutRequest: { type: { structure: 'PutRequest', members: { Item: KEY } } },
                },
              },
            },
          },
        },
        valueShape: 'java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>',
      },
      notNull: true,
      minLength: 1,
      keys: { minLength: 3, maxLength: 255, pattern: '[a-zA-Z0-9_.-]+' },
      values: { minLength: 1, maxLength: 25 },
    },
  },
};

export function validateBatchWriteItem(body: Record<string, unknown>): BatchWriteItemInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  const requests: BatchWriteItemInput['requests'] = [];
  let count = 0;
  for (const [tableName, list] of Object.entries(wire.RequestItems as Record<string, Array<Record<string, any>>>)) {
    const writes: WriteRequest[] = [];
    for (const request of list) {
      if (request.PutRequest === undefined && request.DeleteRequest === undefined) {
        throw new ValidationException('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
      }
      if (request.PutRequest !== undefined) {
        const item = checkAttributeMap(request.PutRequest.Item);
        checkItemSize(item);
        writes.push({ put: item });
      } else {
        writes.push({ delete: checkAttributeMap(request.DeleteRequest.Key) });
      }
      count++;
    }
    requests.push({ tableName, writes });
  }
  if (count > MAX_WRITES) throw new ValidationException('Too many items requested for the BatchWriteItem call');
  const input: BatchWriteItemInput = { requests };
  copyOptions(wire, input, ['ReturnConsumedCapacity', 'ReturnItemCollectionMetrics']);
  return input;
}
