import type { Store } from '@kuhiro/crdt-store';
import { isTtlDeleteInProgress } from '@kuhiro/dynamodb-api';
import { StreamsApi, StreamsService, type CommitSource } from '@kuhiro/streams';
import type { Logger } from '../log/logger.js';

export interface NodeStreams {
  service: StreamsService;
  api: StreamsApi;
}

/**
 * DynamoDB Streams over the node's own store (local writes and applied replication alike), or
 * undefined for a stand-in store that reports no commits.
 */
export function openStreams(store: Store, options: { dataDir: string; region: string; log: Logger }): NodeStreams | undefined {
  if (typeof (store as Partial<CommitSource>).onCommit !== 'function') return undefined;
  const log = (msg: string, meta?: object) => options.log.error(msg, meta as Record<string, unknown> | undefined);
  const service = new StreamsService(store as Store & CommitSource, { dataDir: options.dataDir, region: options.region, isTtlDelete: isTtlDeleteInProgress, log });
  return { service, api: new StreamsApi(service, log) };
}
