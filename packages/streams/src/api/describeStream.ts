import { ResourceNotFoundException } from '@kuhiro/dynamodb-api';
import type { StreamsService } from '../streamsService.js';
import { optionalLimit, optionalString, requiredString, validationError } from './inputChecks.js';

/** DescribeStream: one shard per stream; a disabled stream's shard is closed (EndingSequenceNumber). */
export function describeStream(service: StreamsService, tenant: string, input: Record<string, unknown>): Record<string, unknown> {
  const failures: string[] = [];
  const streamArn = requiredString(input, 'StreamArn', 'streamArn', failures);
  optionalLimit(input, 'limit', 100, failures);
  const exclusiveStartShardId = optionalString(input, 'ExclusiveStartShardId', 'exclusiveStartShardId', failures);
  if (failures.length > 0) throw validationError(failures);
  const info = service.findStream(tenant, streamArn);
  if (!info) throw new ResourceNotFoundException(`Requested resource not found: Stream: ${streamArn} not found`);
  const status = service.status(info);
  const range: Record<string, string> = { StartingSequenceNumber: service.firstSequenceNumber(streamArn) ?? info.startingSequenceNumber };
  if (status === 'DISABLED') range.EndingSequenceNumber = service.lastSequenceNumber(streamArn)!;
  const shards = exclusiveStartShardId === info.shardId ? [] : [{ ShardId: info.shardId, SequenceNumberRange: range }];
  return {
    StreamDescription: {
      StreamArn: info.streamArn,
      StreamLabel: info.streamLabel,
      StreamStatus: status,
      StreamViewType: info.viewType,
      CreationRequestDateTime: info.createdAtMs / 1000,
      TableName: info.tableName,
      KeySchema: info.keySchema,
      Shards: shards,
    },
  };
}
