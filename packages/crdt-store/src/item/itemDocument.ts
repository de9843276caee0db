import * as Y from 'yjs';
import type { ListElement } from './registers.js';

/** The name of the item's one top-level Y.Map (see pathKeys.ts for what its keys mean). */
export const ITEM_MAP = 'i';

/** One list's elements, as ItemWriter edits them (a Y.Array's subset). */
export interface ItemList {
  readonly length: number;
  toArray(): ListElement[];
  push(values: ListElement[]): void;
  insert(index: number, values: ListElement[]): void;
  delete(index: number, length: number): void;
}

/**
 * What ItemWriter and the snapshot/materialize code need of an item's document: its one map,
 * its lists, and two clocks. Two implementations: a real Y.Doc (`YjsItemDocument`) and, for an
 * item whose whole history is this node's map writes, `LocalMapDocument`, which writes the
 * same update bytes without Yjs (localMapDocument.ts).
 */
export interface ItemDocument {
  /** Y.getState of the writing client: the clock of its next struct. */
  ownClock(): number;
  /** Structs integrated from every client (the Lamport clock of the next write minus one). */
  integratedCount(): number;
  /** The live entries, in the map's iteration order (Y.Map.forEach). */
  forEachEntry(f: (value: unknown, key: string) => void): void;
  hasKey(key: string): boolean;
  /** Live keys. */
  keys(): string[];
  setKey(key: string, value: unknown): void;
  deleteKey(key: string): void;
  /** Names of the top-level types (the item map included), as Y.Doc.share has them. */
  typeNames(): string[];
  list(name: string): ItemList;
}

export class YjsItemDocument implements ItemDocument {
  readonly map: Y.Map<unknown>;

  constructor(readonly doc: Y.Doc) {
    this.map = doc.getMap(ITEM_MAP);
  }

  ownClock(): number {
    return Y.getState(this.doc.store, this.doc.clientID);
  }

  integratedCount(): number {
    let integrated = 0;
    for (const client of this.doc.store.clients.keys()) integrated += Y.getState(this.doc.store, client);
    return integrated;
  }

  forEachEntry(f: (value: unknown, key: string) => void): void {
    // forEach, not entries(): the same live entries in the same order, without lib0's generic
    // filter/map iterators and a [key, value] array per entry (~4% of a hot write's CPU).
    this.map.forEach(f);
  }

  hasKey(key: string): boolean {
    return this.map.has(key);
  }

  keys(): string[] {
    return [...this.map.keys()];
  }

  setKey(key: string, value: unknown): void {
    this.map.set(key, value);
  }

  deleteKey(key: string): void {
    this.map.delete(key);
  }

  typeNames(): string[] {
    return [...this.doc.share.keys()];
  }

  list(name: string): ItemList {
    return this.doc.getArray<ListElement>(name);
  }
}
