export { StreamsService, RETENTION_MS, type StreamsServiceOptions, type CommitSource } from './streamsService.js';
export { StreamsApi, STREAMS_TARGET_PREFIX } from './streamsApi.js';
export { ITERATOR_LIFETIME_MS } from './api/getRecords.js';
export { ExpiredIteratorException, TrimmedDataAccessException } from './streamErrors.js';
export type { StreamRecordWire, StoredStreamRecord, StreamInfo, StreamViewType } from './streamTypes.js';
