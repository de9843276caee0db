import * as encoding from 'lib0/encoding';
import { reusableEncoder } from '../scratchEncoder.js';
import { ITEM_MAP, type ItemDocument, type ItemList } from './itemDocument.js';
import { LocalStructs } from './localStructs.js';
import { readLocalUpdate } from './localUpdateReader.js';
import type { ListElement } from './registers.js';
import { CONTENT_ANY, HAS_ORIGIN, HAS_PARENT_SUB, writeAny, writeItemMapEntry } from './updateWriting.js';

/**
 * Thrown inside a write that this document cannot express byte for byte as Yjs would (a list
 * edit, a key written twice or created and deleted in one transaction): the caller rolls the
 * transaction back and redoes the write on a real Y.Doc built from the same history.
 */
export class NeedsYjsDocument extends Error {
  constructor(reason: string) {
    super(`local map document: ${reason}`);
  }
}

/** A new map entry of the open transaction: one Yjs Item of one ContentAny value. */
interface NewStruct {
  key: string;
  value: unknown;
  /** The clock of the key's previous item (its left/origin), if the key ever had one. */
  origin: number | undefined;
}

/** Lists never exist in this document (readers see an empty one); any edit needs Yjs. */
const NO_LIST: ItemList = {
  length: 0,
  toArray: (): ListElement[] => [],
  push: () => {
    throw new NeedsYjsDocument('list edit');
  },
  insert: () => {
    throw new NeedsYjsDocument('list edit');
  },
  delete: () => {
    throw new NeedsYjsDocument('list edit');
  },
};

const EMPTY = new Uint8Array(0);

/** A key's latest Yjs item: its last clock, its value, whether it is deleted. */
interface LocalEntry {
  clock: number;
  value: unknown;
  deleted: boolean;
}
const scratchEncoder = reusableEncoder();

/**
 * An item document whose whole history is map writes by ONE client, this node (no lists, no
 * remote update): the common case of an item created and then rewritten here. Yjs is not
 * needed to write such an item, because every write is an insert at the end of that client's
 * clock: a `Y.Map.set` becomes an Item whose origin is the key's previous item (or, for a new
 * key, the map's name and the key), and a delete is a clock in the delete set. This class
 * keeps per key its latest item (clock, value, deleted) in the Y.Map's iteration order (a
 * JS Map, as Y.Map's `_map`: keys stay where they were first set, deleted ones included) and
 * encodes each transaction to the update (format v1) that the Y.Doc path emits, byte for byte
 * (localMapDocument.test.ts compares both on random items and writes). Its struct store
 * (localStructs.ts) encodes the compacted state as `Y.encodeStateAsUpdate` would, which is
 * also how a real Y.Doc is built from it when one is needed (a remote update, a list edit).
 */
export class LocalMapDocument implements ItemDocument {
  private readonly entries = new Map<string, LocalEntry>();
  /** The clock of this client's next struct; also every struct integrated (one client only). */
  private clock = 0;
  private readonly structs = new LocalStructs();
  private transaction: { structs: NewStruct[]; deletes: number[]; undo: Array<[string, LocalEntry | undefined]> } | undefined;

  private constructor(readonly clientId: number) {}

  /** The document of these updates, or undefined when they are not all this client's map writes in clock order. */
  static fromUpdates(updates: Uint8Array[], clientId: number): LocalMapDocument | undefined {
    const document = new LocalMapDocument(clientId);
    for (const update of updates) if (!document.integrate(update)) return undefined;
    return document;
  }

  /** Applies an update of this client that continues its clock; false (nothing changed) otherwise. */
  integrate(update: Uint8Array): boolean {
    if (this.transaction !== undefined) throw new Error('local map document: integrate inside a transaction');
    if (update.length === 0) return true;
    const read = readLocalUpdate(
      update,
      this.clientId,
      this.clock,
      (key) => this.entries.get(key)?.clock,
      (clock) => this.structs.keyAt(clock),
    );
    if (read === undefined) return false;
    for (const struct of read.structs) {
      // Item.integrate: the key's new latest item deletes the previous one.
      const previous = this.entries.get(struct.key);
      if (previous !== undefined && !previous.deleted) this.structs.delete(previous.clock);
      this.structs.append(struct);
      this.entries.set(struct.key, { clock: struct.start + struct.length - 1, value: struct.value, deleted: struct.deleted });
    }
    for (const [start, length] of read.deletes) {
      this.structs.deleteRange(start, length);
    }
    if (read.deletes.length > 0) {
      for (const [key, entry] of this.entries) {
        if (!entry.deleted && read.deletes.some(([start, length]) => entry.clock >= start && entry.clock < start + length)) {
          this.entries.set(key, { clock: entry.clock, value: entry.value, deleted: true });
        }
      }
    }
    this.clock = read.next;
    return true;
  }

  /** Y.encodeStateAsUpdate of this document, byte for byte (a Y.Doc built from it is this document). */
  encodeState(): Uint8Array {
    const encoder = scratchEncoder();
    this.structs.encodeState(encoder, this.clientId);
    return encoding.toUint8Array(encoder);
  }

  /** Y.encodeStateVector of this document. */
  stateVector(): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, this.clock > 0 ? 1 : 0);
    if (this.clock > 0) {
      encoding.writeVarUint(encoder, this.clientId);
      encoding.writeVarUint(encoder, this.clock);
    }
    return encoding.toUint8Array(encoder);
  }

  // ---- transactions ----

  begin(): void {
    this.transaction = { structs: [], deletes: [], undo: [] };
  }

  /** Ends the transaction; returns its update (length 0 if it changed nothing), as Y.Doc's 'update' event would. */
  commit(): Uint8Array {
    const transaction = this.openTransaction();
    this.transaction = undefined;
    const { structs, deletes } = transaction;
    if (structs.length === 0 && deletes.length === 0) return EMPTY;
    const update = this.encode(structs, deletes);
    for (let i = 0; i < structs.length; i++) {
      const { key, value, origin } = structs[i]!;
      this.structs.append({ start: this.clock + i, length: 1, key, origin, value, deleted: false });
    }
    for (const clock of deletes) this.structs.delete(clock);
    this.clock += structs.length;
    return update;
  }

  /** Undoes the open transaction's changes (entries and their order), as if it never ran. */
  rollback(): void {
    const transaction = this.transaction;
    this.transaction = undefined;
    if (transaction === undefined) return;
    for (let i = transaction.undo.length - 1; i >= 0; i--) {
      const [key, previous] = transaction.undo[i]!;
      // A key first set in this transaction was appended last: deleting it restores the order.
      if (previous === undefined) this.entries.delete(key);
      else this.entries.set(key, previous);
    }
  }

  // ---- ItemDocument ----

  ownClock(): number {
    return this.clock + (this.transaction?.structs.length ?? 0);
  }

  integratedCount(): number {
    return this.ownClock();
  }

  forEachEntry(f: (value: unknown, key: string) => void): void {
    for (const [key, entry] of this.entries) if (!entry.deleted) f(entry.value, key);
  }

  hasKey(key: string): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && !entry.deleted;
  }

  keys(): string[] {
    const keys: string[] = [];
    for (const [key, entry] of this.entries) if (!entry.deleted) keys.push(key);
    return keys;
  }

  setKey(key: string, value: unknown): void {
    const transaction = this.openTransaction();
    const previous = this.entries.get(key);
    // Yjs would merge or re-encode an item created and replaced in one transaction differently.
    if (previous !== undefined && previous.clock >= this.clock) throw new NeedsYjsDocument('key written twice in one transaction');
    // Y.Map.set: the new item's left is the key's previous item, which it deletes if live.
    if (previous !== undefined && !previous.deleted) transaction.deletes.push(previous.clock);
    transaction.undo.push([key, previous]);
    const clock = this.clock + transaction.structs.length;
    transaction.structs.push({ key, value, origin: previous?.clock });
    this.entries.set(key, { clock, value, deleted: false });
  }

  deleteKey(key: string): void {
    const transaction = this.openTransaction();
    const previous = this.entries.get(key);
    if (previous === undefined || previous.deleted) return;
    // Deleted in its own transaction, Yjs would emit it as deleted content.
    if (previous.clock >= this.clock) throw new NeedsYjsDocument('key created and deleted in one transaction');
    transaction.deletes.push(previous.clock);
    transaction.undo.push([key, previous]);
    this.entries.set(key, { clock: previous.clock, value: previous.value, deleted: true });
  }

  typeNames(): string[] {
    return [ITEM_MAP];
  }

  list(_name: string): ItemList {
    return NO_LIST;
  }

  // ---- encoding ----

  private openTransaction(): NonNullable<LocalMapDocument['transaction']> {
    if (this.transaction === undefined) throw new Error('local map document: change outside a transaction');
    return this.transaction;
  }

  /**
   * The transaction's update as Yjs writes it (encoding.js writeStructsFromTransaction, then
   * the sorted and merged delete set): one client, its new structs from the clock before the
   * transaction. A map item with an origin writes info, origin ID, content; without one,
   * info, parent (root type name), key, content.
   */
  private encode(structs: NewStruct[], deletes: number[]): Uint8Array {
    const encoder = scratchEncoder();
    const clientId = this.clientId;
    encoding.writeVarUint(encoder, structs.length > 0 ? 1 : 0);
    if (structs.length > 0) {
      encoding.writeVarUint(encoder, structs.length);
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, this.clock);
      for (const struct of structs) {
        if (struct.origin === undefined) {
          writeItemMapEntry(encoder, struct.key, struct.value);
          continue;
        }
        // With an origin, Item.write leaves out parent and key (Yjs finds them through the origin).
        encoding.writeUint8(encoder, CONTENT_ANY | HAS_ORIGIN | HAS_PARENT_SUB);
        encoding.writeVarUint(encoder, clientId);
        encoding.writeVarUint(encoder, struct.origin);
        encoding.writeVarUint(encoder, 1);
        writeAny(encoder, struct.value);
      }
    }
    encoding.writeVarUint(encoder, deletes.length > 0 ? 1 : 0);
    if (deletes.length > 0) {
      // DeleteSet.sortAndMergeDeleteSet: sorted by clock, touching ranges merged.
      deletes.sort((a, b) => a - b);
      const ranges: Array<[number, number]> = [];
      for (const clock of deletes) {
        const last = ranges[ranges.length - 1];
        if (last !== undefined && last[0] + last[1] >= clock) last[1] = Math.max(last[1], clock + 1 - last[0]);
        else ranges.push([clock, 1]);
      }
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, ranges.length);
      for (const [clock, length] of ranges) {
        encoding.writeVarUint(encoder, clock);
        encoding.writeVarUint(encoder, length);
      }
    }
    return encoding.toUint8Array(encoder);
  }
}
