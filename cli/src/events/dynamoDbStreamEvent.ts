import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { EventContext } from './eventContext.js';
import { itemSize } from './itemSize.js';
import { randomHex, randomUUID } from './randomIds.js';

type DynamoDbItem = Record<string, AttributeValue>;

const TYPE_DESCRIPTORS = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS']);

/** `--item` may be DynamoDB JSON (every attribute one type descriptor) or plain JSON to marshal. */
function asDynamoDbItem(item: Record<string, unknown>): DynamoDbItem {
  const values = Object.values(item);
  const isDynamoDbJson =
    values.length > 0 &&
    values.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && TYPE_DESCRIPTORS.has(Object.keys(v)[0]!));
  return isDynamoDbJson ? (item as DynamoDbItem) : marshall(item, { removeUndefinedValues: true });
}

function sampleItem(ctx: EventContext): DynamoDbItem {
  return { id: { S: randomUUID() }, message: { S: 'Hello from kuhiro invoke' }, createdAt: { S: ctx.now.toISOString() } };
}

function keysOf(item: DynamoDbItem, keyNames: string[] | undefined): DynamoDbItem {
  const names = keyNames?.length ? keyNames : 'id' in item ? ['id'] : Object.keys(item).slice(0, 1);
  const keys: DynamoDbItem = {};
  for (const name of names) {
    if (!(name in item)) throw new Error(`the stream item has no key attribute ${name}`);
    keys[name] = item[name]!;
  }
  return keys;
}

/**
 * What Lambda receives from a DynamoDB stream (view type NEW_AND_OLD_IMAGES): one record whose
 * images follow the event name: INSERT has NewImage (the item), REMOVE OldImage (the item),
 * MODIFY both (OldImage is `--old-item`, by default the item itself).
 */
export function dynamoDbStreamEvent(ctx: EventContext): Record<string, unknown> {
  const item = ctx.item ? asDynamoDbItem(ctx.item) : sampleItem(ctx);
  const oldItem = ctx.oldItem ? asDynamoDbItem(ctx.oldItem) : item;
  const Keys = keysOf(item, ctx.keyNames);
  const images: { NewImage?: DynamoDbItem; OldImage?: DynamoDbItem } =
    ctx.eventName === 'INSERT' ? { NewImage: item } : ctx.eventName === 'REMOVE' ? { OldImage: item } : { NewImage: item, OldImage: oldItem };
  const sizeBytes = itemSize(Keys) + (images.NewImage ? itemSize(images.NewImage) : 0) + (images.OldImage ? itemSize(images.OldImage) : 0);
  // A stream's label is the time it was enabled; a day before the record is as good as any.
  const streamLabel = new Date(ctx.now.getTime() - 86_400_000).toISOString().replace('Z', '');
  return {
    Records: [
      {
        eventID: randomHex(16),
        eventName: ctx.eventName,
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: ctx.region,
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(ctx.now.getTime() / 1000),
          Keys,
          ...images,
          // Stream sequence numbers are decimal strings of 21+ digits.
          SequenceNumber: `${ctx.now.getTime()}${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`,
          SizeBytes: sizeBytes,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
        eventSourceARN: `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${ctx.table}/stream/${streamLabel}`,
      },
    ],
  };
}
