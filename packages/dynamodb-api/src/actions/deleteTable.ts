import type { ActionContext } from '../context.js';
import { ResourceInUseException, ValidationException } from '../errors.js';
import { requireTable } from '../tables/findTable.js';
import { currentStatus, tableDescription } from '../tables/tableDescription.js';
import { tableMeta } from '../tables/tableMeta.js';
import type { DeleteTableInput } from '../validations/deleteTable.js';

export async function deleteTable(ctx: ActionContext, input: DeleteTableInput): Promise<object> {
  const record = requireTable(ctx, input.TableName);
  const meta = tableMeta(record);
  const nowMs = ctx.now();
  if (currentStatus(meta.activeAtMs, nowMs) === 'CREATING') {
    throw new ResourceInUseException(
      `Attempt to change a resource which is still in use: Table is being created: ${input.TableName}`,
    );
  }
  if ((meta.GlobalSecondaryIndexes ?? []).some((index) => currentStatus(index.activeAtMs, nowMs) === 'CREATING')) {
    throw new ResourceInUseException('Cannot delete table while indexes are being created, updated, or deleted');
  }
  if (meta.DeletionProtectionEnabled) {
    throw new ValidationException(
      'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
    );
  }
  const stats = ctx.store.tableStats(record);
  await ctx.store.deleteTable(ctx.request.tenant, input.TableName);
  // The table is gone at once (waitUntilTableNotExists sees ResourceNotFound on its first poll);
  // the answer still says DELETING, as AWS's does.
  return { TableDescription: tableDescription(record, stats, nowMs, 'DELETING') };
}
