import { EXPECTED } from './legacyConditions.js';
import {
  CONDITIONAL_OPERATOR,
  EXPRESSION_ATTRIBUTE_NAMES,
  EXPRESSION_ATTRIBUTE_VALUES,
  RETURN_CONSUMED_CAPACITY,
  RETURN_ITEM_COLLECTION_METRICS,
  RETURN_VALUES,
  RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
  STRING,
  TABLE_NAME,
  type MemberSpec,
  type OperationSpec,
} from './spec.js';

/**
 * PutItem's and DeleteItem's members, in the order AWS checks (and lists) them: they differ
 * only in the member that names the item (`Item` or `Key`), which AWS checks third.
 */
export function conditionalWriteSpec(itemMember: Record<string, MemberSpec>): OperationSpec {
  return {
    tableNameMember: 'TableName',
    members: {
      ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
      TableName: TABLE_NAME,
      ...itemMember,
      ConditionalOperator: CONDITIONAL_OPERATOR,
      Expected: EXPECTED,
      ReturnValues: RETURN_VALUES,
      ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
      ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
      ConditionExpression: STRING,
      ExpressionAttributeValues: EXPRESSION_ATTRIBUTE_VALUES,
      ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
    },
  };
}

/** The response options every single-item write passes through to its action unchanged. */
export const WRITE_RESPONSE_OPTIONS = ['ReturnValues', 'ReturnValuesOnConditionCheckFailure', 'ReturnConsumedCapacity', 'ReturnItemCollectionMetrics'];
