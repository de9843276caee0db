import type { ItemDocument } from './itemDocument.js';
import { parseKey } from './pathKeys.js';
import { beats, isRegister, type Register } from './registers.js';

/** A node (attribute or map key) and the registers its writers left. */
export interface NodeInfo {
  key: string;
  name: string;
  /** Every live register of the node, one per writer. */
  registers: Array<{ key: string; writer: string; value: Register }>;
  /** The winning register, or undefined when no register is live (the node is absent). */
  winner: Register | undefined;
}

/** The direct content of one container incarnation. */
export interface ContainerInfo {
  nodes: NodeInfo[];
  /** Set member -> the keys of its live tags (one per writer that added it). */
  members: Map<string, string[]>;
}

/**
 * An index of the item's Y.Map built in ONE pass over its entries, so that an apply or a
 * materialize never scans the map twice (this is the write hot path).
 */
export class MapSnapshot {
  readonly nodes = new Map<string, NodeInfo>();
  readonly containers = new Map<string, ContainerInfo>();
  readonly existenceKeys: string[] = [];
  /** Keys grouped by their top-level attribute, to find a subtree without a full scan. */
  readonly keysByRoot = new Map<string, string[]>();

  static build(document: ItemDocument): MapSnapshot {
    const snapshot = new MapSnapshot();
    document.forEachEntry((value, key) => snapshot.add(key, value));
    return snapshot;
  }

  container(key: string): ContainerInfo {
    let info = this.containers.get(key);
    if (info === undefined) {
      info = { nodes: [], members: new Map() };
      this.containers.set(key, info);
    }
    return info;
  }

  private add(key: string, value: unknown): void {
    const parsed = parseKey(key);
    if (parsed === undefined) return;
    if (parsed.kind === 'existence') {
      this.existenceKeys.push(key);
      return;
    }
    let group = this.keysByRoot.get(parsed.root);
    if (group === undefined) this.keysByRoot.set(parsed.root, (group = []));
    group.push(key);
    switch (parsed.kind) {
      case 'register': {
        if (!isRegister(value)) return;
        let node = this.nodes.get(parsed.node);
        if (node === undefined) {
          node = { key: parsed.node, name: parsed.name, registers: [], winner: undefined };
          this.nodes.set(parsed.node, node);
          this.container(parsed.container).nodes.push(node);
        }
        node.registers.push({ key, writer: parsed.writer, value });
        if (node.winner === undefined || beats(value, node.winner)) node.winner = value;
        return;
      }
      case 'member': {
        const members = this.container(parsed.container).members;
        const tags = members.get(parsed.member);
        if (tags === undefined) members.set(parsed.member, [key]);
        else tags.push(key);
        return;
      }
    }
  }
}
