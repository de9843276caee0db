import type { Item } from '@kuhiro/expressions';

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/** A record as GetRecords returns it (and, with eventSourceARN added, as Lambda receives it). */
export interface StreamRecordWire {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: '1.1';
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    /** Seconds since the epoch, rounded down to the second, as AWS documents it. */
    ApproximateCreationDateTime: number;
    Keys: Item;
    NewImage?: Item;
    OldImage?: Item;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
  userIdentity?: { type: 'Service'; principalId: 'dynamodb.amazonaws.com' };
}

/** What the stream log keeps per record: the wire record plus where the change came from. */
export interface StoredStreamRecord {
  /** 'remote': replicated from another PoP; in the stream, but it triggers no function here. */
  origin: 'local' | 'remote';
  /** When this node appended it (ms), for the 24 h retention. */
  appendedAtMs: number;
  record: StreamRecordWire;
}

/** One stream as the catalog keeps it (persisted in streams.json). */
export interface StreamInfo {
  streamArn: string;
  streamLabel: string;
  tenant: string;
  tableName: string;
  tableId: string;
  keySchema: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;
  viewType: StreamViewType;
  /** ms since epoch the stream was first seen enabled on this node. */
  createdAtMs: number;
  shardId: string;
  /** A sequence number reserved when the stream was created: every record's is greater. */
  startingSequenceNumber: string;
  /** Set when the table stopped naming this stream as its enabled latest (disabled, replaced or deleted). */
  disabledAtMs?: number;
}
