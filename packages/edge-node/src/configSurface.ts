/**
 * `@kuhiro/edge-node/config`: how a node is configured, without the node. The CLI builds its
 * commands (choices, help, --version, config checks) from this at every start; the package's
 * main entry loads the store and both APIs, which costs most of a second, and only a running
 * `kuhiro node` needs that.
 */
export { KUHIRO_VERSION } from './version.js';
export { LOG_LEVELS, FSYNC_POLICIES, parseNodeConfig, ConfigError } from './config.js';
export type { NodeConfig, NodeConfigInput, LogLevel } from './config.js';
export { DYNAMODB_FAULT_ERROR_NAMES, LAMBDA_FAULT_ERROR_NAMES } from './faults/faultErrorNames.js';
export type { DynamoDbFaultErrorName, LambdaFaultErrorName } from './faults/faultErrorNames.js';
