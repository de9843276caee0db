export * from './errors.js';
export { DynamoDbApi, type ApiResponse } from './dynamoDbApi.js';
export type { RequestContext, DynamoDbApiOptions } from './context.js';
export { OPERATIONS, type OperationName } from './registry.js';
export { isTtlDeleteInProgress } from './ttl/ttlDeletes.js';
export { toWireJson } from './items/wireJson.js';
