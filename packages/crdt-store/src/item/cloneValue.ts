import { setOwnMember, type AttributeValue } from '@kuhiro/expressions';

/**
 * A deep copy of an AttributeValue. Yjs keeps JSON content by reference, so values are copied
 * on the way in (a caller mutating its input must not change the document) and on the way
 * out (materialize returns fresh objects).
 */
export function cloneValue(value: AttributeValue): AttributeValue {
  if ('S' in value) return { S: value.S };
  if ('N' in value) return { N: value.N };
  if ('B' in value) return { B: value.B };
  if ('BOOL' in value) return { BOOL: value.BOOL };
  if ('NULL' in value) return { NULL: true };
  if ('SS' in value) return { SS: [...value.SS] };
  if ('NS' in value) return { NS: [...value.NS] };
  if ('BS' in value) return { BS: [...value.BS] };
  if ('L' in value) return { L: value.L.map(cloneValue) };
  const map: { [name: string]: AttributeValue } = {};
  for (const name of Object.keys(value.M)) setOwnMember(map, name, cloneValue(value.M[name]!));
  return { M: map };
}
