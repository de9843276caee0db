import { ValidationException } from '@kuhiro/dynamodb-api';
import { decodeShardIterator, encodeShardIterator } from '../shardIterator.js';
import { ExpiredIteratorException, TrimmedDataAccessException } from '../streamErrors.js';
import type { StreamsService } from '../streamsService.js';
import { optionalLimit, requiredString, validationError } from './inputChecks.js';
import { fittingCount } from './pageSize.js';

/** AWS's shard iterators are valid for 15 minutes. */
export const ITERATOR_LIFETIME_MS = 15 * 60 * 1000;

export function getRecords(service: StreamsService, tenant: string, input: Record<string, unknown>): Record<string, unknown> {
  const failures: string[] = [];
  const iteratorText = requiredString(input, 'ShardIterator', 'shardIterator', failures);
  if (iteratorText.length > 2048) failures.push(`Value '${iteratorText}' at 'shardIterator' failed to satisfy constraint: Member must have length less than or equal to 2048`);
  const limit = optionalLimit(input, 'limit', 1000, failures) ?? 1000;
  if (failures.length > 0) throw validationError(failures);

  const position = decodeShardIterator(iteratorText);
  const info = position ? service.findStream(tenant, position.streamArn) : undefined;
  if (!position || !info || info.shardId !== position.shardId) throw new ValidationException('Invalid ShardIterator');
  const nowMs = service.now();
  if (nowMs - position.issuedAtMs > ITERATOR_LIFETIME_MS) {
    throw new ExpiredIteratorException(
      `Iterator expired. The iterator was created at time ${new Date(position.issuedAtMs).toUTCString()} while right now it is ${new Date(nowMs).toUTCString()} which is further in the future than the tolerated delay of ${ITERATOR_LIFETIME_MS} milliseconds.`,
    );
  }
  if (!position.horizon && position.after < service.trimmedThrough(position.streamArn)) {
    throw new TrimmedDataAccessException('The data you are trying to access has been trimmed');
  }
  const stored = service.readAfter(position.streamArn, position.after, limit);
  const all = stored.map((entry) => entry.record);
  const records = all.slice(0, fittingCount(all));
  const last = records[records.length - 1];
  const result: Record<string, unknown> = { Records: records };
  const after = last ? last.dynamodb.SequenceNumber : position.after;
  // A disabled stream's shard is closed: once its last record was read there is no next iterator.
  const closedAndDrained = service.status(info) === 'DISABLED' && after >= service.lastSequenceNumber(position.streamArn)!;
  if (!closedAndDrained) {
    result.NextShardIterator = encodeShardIterator({ ...position, after, horizon: last ? false : position.horizon, issuedAtMs: nowMs });
  }
  return result;
}
