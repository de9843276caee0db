import type { IndexDefinition, TableRecord } from '@kuhiro/crdt-store';
import type { ConditionAst } from '@kuhiro/expressions';
import { ValidationException } from '../errors.js';
import { conditionPaths } from './conditionPaths.js';
import type { Select } from './readPage.js';

/** The index a Query or Scan names, with AWS's checks of what may be asked of it. */
export function resolveIndex(
  table: TableRecord,
  indexName: string | undefined,
  consistentRead: boolean | undefined,
  select: Select | undefined,
): IndexDefinition | undefined {
  if (indexName === undefined) return undefined;
  const index = table.indexes.find((i) => i.name === indexName);
  if (!index) throw new ValidationException(`The table does not have the specified index: ${indexName}`);
  if (index.kind === 'global' && consistentRead) {
    throw new ValidationException('Consistent reads are not supported on global secondary indexes');
  }
  if (index.kind === 'global' && select === 'ALL_ATTRIBUTES' && index.projection.type !== 'ALL') {
    throw new ValidationException(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${indexName} because its projection type is not ALL`,
    );
  }
  return index;
}

/** A Query's filter may not read the key attributes of what it queries. */
export function checkFilterAvoidsKeys(filter: ConditionAst | undefined, keyNames: string[], label = 'Filter Expression'): void {
  if (!filter) return;
  for (const path of conditionPaths(filter)) {
    const head = path[0];
    if (typeof head === 'string' && keyNames.includes(head)) {
      throw new ValidationException(`${label} can only contain non-primary key attributes: Primary key attribute: ${head}`);
    }
  }
}
