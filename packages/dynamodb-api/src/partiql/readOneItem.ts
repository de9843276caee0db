import type { Item } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { ValidationException } from '../errors.js';
import { keyAttributeNames } from '../items/keys.js';
import { requireActiveTable } from '../tables/findTable.js';
import { executeSelect } from './executeSelect.js';
import { topLevelEqualities, valuesOf } from './keyConditions.js';
import type { SelectStatement } from './statement.js';

/**
 * A SELECT inside BatchExecuteStatement or ExecuteTransaction: it must name one item of a
 * table by its whole key, so each read returns at most one item.
 */
export function readOneItem(ctx: ActionContext, statement: SelectStatement, consistentRead: boolean, missingKeyMessage: string): Item | undefined {
  if (statement.index !== undefined) throw new ValidationException('Reads on indices are not supported within transactions.');
  const table = requireActiveTable(ctx, statement.table);
  if (!valuesOf(topLevelEqualities(statement.where), keyAttributeNames(table))) throw new ValidationException(missingKeyMessage);
  const page = executeSelect(ctx, statement, { source: '', ConsistentRead: consistentRead });
  return (page.Items as Item[])[0];
}
