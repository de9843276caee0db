export * from './attributeValue.js';
export type { DocumentPath, ResolvedAction } from './update/resolvedAction.js';
