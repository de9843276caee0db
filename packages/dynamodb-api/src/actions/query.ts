import type { IndexDefinition, KeySchema, TableRecord } from '@kuhiro/crdt-store';
import { analyzeKeyCondition, type Item, type KeySchemaForQuery, type ScalarKeyType } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { ValidationException } from '../errors.js';
import { readPage, readStoredPage } from '../items/readPage.js';
import { checkFilterAvoidsKeys, resolveIndex } from '../items/readTarget.js';
import { checkStartKeyShape } from '../items/startKey.js';
import { parseStored } from '../items/storedReads.js';
import { requireActiveTable } from '../tables/findTable.js';
import { requireIndexReadable } from '../tables/indexReadable.js';
import { translateExpressionError } from '../validations/itemRequest.js';
import type { QueryInput } from '../validations/query.js';

export async function query(ctx: ActionContext, input: QueryInput): Promise<object> {
  const table = requireActiveTable(ctx, input.TableName);
  const index = resolveIndex(table, input.IndexName, input.ConsistentRead, input.Select);
  requireIndexReadable(table, input.IndexName, ctx.now());
  const key = index ? index.key : table.key;
  const schema = querySchemaOf(key);
  let analysis;
  try {
    analysis = analyzeKeyCondition(input.keyCondition, schema);
  } catch (err) {
    throw translateExpressionError(err);
  }
  if (input.filter) checkFilterAvoidsKeys(input.filter, [...schema.partition, ...schema.sort], input.filterLabel);
  if (input.ExclusiveStartKey) {
    checkStartKeyShape(table, input.IndexName, input.ExclusiveStartKey);
    const outside = key.partition.some(
      (k, i) => JSON.stringify(input.ExclusiveStartKey![k.name]) !== JSON.stringify(analysis.partition[i]),
    );
    if (outside) throw new ValidationException('The provided starting key is outside query boundaries based on provided conditions');
  }
  const options = {
    ...(input.IndexName !== undefined ? { index: input.IndexName } : {}),
    partition: analysis.partition,
    ...(analysis.sortCondition ? { sortCondition: analysis.sortCondition } : {}),
    forward: input.ScanIndexForward ?? true,
    ...(input.ExclusiveStartKey ? { exclusiveStartKey: input.ExclusiveStartKey } : {}),
  };
  // Stored texts when the store has them (no parse, no JSON.stringify of items); objects otherwise.
  const { store } = ctx;
  if (store.queryStored && store.getStoredItem) {
    const fetch = (key: Item) => store.getStoredItem!(table, key);
    const items = fetchFromTableIfNeeded(table, index, store.queryStored(table, options), input, parseStored, fetch);
    return readStoredPage(table, input.IndexName, items, input);
  }
  const items = fetchFromTableIfNeeded(table, index, store.query(table, options), input, (item) => item, (key) => store.getItem(table, key));
  return readPage(table, input.IndexName, items, input);
}

/**
 * An LSI lives with its table's partition, so when the caller asks for attributes the index
 * does not project (Select ALL_ATTRIBUTES, or a projection path outside it), AWS fetches the
 * whole item from the table; a GSI refuses that instead (resolveIndex). Otherwise the items
 * are passed on as they are (no extra generator step per item on the common path).
 */
function fetchFromTableIfNeeded<T>(
  table: TableRecord,
  index: IndexDefinition | undefined,
  items: Iterable<T>,
  input: QueryInput,
  itemOf: (entry: T) => Item,
  fetch: (key: Item) => T | undefined,
): Iterable<T> {
  const projected = index && index.kind === 'local' && index.projection.type !== 'ALL' ? projectedNames(table, index) : undefined;
  const needsTable =
    projected !== undefined &&
    (input.Select === 'ALL_ATTRIBUTES' ||
      (input.projection ?? []).some((path) => typeof path[0] === 'string' && !projected.has(path[0])));
  return needsTable ? fetchEachFromTable(table, items, itemOf, fetch) : items;
}

function* fetchEachFromTable<T>(
  table: TableRecord,
  items: Iterable<T>,
  itemOf: (entry: T) => Item,
  fetch: (key: Item) => T | undefined,
): Iterable<T> {
  for (const item of items) {
    const indexItem = itemOf(item);
    const key: Item = {};
    for (const k of [...table.key.partition, ...table.key.sort]) key[k.name] = indexItem[k.name]!;
    yield fetch(key) ?? item;
  }
}

function projectedNames(table: TableRecord, index: IndexDefinition): Set<string> {
  const names = new Set([...table.key.partition, ...table.key.sort, ...index.key.partition, ...index.key.sort].map((k) => k.name));
  for (const name of index.projection.nonKeyAttributes ?? []) names.add(name);
  return names;
}

/**
 * The key schema as analyzeKeyCondition takes it, built once per key schema object (table
 * records and their index definitions are replaced, not changed, when a table changes).
 */
const querySchemas = new WeakMap<KeySchema, KeySchemaForQuery>();
function querySchemaOf(key: KeySchema): KeySchemaForQuery {
  let schema = querySchemas.get(key);
  if (schema === undefined) {
    const types: Record<string, ScalarKeyType> = {};
    for (const k of [...key.partition, ...key.sort]) types[k.name] = k.type;
    schema = { partition: key.partition.map((k) => k.name), sort: key.sort.map((k) => k.name), types };
    querySchemas.set(key, schema);
  }
  return schema;
}
