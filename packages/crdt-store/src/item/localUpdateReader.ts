import * as decoding from 'lib0/decoding';
import { ITEM_MAP } from './itemDocument.js';
import { structIndexAt, type LocalStruct } from './localStructs.js';


/** Yjs content refs (info & 31) that map entries use: deleted content and ContentAny. */
const CONTENT_DELETED = 1;
const CONTENT_ANY = 8;
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;

/** What one update holds, checked: its structs (from the document's next clock) and the clock ranges it deletes. */
export interface LocalUpdate {
  structs: LocalStruct[];
  deletes: Array<[number, number]>;
  /** The clock after the update's structs. */
  next: number;
}

/**
 * Reads a Yjs update (format v1) if a LocalMapDocument can hold it: structs of `clientId` only,
 * starting exactly at `clock` (the document's next clock), each a map entry of the item map
 * (ContentAny of one value, or deleted content), every struct with an origin inserted right
 * after its key's latest item (as a single writer's next write is), and deletes of that
 * client's clocks before the update's end. A compacted state qualifies (it starts at 0), and
 * so do the client's own later updates in order, or their `Y.mergeUpdates`. Returns undefined
 * when it does not qualify (or is malformed); the caller then uses a real Y.Doc.
 * `latestClock(key)` is the last clock of the key's latest item in the document;
 * `keyAt(clock)` the key of the document's item holding a clock.
 */
export function readLocalUpdate(
  update: Uint8Array,
  clientId: number,
  clock: number,
  latestClock: (key: string) => number | undefined,
  keyAt: (clock: number) => string | undefined,
): LocalUpdate | undefined {
  try {
    return read(update, clientId, clock, latestClock, keyAt);
  } catch {
    return undefined;
  }
}

function read(
  update: Uint8Array,
  clientId: number,
  clock: number,
  latestClock: (key: string) => number | undefined,
  keyAt: (clock: number) => string | undefined,
): LocalUpdate | undefined {
  const decoder = decoding.createDecoder(update);
  const clients = decoding.readVarUint(decoder);
  if (clients > 1) return undefined;
  const structs: LocalStruct[] = [];
  /** Latest clocks of keys written by this update so far. */
  const latest = new Map<string, number>();
  let next = clock;
  if (clients === 1) {
    const count = decoding.readVarUint(decoder);
    if (decoding.readVarUint(decoder) !== clientId || decoding.readVarUint(decoder) !== clock) return undefined;
    for (let i = 0; i < count; i++) {
      const info = decoding.readUint8(decoder);
      const ref = info & 31;
      if ((ref !== CONTENT_ANY && ref !== CONTENT_DELETED) || (info & HAS_RIGHT_ORIGIN) !== 0) return undefined;
      let key: string | undefined;
      let origin: number | undefined;
      if ((info & HAS_ORIGIN) !== 0) {
        if (decoding.readVarUint(decoder) !== clientId) return undefined;
        origin = decoding.readVarUint(decoder);
        key = origin >= clock ? keyOf(structs, origin) : keyAt(origin);
        if (key === undefined || origin !== (latest.get(key) ?? latestClock(key))) return undefined;
      } else {
        // Parent info 1: a root type named by a string, which must be the item map; then the key.
        if (decoding.readVarUint(decoder) !== 1 || decoding.readVarString(decoder) !== ITEM_MAP) return undefined;
        if ((info & HAS_PARENT_SUB) === 0) return undefined;
        key = decoding.readVarString(decoder);
        // Without an origin, an item is the key's first (Yjs writes the origin whenever there is a left item).
        if (latest.has(key) || latestClock(key) !== undefined) return undefined;
      }
      const length = decoding.readVarUint(decoder);
      if (length < 1) return undefined;
      let value: unknown;
      if (ref === CONTENT_ANY) {
        // A map entry holds one value; more would be a list's elements.
        if (length !== 1) return undefined;
        value = decoding.readAny(decoder);
      }
      structs.push({ start: next, length, key, origin, value, deleted: ref === CONTENT_DELETED });
      next += length;
      latest.set(key, next - 1);
    }
  }
  const deletes: Array<[number, number]> = [];
  const deleteClients = decoding.readVarUint(decoder);
  for (let c = 0; c < deleteClients; c++) {
    if (decoding.readVarUint(decoder) !== clientId) return undefined;
    const ranges = decoding.readVarUint(decoder);
    for (let r = 0; r < ranges; r++) {
      const start = decoding.readVarUint(decoder);
      const length = decoding.readVarUint(decoder);
      // A delete of a struct not integrated yet would wait inside a Y.Doc: not this document's case.
      if (start + length > next) return undefined;
      deletes.push([start, length]);
    }
  }
  if (decoding.hasContent(decoder)) return undefined;
  return { structs, deletes, next };
}

/** The key of the struct (of this update, in clock order) holding `clock`. */
function keyOf(structs: LocalStruct[], clock: number): string | undefined {
  const index = structIndexAt(structs, clock);
  return index < 0 ? undefined : structs[index]!.key;
}
