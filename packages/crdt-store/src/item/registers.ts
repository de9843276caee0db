import type { AttributeValue, SetType } from '@kuhiro/expressions';

/**
 * What a node (an attribute or a map key) holds, as one writer last wrote or re-asserted it.
 * `lc` is a Lamport clock per node: a write sets it one above every register of the node it
 * has seen, so a write that had seen another overwrites it; concurrent writes (equal `lc`)
 * are ordered by `w`, the clientID of the replica that made the write (copies made by
 * re-assertion keep the original `lc` and `w`). `g` names one incarnation of a container:
 * fresh for a whole write, GENERATION_IMPLICIT when a merging operation created it.
 */
export type Register =
  | { t: 'V'; v: AttributeValue; lc: number; w: number }
  /**
   * A counter (PN-counter). `s` is the net sum of the increments made by the replica whose
   * register key this is (only that replica writes its key, so slots never conflict); the
   * value is the winner's `base` plus `s` of every register of the winner's generation.
   */
  | { t: 'N'; base: string; g: string; lc: number; w: number; s?: string }
  | { t: SetType; g: string; lc: number; w: number }
  | { t: 'M'; g: string; lc: number; w: number }
  | { t: 'L'; g: string; lc: number; w: number };

export type ContainerRegister = Exclude<Register, { t: 'V' }>;

/**
 * The generation of containers created implicitly (increment of an absent number, append to
 * an absent list, add to an absent set): replicas that create one concurrently agree on it,
 * so their increments, appends and members merge instead of one creation hiding the other.
 */
export const GENERATION_IMPLICIT = '0';

/** True when `a` wins over `b`. */
export function beats(a: Register, b: Register): boolean {
  return a.lc !== b.lc ? a.lc > b.lc : a.w > b.w;
}

export function isRegister(value: unknown): value is Register {
  return typeof value === 'object' && value !== null && 't' in value && 'lc' in value;
}

/**
 * A list element in its Y.Array. Elements written as a list's `initial` value by an implicit
 * creation carry their creator (`c`): concurrent creators each write them, and only the
 * winning creator's copy is shown, so the initial elements never appear twice.
 */
export type ListElement = AttributeValue | { c: number; v: AttributeValue };

export function elementValue(element: ListElement): AttributeValue {
  return 'c' in element ? element.v : element;
}

export function elementVisible(element: ListElement, list: Register): boolean {
  return !('c' in element) || element.c === list.w;
}
