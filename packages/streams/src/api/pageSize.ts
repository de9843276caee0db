/** GetRecords returns at most 1 MB of records per call, as AWS documents; at least one record. */
export const MAX_PAGE_BYTES = 1024 * 1024;

/** How many of `records` fit in one page (their JSON size as the measure). */
export function fittingCount(records: readonly unknown[]): number {
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    bytes += JSON.stringify(records[i]).length;
    if (bytes > MAX_PAGE_BYTES && i > 0) return i;
  }
  return records.length;
}
