import { LIMITS } from '../limits.js';
import type { Tag } from '../tables/tableMeta.js';
import type { MemberSpec } from './spec.js';

/**
 * Checks of table options shared by CreateTable, UpdateTable and TagResource, in AWS's
 * wording (observed texts catalogued by the ack-api-quirks lab, 2026-10).
 */

const INVALID = 'One or more parameter values were invalid: ';

export const STREAM_SPECIFICATION: MemberSpec = {
  type: {
    structure: 'StreamSpecification',
    members: {
      StreamEnabled: { type: 'Boolean', notNull: true },
      StreamViewType: { type: 'String', enum: ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'] },
    },
  },
};

/** TableClass is a free string in the model; AWS words a bad one itself. */
export const TABLE_CLASS: MemberSpec = { type: 'String' };
const TABLE_CLASSES = ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'];

export function checkTableClass(tableClass: string | undefined): string | undefined {
  if (tableClass === undefined || TABLE_CLASSES.includes(tableClass)) return undefined;
  return `Invalid table-class parameter provided. Please try again with a valid table-class value: [${TABLE_CLASSES.join(', ')}].`;
}

/** CreateTable: a stream needs a view type exactly when it is enabled. */
export function checkNewStream(stream: { StreamEnabled: boolean; StreamViewType?: string } | undefined): string | undefined {
  if (!stream) return undefined;
  if (stream.StreamEnabled && stream.StreamViewType === undefined) {
    return `${INVALID}Table is being created with a stream enabled, UpdateViewType is required`;
  }
  if (!stream.StreamEnabled && stream.StreamViewType !== undefined) {
    return `${INVALID}Table is being created with a stream disabled, UpdateViewType should not be specified`;
  }
  return undefined;
}

/** UpdateTable: the same rule, plus no re-enabling an enabled stream or disabling none. */
export function checkStreamChange(
  tableName: string,
  current: { StreamEnabled: boolean } | undefined,
  wanted: { StreamEnabled: boolean; StreamViewType?: string },
): string | undefined {
  if (wanted.StreamEnabled && wanted.StreamViewType === undefined) return `${INVALID}If stream is being enabled then UpdateViewType is required`;
  if (!wanted.StreamEnabled && wanted.StreamViewType !== undefined) {
    return `${INVALID}If stream is being disabled, then UpdateViewType must not be specified`;
  }
  const enabled = current?.StreamEnabled === true;
  if (wanted.StreamEnabled && enabled) return `Table already has an enabled stream: TableName: ${tableName}`;
  if (!wanted.StreamEnabled && !enabled) return `Table has no stream to disable: TableName: ${tableName}`;
  return undefined;
}

/** Tag rules of CreateTable and TagResource. `existing` counts toward the 50-tag limit. */
export function checkTags(tags: Tag[] | undefined, existing: Tag[] = []): string | undefined {
  if (tags === undefined) return undefined;
  const keys = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.startsWith('aws:')) return `Tag Key cannot be prefixed with aws:, Key: ${tag.Key}`;
    if (keys.has(tag.Key)) return `Duplicate Tag Keys provided as input: Duplicate Tag Key found ${tag.Key}`;
    keys.add(tag.Key);
  }
  for (const tag of existing) keys.add(tag.Key);
  if (keys.size > LIMITS.MAX_TAGS_PER_RESOURCE) return 'Number of Tags exceed the current limit for the provided ResourceArn';
  return undefined;
}
