import * as Y from 'yjs';
import type { Item, ResolvedAction } from '@kuhiro/expressions';
import { ITEM_MAP, YjsItemDocument, type ItemDocument } from './itemDocument.js';
import { ItemWriter } from './itemWriter.js';
import { LocalMapDocument, NeedsYjsDocument } from './localMapDocument.js';
import { MapSnapshot } from './mapSnapshot.js';
import { materializeItem, type ListReader } from './materialize.js';

export type ItemMutation =
  | { type: 'put'; attributes: Item } // replace the whole item (non-key attributes only)
  | { type: 'update'; actions: ResolvedAction[] } // upsert: creates the item if absent
  | { type: 'delete' };

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

/** How the replica holds its document: see `ItemReplica`. */
export type DocumentKind = 'auto' | 'yjs';

/**
 * One item as a Yjs document: local mutations in, Yjs updates out; remote updates in,
 * materialized items out. The merge rules are in README.md next to this file.
 *
 * While the item's whole history is this node's own map writes (an item created and rewritten
 * here, without lists: the common case), the document is a `LocalMapDocument`, which writes
 * the same update bytes without Yjs; the first remote update, list edit or write it cannot
 * express turns it into a real Y.Doc built from the same history, for good.
 */
export class ItemReplica {
  private local: LocalMapDocument | undefined;
  private yjs: { doc: Y.Doc; document: YjsItemDocument } | undefined;
  private readonly readList: ListReader = (name) => this.document().list(name).toArray();
  private lastLocalUpdate: Uint8Array = EMPTY;
  /**
   * The map's snapshot while the document is unchanged: the one materialize() builds after a
   * write is the one the next write plans on (building it twice per write was ~5% of a hot
   * write's CPU). Snapshots are never changed once built.
   */
  private cachedSnapshot: MapSnapshot | undefined;

  private constructor(
    private readonly clientId: number,
    local: LocalMapDocument | undefined,
    doc: Y.Doc | undefined,
  ) {
    this.local = local;
    if (doc !== undefined) this.adopt(doc);
  }

  /**
   * Hydrate from an encoded state (undefined = a fresh, empty item). clientId = this node's
   * stable Yjs clientID. `kind: 'yjs'` always builds a Y.Doc (the reference in tests).
   */
  static fromState(state: Uint8Array | undefined, clientId: number, kind: DocumentKind = 'auto'): ItemReplica {
    if (kind === 'auto') {
      const local = LocalMapDocument.fromUpdates(state === undefined ? [] : [state], clientId);
      if (local !== undefined) return new ItemReplica(clientId, local, undefined);
    }
    return new ItemReplica(clientId, undefined, newDoc(state === undefined ? [] : [state], clientId));
  }

  /** True while the replica runs without a Y.Doc (for tests and measurements). */
  get isLocal(): boolean {
    return this.local !== undefined;
  }

  /** Apply a local mutation in ONE Yjs transaction; returns the Yjs update it produced (length 0 if nothing changed). */
  apply(mutation: ItemMutation): Uint8Array {
    const local = this.local;
    if (local !== undefined) {
      const write = this.plan(local, mutation);
      local.begin();
      try {
        write();
      } catch (error) {
        local.rollback();
        if (!(error instanceof NeedsYjsDocument)) throw error;
        this.toYjs();
        return this.apply(mutation);
      }
      return local.commit();
    }
    const { doc, document } = this.yjs!;
    const write = this.plan(document, mutation);
    this.lastLocalUpdate = EMPTY;
    doc.transact(write, LOCAL);
    const update = this.lastLocalUpdate;
    this.lastLocalUpdate = EMPTY;
    return update;
  }

  /** Apply a remote Yjs update (idempotent; any order of delivery per DESIGN.md's rules). */
  applyUpdate(update: Uint8Array): void {
    this.cachedSnapshot = undefined;
    // This node's own updates in order (log replay onto a stored state) keep the local document.
    if (this.local?.integrate(update)) return;
    this.toYjs();
    applyAsStableClient(this.yjs!.doc, update);
  }

  /** The item's non-key attributes, or undefined if the item does not exist. Fresh objects each call. */
  materialize(): Item | undefined {
    return materializeItem(this.snapshot(), this.readList);
  }

  /**
   * The compacted full state. The live document runs with gc, so overwritten values are
   * already reduced to GC ranges and encoding it is the compaction (DESIGN.md: 10,000
   * overwrites merge to ~121 KB as raw updates, but encode to ~100 B from a document).
   * A local document encodes the same bytes from its own struct store.
   */
  encodeState(): Uint8Array {
    return this.local !== undefined ? this.local.encodeState() : Y.encodeStateAsUpdate(this.yjs!.doc);
  }

  /** The Yjs state vector, for replication catch-up later. */
  stateVector(): Uint8Array {
    return this.local !== undefined ? this.local.stateVector() : Y.encodeStateVector(this.yjs!.doc);
  }

  destroy(): void {
    this.yjs?.doc.destroy();
  }

  private snapshot(): MapSnapshot {
    return (this.cachedSnapshot ??= MapSnapshot.build(this.document()));
  }

  private document(): ItemDocument {
    return this.local ?? this.yjs!.document;
  }

  private plan(document: ItemDocument, mutation: ItemMutation): () => void {
    const writer = new ItemWriter(document, this.snapshot(), this.clientId, this.readList);
    // The write about to run changes the document (a failed one drops or rolls it back: rebuilt then too).
    this.cachedSnapshot = undefined;
    switch (mutation.type) {
      case 'put':
        return () => writer.put(mutation.attributes);
      case 'update':
        // Resolved outside the transaction: a bad path throws before anything changes.
        return writer.planUpdate(mutation.actions);
      case 'delete':
        return () => writer.deleteItem();
    }
  }

  /** Replaces the local document by a Y.Doc holding the same history. */
  private toYjs(): void {
    if (this.local === undefined) return;
    const state = this.local.encodeState();
    this.local = undefined;
    this.adopt(newDoc([state], this.clientId));
  }

  private adopt(doc: Y.Doc): void {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOCAL) this.lastLocalUpdate = update;
    });
    this.yjs = { doc, document: new YjsItemDocument(doc) };
  }
}

/** A Y.Doc holding these updates, written by `clientId` from now on. */
function newDoc(updates: readonly Uint8Array[], clientId: number): Y.Doc {
  // gc: deleted content (overwritten values) is dropped as soon as a transaction ends.
  // A fixed guid: without one Yjs draws a random uuid per Y.Doc (about 31 getRandomValues
  // calls), measured at ~25% of a write's CPU. The guid only names sub-documents, which items
  // never have, and is not part of the encoded state.
  const doc = new Y.Doc({ gc: true, guid: 'kuhiro-item' });
  doc.clientID = clientId;
  doc.getMap(ITEM_MAP);
  for (const update of updates) if (update.length > 0) applyAsStableClient(doc, update);
  return doc;
}
