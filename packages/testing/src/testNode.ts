import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, startNode, type LogLevel } from '@kuhiro/edge-node';
import { startChildNode } from './childNode.js';
import { credentialsFileOf, DEFAULT_NAMESPACE_COUNT, testAccounts, type TestAccount } from './testAccounts.js';
import { TestClock } from './testClock.js';
import { TestNamespace } from './testNamespace.js';

export interface TestNodeOptions {
  /** Run the node as a child `kuhiro node` process instead of inside this process. Its clock cannot be controlled. */
  process?: boolean;
  /** The region the node serves; default us-east-1. */
  region?: string;
  /** How many namespaces (accounts) the node can hand out, the first one included; default 1000. */
  namespaces?: number;
  /** Node log level (stderr); default `error`, so test output stays quiet. */
  logLevel?: LogLevel;
  /** How long a child process may take to start; default 30 s. */
  startTimeoutMs?: number;
}

const liveNodes = new Set<TestNode>();

/**
 * A node for tests: listens on a free loopback port, keeps its data in a temp directory that
 * `stop()` removes, and serves its tables and functions per namespace. The node itself is its
 * first namespace (`node.dynamodb()`, `node.seed(...)`); `node.namespace()` hands out a fresh,
 * empty one.
 */
export class TestNode extends TestNamespace {
  private nextAccount = 1;
  private readonly namespaces: TestNamespace[] = [this];
  private stopping: Promise<void> | undefined;

  constructor(
    endpoint: string,
    region: string,
    private readonly accounts: TestAccount[],
    /** The node's temp directory (data, credentials file); gone after `stop()`. */
    readonly dir: string,
    readonly clock: TestClock,
    private readonly stopNode: () => Promise<void>,
  ) {
    super(endpoint, region, accounts[0]!);
  }

  /** A namespace no test has used yet: its own tables and functions, empty. */
  namespace(): TestNamespace {
    const account = this.accounts[this.nextAccount];
    if (!account)
      throw new Error(`this test node has only ${this.accounts.length} namespaces; start it with startTestNode({ namespaces: N }) for more`);
    this.nextAccount++;
    const ns = new TestNamespace(this.endpoint, this.region, account);
    this.namespaces.push(ns);
    return ns;
  }

  /** Stops the node, closes every namespace's clients and removes the temp directory. Safe to call twice. */
  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      liveNodes.delete(this);
      for (const ns of this.namespaces) ns.destroy();
      try {
        await this.stopNode();
      } finally {
        await rm(this.dir, { recursive: true, force: true });
      }
    })());
  }
}

export async function startTestNode(options: TestNodeOptions = {}): Promise<TestNode> {
  const region = options.region ?? 'us-east-1';
  const logLevel = options.logLevel ?? 'error';
  const count = options.namespaces ?? DEFAULT_NAMESPACE_COUNT;
  if (!Number.isInteger(count) || count < 1) throw new TypeError(`namespaces must be a whole number of at least 1, not ${count}`);
  const accounts = testAccounts(count);
  const dir = await mkdtemp(join(tmpdir(), 'kuhiro-test-node-'));
  try {
    const credentialsFile = join(dir, 'credentials.json');
    await writeFile(credentialsFile, JSON.stringify(credentialsFileOf(accounts)), { mode: 0o600 });
    const dataDir = join(dir, 'data');
    let node: TestNode;
    if (options.process) {
      const child = await startChildNode(
        ['--port', '0', '--data', dataDir, '--credentials', credentialsFile, '--region', region, '--log-level', logLevel, '--name', 'test-node'],
        options.startTimeoutMs ?? 30_000,
      );
      const clock = new TestClock(
        async () => {},
        'the clock of a child-process test node cannot be moved; use startTestNode() without { process: true }',
      );
      node = new TestNode(child.url, region, accounts, dir, clock, () => child.stop());
    } else {
      let sweep: () => Promise<unknown> = async () => {};
      // TTL is DynamoDB's only time-driven deletion: once the clock moves, a full sweep runs
      // before advance()/set() resolve, so the next read no longer sees items that expired.
      const clock = new TestClock(async () => void (await sweep()));
      const running = await startNode(
        { port: 0, host: '127.0.0.1', dataDir, region, credentialsFile, logLevel, nodeName: 'test-node', fsync: 'none' },
        { clock: () => clock.nowMs(), log: createLogger({ level: logLevel }) },
      );
      sweep = () => running.sweepExpiredItems?.() ?? Promise.resolve(0);
      node = new TestNode(running.url, region, accounts, dir, clock, () => running.close());
    }
    liveNodes.add(node);
    return node;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Stops every test node started in this process and not yet stopped (an `afterAll` safety net). */
export async function stopAllTestNodes(): Promise<void> {
  await Promise.all([...liveNodes].map((node) => node.stop()));
}
