/**
 * Injected network faults on this node's replication links (fault injection for testing an
 * application against a partitioned or slow edge network). The host sets the whole fault
 * state at once; links, dialers and the acceptor consult it:
 * - a partitioned peer's connection is cut, this node does not dial it and refuses its
 *   handshakes, so nothing crosses in either direction until healed; catch-up after healing
 *   is the ordinary reconnect path (vectors exchanged, missed records resent);
 * - a delay holds every frame this node sends to the peer for that long (one way, order kept).
 */
export interface LinkFaultRule {
  /** Peers the rule applies to; absent = every peer. */
  peers?: readonly string[];
  partition?: boolean;
  /** Added one-way delay on frames sent to the peers. */
  delayMs?: number;
}

export class LinkFaults {
  private rules: LinkFaultRule[] = [];
  private readonly listeners = new Set<() => void>();

  /** Replaces the fault state and tells every link, dialer and acceptor. */
  set(rules: readonly LinkFaultRule[]): void {
    this.rules = rules.map((rule) => ({ ...rule, ...(rule.peers ? { peers: [...rule.peers] } : {}) }));
    for (const listener of [...this.listeners]) listener();
  }

  /** True while any rule is set (a link without faults pays only this check). */
  get active(): boolean {
    return this.rules.length > 0;
  }

  isPartitioned(peer: string): boolean {
    return this.rules.some((rule) => rule.partition === true && covers(rule, peer));
  }

  /** The largest delay of the rules that cover the peer (delays do not add up). */
  delayMs(peer: string): number {
    let delay = 0;
    for (const rule of this.rules) if (rule.delayMs !== undefined && covers(rule, peer)) delay = Math.max(delay, rule.delayMs);
    return delay;
  }

  /** Returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function covers(rule: LinkFaultRule, peer: string): boolean {
  return rule.peers === undefined || rule.peers.includes(peer);
}
