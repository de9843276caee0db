import type { ActionContext } from '../context.js';
import { readPage, readStoredPage } from '../items/readPage.js';
import { resolveIndex } from '../items/readTarget.js';
import { checkStartKeyShape } from '../items/startKey.js';
import { requireActiveTable } from '../tables/findTable.js';
import { requireIndexReadable } from '../tables/indexReadable.js';
import type { ScanInput } from '../validations/scan.js';

export async function scan(ctx: ActionContext, input: ScanInput): Promise<object> {
  const table = requireActiveTable(ctx, input.TableName);
  resolveIndex(table, input.IndexName, input.ConsistentRead, input.Select);
  requireIndexReadable(table, input.IndexName, ctx.now());
  if (input.ExclusiveStartKey) checkStartKeyShape(table, input.IndexName, input.ExclusiveStartKey);
  const options = {
    ...(input.IndexName !== undefined ? { index: input.IndexName } : {}),
    ...(input.TotalSegments !== undefined ? { segment: input.Segment!, totalSegments: input.TotalSegments } : {}),
    ...(input.ExclusiveStartKey ? { exclusiveStartKey: input.ExclusiveStartKey } : {}),
  };
  // Stored texts when the store has them (no parse, no JSON.stringify of items); objects otherwise.
  if (ctx.store.scanStored) return readStoredPage(table, input.IndexName, ctx.store.scanStored(table, options), input);
  return readPage(table, input.IndexName, ctx.store.scan(table, options), input);
}
