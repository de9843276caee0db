import type { IndexDefinition, KeyAttribute, KeySchema } from '@kuhiro/crdt-store';
import type { AttributeDefinition, KeySchemaElement, StoredIndex } from './tableMeta.js';

/** The store's view of a DynamoDB key schema: attribute names with their scalar types. */
export function storeKeySchema(keySchema: KeySchemaElement[], definitions: AttributeDefinition[]): KeySchema {
  const attribute = (element: KeySchemaElement): KeyAttribute => {
    const definition = definitions.find((d) => d.AttributeName === element.AttributeName);
    // Validation guarantees every key attribute is defined.
    return { name: element.AttributeName, type: definition!.AttributeType };
  };
  return {
    partition: keySchema.filter((k) => k.KeyType === 'HASH').map(attribute),
    sort: keySchema.filter((k) => k.KeyType === 'RANGE').map(attribute),
  };
}

export function storeIndex(index: StoredIndex, kind: 'global' | 'local', definitions: AttributeDefinition[]): IndexDefinition {
  const projection: IndexDefinition['projection'] = { type: index.Projection.ProjectionType ?? 'ALL' };
  if (index.Projection.NonKeyAttributes) projection.nonKeyAttributes = index.Projection.NonKeyAttributes;
  return { name: index.IndexName, kind, key: storeKeySchema(index.KeySchema, definitions), projection };
}
