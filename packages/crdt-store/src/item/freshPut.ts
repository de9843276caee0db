import * as encoding from 'lib0/encoding';
import { setOwnMember, type AttributeValue, type Item } from '@kuhiro/expressions';
import { cloneValue } from './cloneValue.js';
import { setParts } from './elementResult.js';
import { childNodeKey, containerKey, existenceKey, memberTagKey, registerKey, ROOT, writerName } from './pathKeys.js';
import { reusableEncoder } from '../scratchEncoder.js';
import { CONTENT_ANY, writeAny, writeItemMapEntry, writeString } from './updateWriting.js';


/** What a PutItem of a new item produces: its Yjs update (also its whole state) and its materialized attributes. */
export interface FreshPut {
  update: Uint8Array;
  attributes: Item;
  /**
   * True when encoding `attributes` (the materialized item, as a JSON round trip of the stored
   * text gives it back) yields `update` again, byte for byte, so the store may drop the state and
   * regenerate it (nodeStore.ts). False when the put's own form differs from the materialized
   * one: a set whose members were not in sorted order (the update keeps the put's order), or a
   * `__proto__` attribute name (assignment does not create it as an own property).
   */
  regenerable: boolean;
}

/** One struct of the update, in the order (= clock order) ItemWriter would create it. */
type Struct = { map: string; value: unknown } | { array: string; elements: AttributeValue[] };

/**
 * A PutItem of an item this replica has never seen, encoded straight to the Yjs update (format
 * v1) that `ItemReplica.fromState(undefined, clientId).apply({ type: 'put', attributes })`
 * produces, byte for byte, without building a Y.Doc: hydrating a document, running the Yjs
 * transaction, materializing and encoding the state were most of a new item's CPU (profile of a
 * BatchWriteItem load). On an empty document every write is an insert with no left or right
 * neighbour, so each struct is `info | parent (root type name) | parentSub? | ContentAny`, all
 * by one client from clock 0, and nothing is deleted. Also returns the materialized attributes,
 * which for a fresh put are the attributes themselves with sets in materialized (sorted) order.
 *
 * Returns undefined when the shortcut does not apply (a set with duplicate or no members: Yjs
 * would overwrite a map key within the transaction, or materialize would drop the set); the
 * caller then takes the document path. freshPut.test.ts compares both paths on random items.
 */
export function encodeFreshPut(attributes: Item, clientId: number): FreshPut | undefined {
  const builder = new FreshPutBuilder(writerName(clientId), clientId);
  const materialized: Item = {};
  for (const name of Object.keys(attributes)) {
    if (name === '__proto__') builder.regenerable = false;
    const value = builder.writeValue(childNodeKey(ROOT, name), attributes[name]!);
    if (value === undefined) return undefined;
    setOwnMember(materialized, name, value);
  }
  // ItemWriter.assertExistence: an item with no attribute exists by its existence tag.
  if (builder.structs.length === 0) builder.structs.push({ map: existenceKey(builder.writer), value: 1 });
  return { update: builder.encode(clientId), attributes: materialized, regenerable: builder.regenerable };
}

/** Reused across calls (scratchEncoder.ts): growing a fresh encoder was a third of the encoding time. */
const scratchEncoder = reusableEncoder();

class FreshPutBuilder {
  readonly structs: Struct[] = [];
  /** See FreshPut.regenerable. */
  regenerable = true;
  private generationCount = 0;

  constructor(
    readonly writer: string,
    private readonly clientId: number,
  ) {}

  /** ItemWriter.writeValue on an empty document; returns the materialized value (undefined: not supported). */
  writeValue(key: string, value: AttributeValue): AttributeValue | undefined {
    // Lamport clock of a write on an empty document: 0 integrated structs + 1.
    const lc = 1;
    const w = this.clientId;
    if ('S' in value || 'B' in value || 'BOOL' in value || 'NULL' in value) {
      const stored = cloneValue(value);
      this.register(key, { t: 'V', v: stored, lc, w });
      return cloneValue(value);
    }
    const g = this.freshGeneration();
    const container = containerKey(key, g);
    if ('N' in value) {
      this.register(key, { t: 'N', base: value.N, g, lc, w });
      return { N: value.N };
    }
    if ('M' in value) {
      this.register(key, { t: 'M', g, lc, w });
      const map: { [name: string]: AttributeValue } = {};
      for (const name of Object.keys(value.M)) {
        if (name === '__proto__') this.regenerable = false;
        const child = this.writeValue(childNodeKey(container, name), value.M[name]!);
        if (child === undefined) return undefined;
        setOwnMember(map, name, child);
      }
      return { M: map };
    }
    if ('L' in value) {
      this.register(key, { t: 'L', g, lc, w });
      if (value.L.length > 0) this.structs.push({ array: container, elements: value.L.map(cloneValue) });
      return { L: value.L.map(cloneValue) };
    }
    const [t, members] = setParts(value);
    // Duplicates would set one map key twice (a delete inside the transaction); an empty set
    // materializes absent. DynamoDB's validation refuses both, so this is never the fast case.
    if (members.length === 0 || new Set(members).size !== members.length) return undefined;
    this.register(key, { t, g, lc, w });
    for (const member of members) this.structs.push({ map: memberTagKey(container, this.writer, member), value: 1 });
    const sorted = [...members].sort();
    for (let i = 0; i < members.length; i++) if (members[i] !== sorted[i]) this.regenerable = false;
    return t === 'SS' ? { SS: sorted } : t === 'NS' ? { NS: sorted } : { BS: sorted };
  }

  encode(clientId: number): Uint8Array {
    const encoder = scratchEncoder();
    // Yjs writeClientsStructs: one client, its struct count, its id, the first clock.
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, this.structs.length);
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, 0);
    for (const struct of this.structs) {
      if ('map' in struct) {
        writeItemMapEntry(encoder, struct.map, struct.value);
      } else {
        encoding.writeUint8(encoder, CONTENT_ANY);
        encoding.writeVarUint(encoder, 1);
        writeString(encoder, struct.array);
        encoding.writeVarUint(encoder, struct.elements.length);
        for (const element of struct.elements) writeAny(encoder, element);
      }
    }
    // The delete set: no client deleted anything.
    encoding.writeVarUint(encoder, 0);
    return encoding.toUint8Array(encoder);
  }

  private register(node: string, register: object): void {
    this.structs.push({ map: registerKey(node, this.writer), value: register });
  }

  /** ItemWriter.freshGeneration with the writer's clock before the transaction = 0. */
  private freshGeneration(): string {
    const count = this.generationCount++;
    const base = `${this.writer}.0`;
    return count === 0 ? base : `${base}.${count.toString(36)}`;
  }
}

