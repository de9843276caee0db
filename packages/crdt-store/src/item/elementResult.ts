import { addNumbers, type AttributeValue, type ResolvedAction, type SetType } from '@kuhiro/expressions';

export function setParts(value: AttributeValue): [SetType, string[]] {
  if ('SS' in value) return ['SS', value.SS];
  if ('NS' in value) return ['NS', value.NS];
  if ('BS' in value) return ['BS', value.BS];
  throw new Error('ItemReplica: not a set value');
}

/**
 * The new value of a list element under a merging action. Elements have no CRDT of their own
 * (they are whole values in the list's Y.Array), so the element is overwritten with this.
 */
export function elementResult(action: ResolvedAction, current: AttributeValue | undefined): AttributeValue | undefined {
  switch (action.kind) {
    case 'set':
      return action.value;
    case 'remove':
      return undefined;
    case 'increment':
      return { N: addNumbers(current !== undefined && 'N' in current ? current.N : (action.initial ?? '0'), action.delta) };
    case 'appendList': {
      const existing = current !== undefined && 'L' in current ? current.L : (action.initial ?? []);
      return { L: action.position === 'end' ? [...existing, ...action.values] : [...action.values, ...existing] };
    }
    case 'addToSet': {
      const existing = current !== undefined ? (setParts(current)[1] ?? []) : [];
      return setValue(action.setType, [...new Set([...existing, ...action.members])]);
    }
    case 'deleteFromSet': {
      if (current === undefined) return undefined;
      const remove = new Set(action.members);
      const left = setParts(current)[1].filter((m) => !remove.has(m));
      return left.length === 0 ? undefined : setValue(action.setType, left);
    }
  }
}

function setValue(type: SetType, members: string[]): AttributeValue {
  return type === 'SS' ? { SS: members } : type === 'NS' ? { NS: members } : { BS: members };
}
