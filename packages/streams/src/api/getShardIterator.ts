import { ResourceNotFoundException, ValidationException } from '@kuhiro/dynamodb-api';
import { formatSequenceNumber, parseSequenceNumber } from '../sequenceNumbers.js';
import { encodeShardIterator } from '../shardIterator.js';
import { TrimmedDataAccessException } from '../streamErrors.js';
import type { StreamsService } from '../streamsService.js';
import { optionalString, requiredString, validationError } from './inputChecks.js';

const ITERATOR_TYPES = ['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'];

export function getShardIterator(service: StreamsService, tenant: string, input: Record<string, unknown>): Record<string, unknown> {
  const failures: string[] = [];
  const streamArn = requiredString(input, 'StreamArn', 'streamArn', failures);
  const shardId = requiredString(input, 'ShardId', 'shardId', failures);
  const type = requiredString(input, 'ShardIteratorType', 'shardIteratorType', failures);
  if (type !== '' && !ITERATOR_TYPES.includes(type)) {
    failures.push(`Value '${type}' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [${ITERATOR_TYPES.join(', ')}]`);
  }
  const sequenceText = optionalString(input, 'SequenceNumber', 'sequenceNumber', failures);
  if (failures.length > 0) throw validationError(failures);

  const info = service.findStream(tenant, streamArn);
  if (!info) throw new ResourceNotFoundException(`Requested resource not found: Stream: ${streamArn} not found`);
  if (shardId !== info.shardId) throw new ResourceNotFoundException(`Requested resource not found: Shard does not exist`);
  const base = { streamArn, shardId, issuedAtMs: service.now() };
  if (type === 'TRIM_HORIZON') return { ShardIterator: encodeShardIterator({ ...base, after: '', horizon: true }) };
  if (type === 'LATEST') return { ShardIterator: encodeShardIterator({ ...base, after: service.lastSequenceNumber(streamArn)!, horizon: false }) };

  if (sequenceText === undefined) throw new ValidationException(`Must provide a SequenceNumber for iterator type ${type}`);
  const sequence = parseSequenceNumber(sequenceText);
  if (sequence === undefined) throw new ValidationException(`Invalid SequenceNumber: ${sequenceText}`);
  if (sequence <= service.trimmedThrough(streamArn)) throw new TrimmedDataAccessException('The data you are trying to access has been trimmed');
  // AT n reads from n on: the position "already consumed" is n - 1.
  const after = type === 'AT_SEQUENCE_NUMBER' ? formatSequenceNumber(BigInt(sequence) - 1n) : sequence;
  return { ShardIterator: encodeShardIterator({ ...base, after, horizon: false }) };
}
