import { randomUUID } from 'node:crypto';
import { functionArn, type FunctionReference } from '../arn.js';
import { ResourceConflictException, ResourceNotFoundException } from '../errors.js';
import { FunctionChangeDetector, type FunctionChangeListener } from './functionChanges.js';
import { StateFile } from './stateFile.js';
import type { AliasState, CodePackage, FunctionSettings, FunctionState, ResolvedVersion, VersionState } from './types.js';

const LATEST = '$LATEST';

/**
 * Functions, versions, aliases, tags and URL configs of every tenant, persisted in one state file.
 * Every tenant is its own namespace: a lookup never crosses tenants.
 */
export class FunctionRegistry {
  private readonly functions = new Map<string, FunctionState>();
  private readonly changeListeners = new Set<FunctionChangeListener>();
  private readonly codeListeners = new Set<(fn: FunctionState) => void>();
  private changeDetector: FunctionChangeDetector | undefined;

  constructor(
    private readonly region: string,
    private readonly stateFile: StateFile<FunctionState[]>,
    private readonly now: () => number,
  ) {}

  async load(): Promise<void> {
    for (const fn of (await this.stateFile.load()) ?? []) this.functions.set(key(fn.tenant, fn.name), fn);
  }

  /**
   * Saves the state file and tells the change listeners about every function that changed since
   * the last persist. Resolves when the file is written and the listeners are done (on a network:
   * the change is in the replication journal), so the API answers after both.
   */
  persist(): Promise<void> {
    const notified = this.changeDetector ? this.changeDetector.detect(this.functions).flatMap((change) => [...this.changeListeners].map((listener) => listener(change))) : [];
    return Promise.all([this.stateFile.save([...this.functions.values()]), ...notified]).then(() => undefined);
  }

  /** Reports every later persisted change of a function (its whole state, or its deletion). */
  onChange(listener: FunctionChangeListener): () => void {
    if (!this.changeDetector) {
      this.changeDetector = new FunctionChangeDetector();
      for (const [functionKey, fn] of this.functions) this.changeDetector.acknowledge(functionKey, fn);
    }
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * Puts a state that came from another PoP in place (or removes the function) without
   * reporting it as a change. An existing function object is updated in place: operations and
   * invocations that hold it see the new state instead of a detached copy.
   */
  adoptReplicated(tenant: string, name: string, state: FunctionState | undefined): FunctionState | undefined {
    const functionKey = key(tenant, name);
    const existing = this.functions.get(functionKey);
    this.changeDetector?.acknowledge(functionKey, state);
    if (!state) {
      this.functions.delete(functionKey);
      return undefined;
    }
    const copy = JSON.parse(JSON.stringify(state)) as FunctionState;
    if (!existing) {
      this.functions.set(functionKey, copy);
      return copy;
    }
    for (const field of Object.keys(existing)) delete (existing as unknown as Record<string, unknown>)[field];
    Object.assign(existing, copy);
    this.codeReleased(existing);
    return existing;
  }

  arn(fn: Pick<FunctionState, 'accountId' | 'name'>, qualifier?: string): string {
    return functionArn(this.region, fn.accountId, fn.name, qualifier);
  }

  timestamp(): string {
    // Lambda's LastModified format: 2024-01-31T12:34:56.789+0000
    return new Date(this.now()).toISOString().replace('Z', '+0000');
  }

  nowSeconds(): number {
    return this.now() / 1000;
  }

  list(tenant: string): FunctionState[] {
    return [...this.functions.values()].filter((fn) => fn.tenant === tenant).sort((a, b) => a.name.localeCompare(b.name));
  }

  all(): FunctionState[] {
    return [...this.functions.values()];
  }

  find(tenant: string, name: string): FunctionState | undefined {
    return this.functions.get(key(tenant, name));
  }

  /** The function or Lambda's "Function not found: ARN" (the ARN carries the qualifier asked for). */
  require(tenant: string, accountId: string, ref: FunctionReference): FunctionState {
    const fn = this.find(tenant, ref.name);
    if (!fn || (ref.accountId !== undefined && ref.accountId !== fn.accountId) || (ref.region !== undefined && ref.region !== this.region)) {
      throw new ResourceNotFoundException(`Function not found: ${functionArn(this.region, ref.accountId ?? accountId, ref.name, ref.qualifier)}`);
    }
    return fn;
  }

  /** Resolves a qualifier ($LATEST, a version number, an alias) to the version it runs. */
  resolve(tenant: string, accountId: string, ref: FunctionReference): ResolvedVersion {
    const fn = this.require(tenant, accountId, ref);
    const qualifier = ref.qualifier;
    if (qualifier === undefined || qualifier === LATEST) return withQualifier({ fn, version: fn.latest }, qualifier);
    const version = fn.versions[qualifier];
    if (version) return { fn, version, qualifier };
    const alias = fn.aliases[qualifier];
    if (alias) {
      const target = alias.functionVersion === LATEST ? fn.latest : fn.versions[alias.functionVersion];
      if (target) return { fn, version: target, qualifier };
    }
    throw new ResourceNotFoundException(`Function not found: ${this.arn(fn, qualifier)}`);
  }

  assertNameFree(tenant: string, name: string): void {
    // Lambda's wording, grammar included.
    if (this.find(tenant, name)) throw new ResourceConflictException(`Function already exist: ${name}`);
  }

  /**
   * Weighted alias routing (RoutingConfig.AdditionalVersionWeights): each extra version takes its
   * weight's share of invocations, the alias's own version the rest.
   */
  routeAlias(resolved: ResolvedVersion, random: () => number): ResolvedVersion {
    const weights = resolved.qualifier === undefined ? undefined : resolved.fn.aliases[resolved.qualifier]?.routingConfig?.AdditionalVersionWeights;
    if (!weights) return resolved;
    let roll = random();
    for (const [version, weight] of Object.entries(weights)) {
      const target = resolved.fn.versions[version];
      if (target && roll < weight) return { ...resolved, version: target };
      roll -= weight;
    }
    return resolved;
  }

  create(tenant: string, accountId: string, name: string, settings: FunctionSettings, code: CodePackage): FunctionState {
    this.assertNameFree(tenant, name);
    const fn: FunctionState = {
      tenant, accountId, name,
      latest: { version: LATEST, settings, code, lastModified: this.timestamp(), revisionId: randomUUID() },
      versions: {}, nextVersion: 1, aliases: {}, tags: {}, urlConfigs: {},
    };
    this.functions.set(key(tenant, name), fn);
    return fn;
  }

  /** Told when a function's versions may have stopped using a code package (new $LATEST code, a version deleted or replaced). */
  onCodeReleased(listener: (fn: FunctionState) => void): () => void {
    this.codeListeners.add(listener);
    return () => this.codeListeners.delete(listener);
  }

  private codeReleased(fn: FunctionState): void {
    for (const listener of this.codeListeners) listener(fn);
  }

  updateLatest(fn: FunctionState, change: { settings?: FunctionSettings; code?: CodePackage }): VersionState {
    const previousCode = fn.latest.code.sha256Hex;
    fn.latest = {
      ...fn.latest,
      ...(change.settings ? { settings: change.settings } : {}),
      ...(change.code ? { code: change.code } : {}),
      lastModified: this.timestamp(),
      revisionId: randomUUID(),
    };
    if (fn.latest.code.sha256Hex !== previousCode) this.codeReleased(fn);
    return fn.latest;
  }

  /** Lambda publishes nothing new when $LATEST equals the newest version: it returns that version. */
  publishVersion(fn: FunctionState, description?: string): VersionState {
    const newest = fn.versions[String(fn.nextVersion - 1)];
    if (newest && newest.code.codeSha256 === fn.latest.code.codeSha256 && sameSettings(newest.settings, fn.latest.settings)) return newest;
    const version = String(fn.nextVersion++);
    const settings = description === undefined ? fn.latest.settings : { ...fn.latest.settings, description };
    const published: VersionState = { version, settings, code: fn.latest.code, lastModified: this.timestamp(), revisionId: randomUUID() };
    fn.versions[version] = published;
    return published;
  }

  delete(fn: FunctionState): void {
    this.functions.delete(key(fn.tenant, fn.name));
  }

  deleteVersion(fn: FunctionState, version: string): void {
    const aliasUsing = Object.values(fn.aliases).find((alias) => alias.functionVersion === version);
    if (aliasUsing) {
      throw new ResourceConflictException(`Unable to delete version because the following aliases reference it: [${aliasUsing.name}]`);
    }
    delete fn.versions[version];
    this.codeReleased(fn);
  }

  requireAlias(fn: FunctionState, name: string): AliasState {
    const alias = fn.aliases[name];
    // Lambda's wording (GetAlias, UpdateAlias, CreateFunctionUrlConfig with an unknown alias).
    if (!alias) throw new ResourceNotFoundException(`Cannot find alias arn: ${this.arn(fn, name)}`);
    return alias;
  }

  requireVersionExists(fn: FunctionState, version: string): void {
    if (version !== LATEST && !fn.versions[version]) throw new ResourceNotFoundException(`Function not found: ${this.arn(fn, version)}`);
  }
}

function key(tenant: string, name: string): string {
  return `${tenant}\u0000${name}`;
}

function withQualifier(resolved: ResolvedVersion, qualifier: string | undefined): ResolvedVersion {
  return qualifier === undefined ? resolved : { ...resolved, qualifier };
}

function sameSettings(a: FunctionSettings, b: FunctionSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
