import * as Y from 'yjs';
import type { Item, ResolvedAction } from '@kuhiro/expressions';
import { ItemWriter } from './itemWriter.js';
import { MapSnapshot } from './mapSnapshot.js';
import { materializeItem, type ListReader } from './materialize.js';
import type { ListElement } from './registers.js';

export type ItemMutation =
  | { type: 'put'; attributes: Item } // replace the whole item (non-key attributes only)
  | { type: 'update'; actions: ResolvedAction[] } // upsert: creates the item if absent
  | { type: 'delete' };

/** The name of the item's one top-level Y.Map (see pathKeys.ts for what its keys mean). */
const ITEM_MAP = 'i';
/** Transaction origins, so the update listener can tell local writes from remote ones. */
const LOCAL = Symbol('local');
const REMOTE = Symbol('remote');
/** No struct carries it: Yjs clientIDs are unsigned 32-bit integers. */
const APPLYING_CLIENT_ID = -1;
const EMPTY = new Uint8Array(0);

/**
 * Applies an update without letting Yjs change the node's clientID. Yjs switches to a random
 * clientID (with a console message) when a remote transaction advances the clock of its own
 * clientID, guessing that another client shares the ID. Loading this node's own history does
 * exactly that (hydration from a snapshot, replay of the node's log), and the node's clientID
 * must stay stable (DESIGN.md; after real data loss the node takes a new one). So the update
 * is applied under an ID no struct carries and the node's ID is restored.
 */
function applyAsStableClient(doc: Y.Doc, update: Uint8Array): void {
  const clientId = doc.clientID;
  doc.clientID = APPLYING_CLIENT_ID;
  try {
    Y.applyUpdate(doc, update, REMOTE);
  } finally {
    doc.clientID = clientId;
  }
}

/**
 * One item as a Yjs document: local mutations in, Yjs updates out; remote updates in,
 * materialized items out. The merge rules are in README.md next to this file.
 */
export class ItemReplica {
  private readonly map: Y.Map<unknown>;
  private readonly readList: ListReader;
  private lastLocalUpdate: Uint8Array = EMPTY;

  private constructor(private readonly doc: Y.Doc) {
    this.map = doc.getMap(ITEM_MAP);
    this.readList = (name) => doc.getArray<ListElement>(name).toArray();
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOCAL) this.lastLocalUpdate = update;
    });
  }

  /** Hydrate from an encoded state (undefined = a fresh, empty item). clientId = this node's stable Yjs clientID. */
  static fromState(state: Uint8Array | undefined, clientId: number): ItemReplica {
    // gc: deleted content (overwritten values) is dropped as soon as a transaction ends.
    // A fixed guid: without one Yjs draws a random uuid per Y.Doc (about 31 getRandomValues
    // calls), measured at ~25% of a write's CPU. The guid only names sub-documents, which items
    // never have, and is not part of the encoded state.
    const doc = new Y.Doc({ gc: true, guid: 'kuhiro-item' });
    doc.clientID = clientId;
    if (state !== undefined && state.length > 0) applyAsStableClient(doc, state);
    return new ItemReplica(doc);
  }

  /** Apply a local mutation in ONE Yjs transaction; returns the Yjs update it produced (length 0 if nothing changed). */
  apply(mutation: ItemMutation): Uint8Array {
    const writer = new ItemWriter(this.doc, this.map, MapSnapshot.build(this.map), this.doc.clientID, this.readList);
    let write: () => void;
    switch (mutation.type) {
      case 'put':
        write = () => writer.put(mutation.attributes);
        break;
      case 'update':
        // Resolved outside the transaction: a bad path throws before anything changes.
        write = writer.planUpdate(mutation.actions);
        break;
      case 'delete':
        write = () => writer.deleteItem();
        break;
    }
    this.lastLocalUpdate = EMPTY;
    this.doc.transact(write, LOCAL);
    const update = this.lastLocalUpdate;
    this.lastLocalUpdate = EMPTY;
    return update;
  }

  /** Apply a remote Yjs update (idempotent; any order of delivery per DESIGN.md's rules). */
  applyUpdate(update: Uint8Array): void {
    applyAsStableClient(this.doc, update);
  }

  /** The item's non-key attributes, or undefined if the item does not exist. Fresh objects each call. */
  materialize(): Item | undefined {
    return materializeItem(MapSnapshot.build(this.map), this.readList);
  }

  /**
   * The compacted full state. The live document runs with gc, so overwritten values are
   * already reduced to GC ranges and encoding it is the compaction (DESIGN.md: 10,000
   * overwrites merge to ~121 KB as raw updates, but encode to ~100 B from a document).
   */
  encodeState(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }

  /** The Yjs state vector, for replication catch-up later. */
  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  destroy(): void {
    this.doc.destroy();
  }
}
