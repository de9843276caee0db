export * from './types.js';
export { ItemReplica, type ItemMutation } from './item/itemReplica.js';
export { NodeStore } from './nodeStore.js';
export { KuhiroError, type KuhiroErrorCode } from './kuhiroError.js';
export { encodeKeyValue, encodeKeyPrefix, encodeNumber } from './table/keyEncoding.js';
export { treeKeyOf, partitionHash, segmentOfHash } from './table/treeKey.js';
export type {
  PersistenceAdapter,
  LogRecord,
  LogEntry,
  SnapshotItem,
  SnapshotSource,
  LoadSink,
  LoadReport,
} from './persistence/persistenceAdapter.js';
