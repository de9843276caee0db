import { InvalidParameterValueException, validationErrors } from '../errors.js';
import { LIMITS } from '../limits.js';

/** Marker / MaxItems paging over a sorted list; the marker is an opaque token like Lambda's. */
export function paginate<T>(items: T[], marker: string | undefined, maxItemsText: string | undefined): { page: T[]; nextMarker?: string } {
  let maxItems: number = LIMITS.listMaxItems;
  if (maxItemsText !== undefined) {
    const parsed = Number(maxItemsText);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 10000) {
      throw validationErrors([`Value '${maxItemsText}' at 'maxItems' failed to satisfy constraint: Member must have value ${parsed < 1 ? 'greater than or equal to 1' : 'less than or equal to 10000'}`]);
    }
    maxItems = Math.min(parsed, LIMITS.listMaxItems);
  }
  let start = 0;
  if (marker !== undefined && marker !== '') {
    const decoded = Buffer.from(marker, 'base64url').toString('utf8');
    if (!/^\d+$/.test(decoded)) throw new InvalidParameterValueException('Invalid Marker.');
    start = Number(decoded);
  }
  const page = items.slice(start, start + maxItems);
  const next = start + maxItems;
  return next < items.length ? { page, nextMarker: Buffer.from(String(next)).toString('base64url') } : { page };
}
