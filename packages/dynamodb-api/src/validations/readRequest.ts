import type { DocumentPath, Item } from '@kuhiro/expressions';
import { ValidationException } from '../errors.js';
import { checkAttributeMap } from './itemRequest.js';

/** Shared checks of Query and Scan, in AWS's wording. */

export const SELECT = {
  type: 'String' as const,
  enum: ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'],
};

/** ExclusiveStartKey's values are validated like any AttributeValue, with AWS's prefix. */
export function checkStartKey(startKey: Record<string, unknown> | undefined): Item | undefined {
  if (startKey === undefined) return undefined;
  try {
    return checkAttributeMap(startKey);
  } catch (err) {
    if (err instanceof ValidationException) throw new ValidationException(`The provided starting key is invalid: ${err.message}`);
    throw err;
  }
}

/** Select must agree with the projection parameters. */
export function checkSelect(select: string | undefined, projectionMember: string | undefined, hasIndex: boolean): void {
  if (select === undefined) return;
  if (projectionMember !== undefined && select !== 'SPECIFIC_ATTRIBUTES') {
    const what = select === 'COUNT' ? 'only the COUNT' : select;
    throw new ValidationException(`Cannot specify the ${projectionMember} when choosing to get ${what}`);
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && !hasIndex) {
    throw new ValidationException('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
  }
}

/** The projection paths of ProjectionExpression or AttributesToGet, if any. */
export function projectionOf(parsed: DocumentPath[] | undefined, attributesToGet: string[] | undefined): DocumentPath[] | undefined {
  return parsed ?? attributesToGet?.map((name) => [name]);
}
