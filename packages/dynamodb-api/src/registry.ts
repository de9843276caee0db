import { batchExecuteStatement } from './actions/batchExecuteStatement.js';
import { executeStatement } from './actions/executeStatement.js';
import { executeTransaction } from './actions/executeTransaction.js';
import { batchGetItem } from './actions/batchGetItem.js';
import { batchWriteItem } from './actions/batchWriteItem.js';
import { createTable } from './actions/createTable.js';
import { deleteItem } from './actions/deleteItem.js';
import { getItem } from './actions/getItem.js';
import { putItem } from './actions/putItem.js';
import { query } from './actions/query.js';
import { scan } from './actions/scan.js';
import { updateItem } from './actions/updateItem.js';
import { deleteTable } from './actions/deleteTable.js';
import { describeEndpoints } from './actions/describeEndpoints.js';
import { describeLimits } from './actions/describeLimits.js';
import { describeTable } from './actions/describeTable.js';
import { describeTimeToLive } from './actions/describeTimeToLive.js';
import { listTables } from './actions/listTables.js';
import { listTagsOfResource } from './actions/listTagsOfResource.js';
import { tagResource } from './actions/tagResource.js';
import { transactGetItems } from './actions/transactGetItems.js';
import { transactWriteItems } from './actions/transactWriteItems.js';
import { untagResource } from './actions/untagResource.js';
import { updateTable } from './actions/updateTable.js';
import { updateTimeToLive } from './actions/updateTimeToLive.js';
import type { ActionContext } from './context.js';
import { validateBatchExecuteStatement, type BatchExecuteStatementInput } from './validations/batchExecuteStatement.js';
import { validateExecuteStatement, type ExecuteStatementInput } from './validations/executeStatement.js';
import { validateExecuteTransaction, type ExecuteTransactionInput } from './validations/executeTransaction.js';
import { validateBatchGetItem, type BatchGetItemInput } from './validations/batchGetItem.js';
import { validateBatchWriteItem, type BatchWriteItemInput } from './validations/batchWriteItem.js';
import { validateCreateTable, type CreateTableInput } from './validations/createTable.js';
import { validateDeleteItem, type DeleteItemInput } from './validations/deleteItem.js';
import { validateGetItem, type GetItemInput } from './validations/getItem.js';
import { validatePutItem, type PutItemInput } from './validations/putItem.js';
import { validateQuery, type QueryInput } from './validations/query.js';
import { validateScan, type ScanInput } from './validations/scan.js';
import { validateUpdateItem, type UpdateItemInput } from './validations/updateItem.js';
import { validateDeleteTable, type DeleteTableInput } from './validations/deleteTable.js';
import { validateDescribeEndpoints, type DescribeEndpointsInput } from './validations/describeEndpoints.js';
import { validateDescribeLimits, type DescribeLimitsInput } from './validations/describeLimits.js';
import { validateDescribeTable, type DescribeTableInput } from './validations/describeTable.js';
import { validateListTables, type ListTablesInput } from './validations/listTables.js';
import { validateListTagsOfResource, type ListTagsOfResourceInput } from './validations/listTagsOfResource.js';
import { validateTagResource, type TagResourceInput } from './validations/tagResource.js';
import { validateTransactGetItems, type TransactGetItemsInput } from './validations/transactGetItems.js';
import { validateTransactWriteItems, type TransactWriteItemsInput } from './validations/transactWriteItems.js';
import { validateUntagResource, type UntagResourceInput } from './validations/untagResource.js';
import { validateUpdateTable, type UpdateTableInput } from './validations/updateTable.js';
import { validateUpdateTimeToLive, type UpdateTimeToLiveInput } from './validations/updateTimeToLive.js';

/** The validated input type of each supported operation, by its `X-Amz-Target` name. */
export interface OperationInputs {
  CreateTable: CreateTableInput;
  DescribeTable: DescribeTableInput;
  DeleteTable: DeleteTableInput;
  ListTables: ListTablesInput;
  UpdateTable: UpdateTableInput;
  TagResource: TagResourceInput;
  UntagResource: UntagResourceInput;
  ListTagsOfResource: ListTagsOfResourceInput;
  DescribeLimits: DescribeLimitsInput;
  DescribeEndpoints: DescribeEndpointsInput;
  PutItem: PutItemInput;
  GetItem: GetItemInput;
  UpdateItem: UpdateItemInput;
  DeleteItem: DeleteItemInput;
  Query: QueryInput;
  Scan: ScanInput;
  BatchGetItem: BatchGetItemInput;
  BatchWriteItem: BatchWriteItemInput;
  TransactWriteItems: TransactWriteItemsInput;
  TransactGetItems: TransactGetItemsInput;
  UpdateTimeToLive: UpdateTimeToLiveInput;
  DescribeTimeToLive: DescribeTableInput;
  ExecuteStatement: ExecuteStatementInput;
  BatchExecuteStatement: BatchExecuteStatementInput;
  ExecuteTransaction: ExecuteTransactionInput;
}

export type OperationName = keyof OperationInputs;

export interface Operation<Input> {
  /** Serialization, constraint and semantic checks; throws AWS's errors. Never mutates `body`. */
  validate(body: Record<string, unknown>): Input;
  action(ctx: ActionContext, input: Input): Promise<object>;
}

/** One line per operation; a missing validate or action fails `tsc`. */
export const OPERATIONS: { readonly [Op in OperationName]: Operation<OperationInputs[Op]> } = {
  CreateTable: { validate: validateCreateTable, action: createTable },
  DescribeTable: { validate: validateDescribeTable, action: describeTable },
  DeleteTable: { validate: validateDeleteTable, action: deleteTable },
  ListTables: { validate: validateListTables, action: listTables },
  UpdateTable: { validate: validateUpdateTable, action: updateTable },
  TagResource: { validate: validateTagResource, action: tagResource },
  UntagResource: { validate: validateUntagResource, action: untagResource },
  ListTagsOfResource: { validate: validateListTagsOfResource, action: listTagsOfResource },
  DescribeLimits: { validate: validateDescribeLimits, action: describeLimits },
  DescribeEndpoints: { validate: validateDescribeEndpoints, action: describeEndpoints },
  PutItem: { validate: validatePutItem, action: putItem },
  GetItem: { validate: validateGetItem, action: getItem },
  UpdateItem: { validate: validateUpdateItem, action: updateItem },
  DeleteItem: { validate: validateDeleteItem, action: deleteItem },
  Query: { validate: validateQuery, action: query },
  Scan: { validate: validateScan, action: scan },
  BatchGetItem: { validate: validateBatchGetItem, action: batchGetItem },
  BatchWriteItem: { validate: validateBatchWriteItem, action: batchWriteItem },
  TransactWriteItems: { validate: validateTransactWriteItems, action: transactWriteItems },
  TransactGetItems: { validate: validateTransactGetItems, action: transactGetItems },
  UpdateTimeToLive: { validate: validateUpdateTimeToLive, action: updateTimeToLive },
  // DescribeTimeToLive takes exactly DescribeTable's input.
  DescribeTimeToLive: { validate: validateDescribeTable, action: describeTimeToLive },
  ExecuteStatement: { validate: validateExecuteStatement, action: executeStatement },
  BatchExecuteStatement: { validate: validateBatchExecuteStatement, action: batchExecuteStatement },
  ExecuteTransaction: { validate: validateExecuteTransaction, action: executeTransaction },
};

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}
