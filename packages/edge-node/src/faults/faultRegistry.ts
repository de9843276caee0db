import { randomBytes } from 'node:crypto';
import type { LinkFaultRule } from '@kuhiro/replication';
import { formatZodError } from '../config.js';
import { FaultRuleError, FaultRuleInputSchema, type FaultRule, type FaultService } from './faultRule.js';

/** What the registry drives on a network: the replicator's link faults (structurally @kuhiro/replication's LinkFaults). */
export interface NetworkFaultTarget {
  links: { set(rules: readonly LinkFaultRule[]): void };
  /** The other PoPs' names, to check a rule's `peers`. */
  peers: readonly string[];
}

export interface FaultRegistryOptions {
  network?: NetworkFaultTarget;
  /** For probability rules (tests pass a seeded one). */
  random?: () => number;
  now?: () => number;
}

/** What to do to one request: wait, then answer with an error (or handle it normally). */
export interface FaultDecision {
  latencyMs: number;
  /** The rule whose error answers the request. */
  error?: Pick<FaultRule, 'id' | 'error' | 'reason'>;
}

export interface FaultFilter {
  service?: FaultService;
  /** Only this tenant's rules and the node-wide ones (replication rules, rules without tenant). */
  tenant?: string;
}

/**
 * The node's fault rules. Requests ask `decide` only while `active` is true, so a node without
 * request rules pays one boolean check per request. Count-limited rules are consumed when they
 * fire; time-limited ones vanish at their time (network ones by a timer, since no request
 * passes through a link to notice).
 */
export class FaultRegistry {
  private readonly rules = new Map<string, FaultRule>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private requestRules = 0;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly options: FaultRegistryOptions = {}) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** True while any DynamoDB or Lambda rule is set. */
  get active(): boolean {
    return this.requestRules > 0;
  }

  /** Validates and stores a rule; throws FaultRuleError with the reason. */
  add(input: unknown): FaultRule {
    const parsed = FaultRuleInputSchema.safeParse(input);
    if (!parsed.success) throw new FaultRuleError(formatZodError(parsed.error, 'fault rule'));
    const spec = parsed.data;
    if (spec.service === 'replication') {
      const network = this.options.network;
      if (!network) throw new FaultRuleError('This node runs alone (started without --network): it has no replication links to fault.');
      const unknown = (spec.peers ?? []).filter((peer) => !network.peers.includes(peer));
      if (unknown.length > 0) throw new FaultRuleError(`Unknown peer ${unknown.join(', ')}; this node's peers: ${network.peers.join(', ')}`);
    }
    const now = this.now();
    const expiresAt = spec.until ?? (spec.durationMs !== undefined ? now + spec.durationMs : undefined);
    const rule: FaultRule = {
      id: `fault-${randomBytes(6).toString('hex')}`,
      service: spec.service,
      ...(spec.target !== undefined ? { target: spec.target } : {}),
      ...(spec.operations !== undefined ? { operations: spec.operations } : {}),
      ...(spec.error !== undefined ? { error: spec.error } : {}),
      ...(spec.reason !== undefined ? { reason: spec.reason } : {}),
      ...(spec.latencyMs !== undefined ? { latencyMs: spec.latencyMs } : {}),
      ...(spec.count !== undefined ? { remaining: spec.count } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      ...(spec.probability !== undefined ? { probability: spec.probability } : {}),
      ...(spec.tenant !== undefined && spec.service !== 'replication' ? { tenant: spec.tenant } : {}),
      ...(spec.partition !== undefined ? { partition: spec.partition } : {}),
      ...(spec.peers !== undefined ? { peers: spec.peers } : {}),
      createdAt: now,
      hits: 0,
    };
    this.rules.set(rule.id, rule);
    if (rule.service === 'replication') {
      this.syncLinks();
      if (expiresAt !== undefined) this.expireLater(expiresAt - now);
    } else {
      this.requestRules++;
    }
    return { ...rule };
  }

  list(filter: FaultFilter = {}): FaultRule[] {
    this.pruneExpired();
    return [...this.rules.values()].filter((rule) => matchesFilter(rule, filter)).map((rule) => ({ ...rule }));
  }

  /** False if no such rule (or it belongs to another tenant). */
  remove(id: string, tenant?: string): boolean {
    const rule = this.rules.get(id);
    if (!rule || !matchesFilter(rule, tenant !== undefined ? { tenant } : {})) return false;
    this.delete(rule);
    if (rule.service === 'replication') this.syncLinks();
    return true;
  }

  /** Removes the rules the filter selects; returns how many. `clear({service: 'replication'})` heals the links. */
  clear(filter: FaultFilter = {}): number {
    let removed = 0;
    let network = false;
    for (const rule of [...this.rules.values()]) {
      if (!matchesFilter(rule, filter)) continue;
      this.delete(rule);
      removed++;
      network ||= rule.service === 'replication';
    }
    if (network) this.syncLinks();
    return removed;
  }

  /**
   * The fault for one request, consuming the counts of the rules that fire. Every matching
   * latency applies (the longest wins); the first matching error rule (in creation order)
   * answers, so two throttling rules do not both use up a request.
   */
  decide(service: 'dynamodb' | 'lambda', tenant: string, targets: readonly string[], operation: string): FaultDecision | undefined {
    if (this.requestRules === 0) return undefined;
    const now = this.now();
    let latencyMs = 0;
    let error: FaultDecision['error'];
    let fired = false;
    for (const rule of this.rules.values()) {
      if (rule.service !== service) continue;
      if (rule.expiresAt !== undefined && rule.expiresAt <= now) {
        this.delete(rule);
        continue;
      }
      if (rule.tenant !== undefined && rule.tenant !== tenant) continue;
      if (rule.target !== undefined && !targets.includes(rule.target)) continue;
      if (rule.operations !== undefined && !rule.operations.includes(operation)) continue;
      if (rule.error !== undefined && error !== undefined) continue; // this request's error is decided
      if (rule.probability !== undefined && !(this.random() < rule.probability)) continue;
      fired = true;
      rule.hits++;
      if (rule.latencyMs !== undefined) latencyMs = Math.max(latencyMs, rule.latencyMs);
      if (rule.error !== undefined) error = { id: rule.id, error: rule.error, ...(rule.reason ? { reason: rule.reason } : {}) };
      if (rule.remaining !== undefined && --rule.remaining <= 0) this.delete(rule);
    }
    return fired ? { latencyMs, ...(error ? { error } : {}) } : undefined;
  }

  /** Stops the expiry timers (the node is closing). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private delete(rule: FaultRule): void {
    if (!this.rules.delete(rule.id)) return;
    if (rule.service !== 'replication') this.requestRules--;
  }

  private pruneExpired(): void {
    const now = this.now();
    let network = false;
    for (const rule of [...this.rules.values()]) {
      if (rule.expiresAt === undefined || rule.expiresAt > now) continue;
      this.delete(rule);
      network ||= rule.service === 'replication';
    }
    if (network) this.syncLinks();
  }

  private expireLater(delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.pruneExpired();
    }, Math.max(0, delayMs) + 1);
    timer.unref();
    this.timers.add(timer);
  }

  /** The links get the whole set of live network rules each time one changes. */
  private syncLinks(): void {
    const links: LinkFaultRule[] = [];
    const now = this.now();
    for (const rule of this.rules.values()) {
      if (rule.service !== 'replication' || (rule.expiresAt !== undefined && rule.expiresAt <= now)) continue;
      links.push({
        ...(rule.peers ? { peers: rule.peers } : {}),
        ...(rule.partition ? { partition: true } : {}),
        ...(rule.latencyMs !== undefined ? { delayMs: rule.latencyMs } : {}),
      });
    }
    this.options.network?.links.set(links);
  }
}

function matchesFilter(rule: FaultRule, filter: FaultFilter): boolean {
  if (filter.service !== undefined && rule.service !== filter.service) return false;
  if (filter.tenant !== undefined && rule.tenant !== undefined && rule.tenant !== filter.tenant) return false;
  return true;
}
