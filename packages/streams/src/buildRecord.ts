import { randomBytes } from 'node:crypto';
import type { CommittedItem } from '@kuhiro/crdt-store';
import { itemSize } from '@kuhiro/expressions';
import { sameItem } from './sameItem.js';
import type { StreamRecordWire, StreamViewType } from './streamTypes.js';

export interface RecordContext {
  region: string;
  viewType: StreamViewType;
  sequenceNumber: () => string;
  nowMs: number;
  /** The TTL sweeper's delete: AWS marks those with the DynamoDB service as the user identity. */
  byTtl: boolean;
}

/** The stream record for one committed item change, or undefined when the item did not change. */
export function buildRecord(change: Pick<CommittedItem, 'key' | 'old' | 'new'>, context: RecordContext): StreamRecordWire | undefined {
  if (sameItem(change.old, change.new)) return undefined;
  const eventName = change.old === undefined ? 'INSERT' : change.new === undefined ? 'REMOVE' : 'MODIFY';
  const { viewType } = context;
  const dynamodb: StreamRecordWire['dynamodb'] = {
    ApproximateCreationDateTime: Math.floor(context.nowMs / 1000),
    Keys: change.key,
    SequenceNumber: context.sequenceNumber(),
    SizeBytes: 0,
    StreamViewType: viewType,
  };
  if (change.new && (viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES')) dynamodb.NewImage = change.new;
  if (change.old && (viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES')) dynamodb.OldImage = change.old;
  // AWS counts the record's key and images; a record is never empty, so at least the keys count.
  dynamodb.SizeBytes = itemSize(dynamodb.Keys) + (dynamodb.NewImage ? itemSize(dynamodb.NewImage) : 0) + (dynamodb.OldImage ? itemSize(dynamodb.OldImage) : 0);
  const record: StreamRecordWire = {
    // AWS's event ids are 32 hex digits.
    eventID: randomBytes(16).toString('hex'),
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: context.region,
    dynamodb,
  };
  if (context.byTtl && eventName === 'REMOVE') record.userIdentity = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };
  return record;
}
