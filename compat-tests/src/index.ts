export { startTarget, targetKind, DEV_CREDENTIALS, type Target, type Credentials, type StartTargetOptions } from './target.js';
export { startEdgeNodeProcess, CLI_BIN, type EdgeNodeProcess, type EdgeNodeProcessOptions } from './edgeNodeProcess.js';
export { createTable, createKeyTable, listTablesWithPrefix, deleteTablesWithPrefix } from './tables.js';
export {
  expectAwsError,
  expectValidation,
  expectConditionalFailure,
  expectResourceNotFound,
  expectResourceInUse,
  rejectionOf,
  type AwsErrorShape,
} from './assertions.js';
