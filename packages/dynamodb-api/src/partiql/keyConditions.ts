import type { KeyAttribute } from '@kuhiro/crdt-store';
import { attributeType, type AttributeValue, type ConditionAst } from '@kuhiro/expressions';

/**
 * The `attribute = value` equalities among the top-level AND terms of a WHERE clause, by
 * attribute name: what decides whether a statement names one item (all key attributes),
 * one partition (the partition key) or needs a scan. Only the first equality per name counts.
 */
export function topLevelEqualities(where: ConditionAst | undefined): Map<string, AttributeValue> {
  const found = new Map<string, AttributeValue>();
  const visit = (node: ConditionAst): void => {
    if (node.kind === 'and') {
      visit(node.left);
      visit(node.right);
      return;
    }
    if (node.kind !== 'comparison' || node.operator !== '=') return;
    const [path, value] =
      node.left.kind === 'path' && node.right.kind === 'value'
        ? [node.left.path, node.right.value]
        : node.right.kind === 'path' && node.left.kind === 'value'
          ? [node.right.path, node.left.value]
          : [undefined, undefined];
    if (path?.length === 1 && typeof path[0] === 'string' && !found.has(path[0])) found.set(path[0], value!);
  };
  if (where) visit(where);
  return found;
}

/** The values of `names` if every one has an equality, else undefined. */
export function valuesOf(equalities: Map<string, AttributeValue>, names: string[]): Record<string, AttributeValue> | undefined {
  const values: Record<string, AttributeValue> = {};
  for (const name of names) {
    const value = equalities.get(name);
    if (value === undefined) return undefined;
    values[name] = value;
  }
  return values;
}

/**
 * Like `valuesOf`, for choosing how a SELECT reads: an equality whose value has another type
 * than the key attribute matches no item, so it cannot pick the item or partition to read.
 */
export function typedValuesOf(equalities: Map<string, AttributeValue>, attributes: KeyAttribute[]): Record<string, AttributeValue> | undefined {
  const values = valuesOf(equalities, attributes.map((a) => a.name));
  if (!values || attributes.some((a) => attributeType(values[a.name]!) !== a.type)) return undefined;
  return values;
}
