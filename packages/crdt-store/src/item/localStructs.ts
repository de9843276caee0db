import * as encoding from 'lib0/encoding';
import { ITEM_MAP } from './itemDocument.js';
import { CONTENT_ANY, HAS_ORIGIN, HAS_PARENT_SUB, writeAny, writeString } from './updateWriting.js';

/** Yjs content ref of deleted content (what gc leaves of a deleted item). */
const CONTENT_DELETED = 1;

/** One Yjs Item of the item map, by the document's one client, as a Y.Doc's struct store holds it. */
export interface LocalStruct {
  start: number;
  length: number;
  key: string;
  /** The clock of the item it was inserted after (the key's previous item), if any. */
  origin: number | undefined;
  /** The value of a live item (a live map item holds exactly one); undefined once deleted. */
  value: unknown;
  deleted: boolean;
}

/**
 * The struct store of a one-client map document, kept as a Y.Doc with `gc: true` keeps it, so
 * that its state encodes to the bytes `Y.encodeStateAsUpdate` gives: a deleted item loses its
 * content (becomes deleted content of the same length), and adjacent deleted items merge when
 * the right one was inserted right after the left one (same key, its origin is the left's
 * last clock: Item.mergeWith). Yjs tries that merge around every deletion (a transaction's
 * tryMergeDeleteSet), so deleted runs are always merged as far as they can be; this class
 * merges at the same moments. localMapDocument.test.ts compares the states byte for byte.
 */
export class LocalStructs {
  private readonly structs: LocalStruct[] = [];

  /** The key of the item holding `clock`, or undefined if no struct holds it. */
  keyAt(clock: number): string | undefined {
    const index = this.indexOf(clock);
    return index < 0 ? undefined : this.structs[index]!.key;
  }

  append(struct: LocalStruct): void {
    this.structs.push(struct);
    if (struct.deleted) this.mergeAround(this.structs.length - 1);
  }

  /** Deletes the item holding `clock` (no-op if already deleted). */
  delete(clock: number): void {
    const index = this.indexOf(clock);
    if (index < 0) throw new Error(`local map document: no struct at clock ${clock}`);
    const struct = this.structs[index]!;
    if (struct.deleted) return;
    struct.deleted = true;
    struct.value = undefined;
    this.mergeAround(index);
  }

  /** Deletes every item in the clock range (no-op for those already deleted). */
  deleteRange(start: number, length: number): void {
    for (let clock = start; clock < start + length; ) {
      const index = this.indexOf(clock);
      if (index < 0) throw new Error(`local map document: no struct at clock ${clock}`);
      const struct = this.structs[index]!;
      // Read before deleting: a merge may lengthen the struct holding `clock`.
      const next = struct.start + struct.length;
      this.delete(clock);
      clock = next;
    }
  }

  /** Y.encodeStateAsUpdate of the document (format v1): every struct from clock 0, then the delete set. */
  encodeState(encoder: encoding.Encoder, clientId: number): void {
    const structs = this.structs;
    encoding.writeVarUint(encoder, structs.length > 0 ? 1 : 0);
    if (structs.length > 0) {
      encoding.writeVarUint(encoder, structs.length);
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, 0);
      for (const struct of structs) {
        encoding.writeUint8(encoder, (struct.deleted ? CONTENT_DELETED : CONTENT_ANY) | (struct.origin !== undefined ? HAS_ORIGIN : 0) | HAS_PARENT_SUB);
        if (struct.origin !== undefined) {
          encoding.writeVarUint(encoder, clientId);
          encoding.writeVarUint(encoder, struct.origin);
        } else {
          encoding.writeVarUint(encoder, 1);
          writeString(encoder, ITEM_MAP);
          writeString(encoder, struct.key);
        }
        if (struct.deleted) {
          encoding.writeVarUint(encoder, struct.length);
        } else {
          encoding.writeVarUint(encoder, 1);
          writeAny(encoder, struct.value);
        }
      }
    }
    // DeleteSet.createDeleteSetFromStructStore: each run of adjacent deleted structs is one range.
    const ranges: Array<[number, number]> = [];
    for (let i = 0; i < structs.length; i++) {
      if (!structs[i]!.deleted) continue;
      const start = structs[i]!.start;
      let length = structs[i]!.length;
      while (i + 1 < structs.length && structs[i + 1]!.deleted) length += structs[++i]!.length;
      ranges.push([start, length]);
    }
    encoding.writeVarUint(encoder, ranges.length > 0 ? 1 : 0);
    if (ranges.length > 0) {
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, ranges.length);
      for (const [start, length] of ranges) {
        encoding.writeVarUint(encoder, start);
        encoding.writeVarUint(encoder, length);
      }
    }
  }

  /** Merges the right neighbour into the struct at `index`, then that struct into its left neighbours, while they may. */
  private mergeAround(index: number): void {
    const structs = this.structs;
    if (index + 1 < structs.length && mergeable(structs[index]!, structs[index + 1]!)) {
      structs[index]!.length += structs[index + 1]!.length;
      structs.splice(index + 1, 1);
    }
    while (index > 0 && mergeable(structs[index - 1]!, structs[index]!)) {
      structs[index - 1]!.length += structs[index]!.length;
      structs.splice(index, 1);
      index--;
    }
  }

  private indexOf(clock: number): number {
    return structIndexAt(this.structs, clock);
  }
}

/** The index of the struct (in clock order) whose clock range holds `clock`, or -1: a binary search. */
export function structIndexAt(structs: readonly LocalStruct[], clock: number): number {
  let low = 0;
  let high = structs.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const struct = structs[middle]!;
    if (clock < struct.start) high = middle - 1;
    else if (clock >= struct.start + struct.length) low = middle + 1;
    else return middle;
  }
  return -1;
}

/** Item.mergeWith for two deleted map items of one client at adjacent clocks. */
function mergeable(left: LocalStruct, right: LocalStruct): boolean {
  return left.deleted && right.deleted && right.origin === left.start + left.length - 1;
}
