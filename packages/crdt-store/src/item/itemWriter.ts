import {
  addNumbers,
  compareNumbers,
  valuesEqual,
  type AttributeValue,
  type Item,
  type ResolvedAction,
} from '@kuhiro/expressions';
import { elementPosition, resolveTarget, type ActionTarget } from './actionTarget.js';
import type { ItemDocument } from './itemDocument.js';
import { cloneValue } from './cloneValue.js';
import { elementResult, setParts } from './elementResult.js';
import type { MapSnapshot, NodeInfo } from './mapSnapshot.js';
import { itemExists, materializeNode, type ListReader } from './materialize.js';
import {
  CHILD,
  childNodeKey,
  containerKey,
  existenceKey,
  memberTagKey,
  registerKey,
  ROOT,
  subtreePrefix,
  writerName,
} from './pathKeys.js';
import { GENERATION_IMPLICIT, type ContainerRegister, type ListElement, type Register } from './registers.js';

/**
 * Turns one local mutation into Y.Map/Y.Array operations. Built on a snapshot of the state
 * before the write; every method runs inside one Yjs transaction. Rules (README.md):
 * - A whole write (put, SET a = :v) deletes every key of the node it observed and writes a
 *   register whose Lamport clock is above all of them, with a fresh generation for containers.
 * - Writes that must survive a concurrent REMOVE or DeleteItem they did not observe (nested
 *   SET, increment, append, set add) re-assert their ancestors' registers under this writer's
 *   own key: a remover deletes only the keys it saw, so the re-asserted copy survives.
 * - Item existence: the item exists while an existence tag or a top-level register is live.
 *   A put or update that writes no top-level register (it only removes, or puts no
 *   attributes) writes this writer's existence tag instead. So DeleteItem concurrent with a
 *   write elsewhere leaves the item existing with what that write wrote.
 * - Churn: Yjs keeps a small tombstone for each overwritten map entry, and merges the
 *   tombstones of one key only when they are consecutive writes of one client. So common
 *   writes touch ONE key: `SET a` writes a's register only; an increment writes only the
 *   writer's own register of the counter, which carries its slot. (10,000 overwrites of one
 *   attribute: ~60 B encoded; with a second key per write: ~100 KB.)
 */
export class ItemWriter {
  private changed = false;
  private topLevelRegisterWritten = false;
  private readonly reasserted = new Set<string>();
  private readonly writer: string;
  private readonly startClock: number;
  private generationCount = 0;
  private readonly lamport: number;

  constructor(
    private readonly doc: ItemDocument,
    private readonly snapshot: MapSnapshot,
    private readonly clientId: number,
    private readonly readList: ListReader,
  ) {
    this.writer = writerName(clientId);
    this.startClock = doc.ownClock();
    // The Lamport clock of this write: one more than the number of structs this replica has
    // integrated. A write that had seen another (even one deleted since, e.g. a set or
    // counter that was removed and is now created again) counted that write's structs, so its
    // clock is higher; concurrent writes compare arbitrarily but alike on every replica.
    this.lamport = doc.integratedCount() + 1;
  }

  /** Resolves every action first, so that a bad path throws before anything is written. */
  planUpdate(actions: ResolvedAction[]): () => void {
    const planned = actions.map((action) => ({ action, target: resolveTarget(action, this.snapshot, this.readList) }));
    // Element positions were resolved against the list before the write; working from the
    // highest position down keeps the lower ones valid (REMOVE l[1], l[3] removes both).
    const elementActions = planned
      .filter((p) => p.target.kind === 'element')
      .sort((a, b) => elementPosition(b.target) - elementPosition(a.target));
    return () => {
      for (const { action, target } of planned) if (target.kind === 'node') this.applyToNode(action, target);
      for (const { action, target } of elementActions) if (target.kind === 'element') this.applyToElement(action, target);
      this.assertExistence();
    };
  }

  put(attributes: Item): void {
    for (const node of this.snapshot.containers.get(ROOT)?.nodes ?? []) {
      if (!Object.prototype.hasOwnProperty.call(attributes, node.name)) this.removeNode(node.key, node);
    }
    for (const name of Object.keys(attributes)) {
      const key = childNodeKey(ROOT, name);
      const node = this.snapshot.nodes.get(key);
      if (this.unchanged(node, attributes[name]!)) continue;
      this.writeWhole(key, attributes[name]!, node);
    }
    this.assertExistence();
  }

  /** DeleteItem: removes every key and list element this replica has seen. */
  deleteItem(): void {
    for (const key of this.doc.keys()) this.deleteKey(key);
    for (const name of this.doc.typeNames()) {
      if (name.includes('#')) this.clearArray(name);
    }
  }

  // ---- actions on a node (attribute or map key) ----

  private applyToNode(action: ResolvedAction, target: Extract<ActionTarget, { kind: 'node' }>): void {
    const { key, node, ancestors } = target;
    const register = node?.winner;
    switch (action.kind) {
      case 'set':
        if (this.unchanged(node, action.value)) return;
        this.reassertAll(ancestors);
        this.writeWhole(key, action.value, node);
        return;
      case 'remove':
        if (node !== undefined) this.removeNode(key, node);
        return;
      case 'increment': {
        const zero = compareNumbers(action.delta, '0') === 0;
        if (register?.t === 'N') {
          if (zero) return;
          this.reassertAll(ancestors);
          // This writer's register of the winning generation, with its slot moved by delta
          // (which also re-asserts the counter against a concurrent REMOVE).
          const own = node!.registers.find((r) => r.writer === this.writer && r.value.t === 'N' && r.value.g === register.g);
          const slot = own === undefined ? '0' : ((own.value as { s?: string }).s ?? '0');
          this.writeRegister(key, { ...register, s: addNumbers(slot, action.delta) });
          this.reasserted.add(key);
          return;
        }
        this.reassertAll(ancestors);
        const base = action.initial ?? '0';
        this.createImplicitly(key, node, zero ? { t: 'N', base, g: GENERATION_IMPLICIT, lc: 0, w: 0 } : { t: 'N', base, g: GENERATION_IMPLICIT, lc: 0, w: 0, s: action.delta });
        return;
      }
      case 'appendList': {
        const values = action.values.map(cloneValue);
        if (register?.t === 'L') {
          if (values.length === 0) return;
          this.reassertAll(ancestors);
          this.reassert(node!);
          const list = this.doc.list(containerKey(key, register.g));
          if (action.position === 'end') list.push(values);
          else list.insert(0, values);
          return;
        }
        this.reassertAll(ancestors);
        this.createImplicitly(key, node, { t: 'L', g: GENERATION_IMPLICIT, lc: 0, w: 0 });
        const initial: ListElement[] = (action.initial ?? []).map((v) => ({ c: this.clientId, v: cloneValue(v) }));
        const elements = action.position === 'end' ? [...initial, ...values] : [...values, ...initial];
        if (elements.length > 0) this.doc.list(containerKey(key, GENERATION_IMPLICIT)).insert(0, elements);
        return;
      }
      case 'addToSet': {
        if (action.members.length === 0) return;
        this.reassertAll(ancestors);
        let generation: string;
        if (register !== undefined && register.t === action.setType) {
          this.reassert(node!);
          generation = register.g;
        } else {
          this.createImplicitly(key, node, { t: action.setType, g: GENERATION_IMPLICIT, lc: 0, w: 0 });
          generation = GENERATION_IMPLICIT;
        }
        // Written even when the member is present: a fresh tag is what makes this add win
        // over a concurrent DELETE that saw only the older tags (observed-remove set).
        const container = containerKey(key, generation);
        for (const member of action.members) this.set(memberTagKey(container, this.writer, member), 1);
        return;
      }
      case 'deleteFromSet': {
        if (register === undefined || register.t !== action.setType) return;
        const members = this.snapshot.containers.get(containerKey(key, register.g))?.members;
        if (members === undefined) return;
        for (const member of new Set(action.members)) {
          for (const tag of members.get(member) ?? []) this.deleteKey(tag);
        }
        // A set left empty materializes as absent, as DynamoDB drops it, but its register
        // stays: a later ADD then joins the same generation as concurrent ADDs to it, so no
        // add is lost (A: DELETE s {x}, ADD s {x}; B: ADD s {z} -> {x, z}, as in any order).
        return;
      }
    }
  }

  // ---- actions on a list element (normalized: the path ends in an index) ----

  private applyToElement(action: ResolvedAction, target: Extract<ActionTarget, { kind: 'element' }>): void {
    const list = this.doc.list(target.arrayName);
    if (action.kind === 'remove') {
      if (target.position === undefined) return;
      list.delete(target.position, 1);
      this.changed = true;
      return;
    }
    const value = elementResult(action, target.current);
    if (value === undefined) {
      // A DELETE that empties a set held in a list element: the element goes, as the attribute would.
      if (action.kind === 'deleteFromSet' && target.position !== undefined) {
        list.delete(target.position, 1);
        this.changed = true;
      }
      return;
    }
    if (target.current !== undefined && valuesEqual(target.current, value)) return;
    this.reassertAll(target.ancestors);
    if (target.position === undefined) {
      list.push([cloneValue(value)]);
    } else {
      list.delete(target.position, 1);
      list.insert(target.position, [cloneValue(value)]);
    }
    this.changed = true;
  }

  // ---- primitives ----

  private unchanged(node: NodeInfo | undefined, value: AttributeValue): boolean {
    if (node?.winner === undefined) return false;
    const current = materializeNode(this.snapshot, node, this.readList);
    return current !== undefined && valuesEqual(current, value);
  }

  /** A register write as a whole: replaces everything this replica saw at the node. */
  private writeWhole(key: string, value: AttributeValue, node: NodeInfo | undefined): void {
    if (node !== undefined) this.removeNode(key, node);
    this.writeValue(key, value);
  }

  private writeValue(key: string, value: AttributeValue): void {
    const w = this.clientId;
    const lc = this.lamport;
    if ('S' in value || 'B' in value || 'BOOL' in value || 'NULL' in value) {
      this.writeRegister(key, { t: 'V', v: cloneValue(value), lc, w });
      return;
    }
    const g = this.freshGeneration();
    const container = containerKey(key, g);
    if ('N' in value) {
      this.writeRegister(key, { t: 'N', base: value.N, g, lc, w });
    } else if ('M' in value) {
      this.writeRegister(key, { t: 'M', g, lc, w });
      for (const name of Object.keys(value.M)) this.writeValue(childNodeKey(container, name), value.M[name]!);
    } else if ('L' in value) {
      this.writeRegister(key, { t: 'L', g, lc, w });
      if (value.L.length > 0) this.doc.list(container).insert(0, value.L.map(cloneValue));
    } else {
      const [t, members] = setParts(value);
      this.writeRegister(key, { t, g, lc, w });
      for (const member of members) this.set(memberTagKey(container, this.writer, member), 1);
    }
  }

  /**
   * Creates a container at an absent node with the implicit generation; leftovers of earlier
   * incarnations that this replica can see are cleared first, so they cannot come back.
   */
  private createImplicitly(key: string, node: NodeInfo | undefined, register: ContainerRegister): void {
    if (node !== undefined) this.removeNode(key, node);
    else this.removeSubtree(key);
    this.writeRegister(key, { ...register, lc: this.lamport, w: this.clientId });
  }

  /** REMOVE: the node's registers, every key under any of its generations, its lists' elements. */
  private removeNode(key: string, node: NodeInfo): void {
    for (const register of node.registers) this.deleteKey(register.key);
    this.removeSubtree(key);
  }

  private removeSubtree(key: string): void {
    const prefix = subtreePrefix(key);
    const root = key.split('#', 1)[0]!;
    for (const candidate of this.snapshot.keysByRoot.get(root) ?? []) {
      if (candidate.startsWith(prefix)) this.deleteKey(candidate);
    }
    for (const name of this.doc.typeNames()) {
      if (name.startsWith(prefix)) this.clearArray(name);
    }
  }

  private reassertAll(ancestors: NodeInfo[]): void {
    for (const ancestor of ancestors) this.reassert(ancestor);
  }

  /**
   * Copies the node's winning register (a map, list or set: never a counter, whose slot is
   * per writer) under this writer's key, unchanged. Other writers' copies stay: deleting them
   * would cost a write and win nothing.
   */
  private reassert(node: NodeInfo): void {
    if (this.reasserted.has(node.key) || node.winner === undefined) return;
    this.reasserted.add(node.key);
    this.writeRegister(node.key, { ...node.winner });
  }

  private writeRegister(node: string, register: Register): void {
    this.set(registerKey(node, this.writer), register);
    if (node.indexOf(CHILD) < 0) this.topLevelRegisterWritten = true;
  }

  /** A put or update that changed something, or hit an absent item, leaves the item existing. */
  private assertExistence(): void {
    if (!this.changed && itemExists(this.snapshot)) return;
    if (this.topLevelRegisterWritten) return;
    this.set(existenceKey(this.writer), 1);
  }

  private freshGeneration(): string {
    // The writer's clock before this transaction is unique to it (each write advances it),
    // and the counter separates the generations written within one transaction.
    const count = this.generationCount++;
    const base = `${this.writer}.${this.startClock.toString(36)}`;
    return count === 0 ? base : `${base}.${count.toString(36)}`;
  }

  private set(key: string, value: unknown): void {
    this.doc.setKey(key, value);
    this.changed = true;
  }

  private deleteKey(key: string): void {
    if (!this.doc.hasKey(key)) return;
    this.doc.deleteKey(key);
    this.changed = true;
  }

  private clearArray(name: string): void {
    const list = this.doc.list(name);
    if (list.length === 0) return;
    list.delete(0, list.length);
    this.changed = true;
  }
}
