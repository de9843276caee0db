export { startTestNode, stopAllTestNodes, TestNode } from './testNode.js';
export type { TestNodeOptions } from './testNode.js';
export { TestNamespace } from './testNamespace.js';
export type { Credentials, TableSnapshot, SeedOptions } from './testNamespace.js';
export { TestClock } from './testClock.js';
export { useTestNode } from './testHooks.js';
export type { TestHooks, TestNodeHandle } from './testHooks.js';
export { toDynamoDbItem, readSeedFile, looksLikeDynamoDbJson } from './seedItems.js';
export type { DynamoDbItem, PlainItem, SeedFormat } from './seedItems.js';
