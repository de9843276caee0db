import type { TestNamespace } from './testNamespace.js';
import { startTestNode, type TestNode, type TestNodeOptions } from './testNode.js';

/**
 * The lifecycle hooks of the test framework: pass jest's (`@jest/globals`) or vitest's; this
 * package imports neither, so it works with both.
 */
export interface TestHooks {
  beforeAll(fn: () => Promise<void>, timeout?: number): void;
  afterAll(fn: () => Promise<void>, timeout?: number): void;
  /** Given: every test gets a fresh namespace in `ns`. */
  beforeEach?(fn: () => Promise<void> | void, timeout?: number): void;
}

export interface TestNodeHandle {
  /** The node of this test file (started in beforeAll, stopped in afterAll). */
  readonly node: TestNode;
  /** With `beforeEach` given: a namespace of the current test's own; else the node's first namespace. */
  readonly ns: TestNamespace;
}

/** Starting a node (a child process on a loaded machine) may take a while. */
const HOOK_TIMEOUT_MS = 60_000;

/** Starts one test node for the file and stops it afterwards; see the README for jest and vitest. */
export function useTestNode(hooks: TestHooks, options: TestNodeOptions = {}): TestNodeHandle {
  let node: TestNode | undefined;
  let ns: TestNamespace | undefined;
  hooks.beforeAll(async () => {
    node = await startTestNode(options);
  }, HOOK_TIMEOUT_MS);
  hooks.afterAll(async () => {
    await node?.stop();
  }, HOOK_TIMEOUT_MS);
  hooks.beforeEach?.(() => {
    ns = started().namespace();
  });
  function started(): TestNode {
    if (!node) throw new Error('the test node is not started yet: use it inside tests or hooks, not at the top of the file');
    return node;
  }
  return {
    get node() {
      return started();
    },
    get ns() {
      return ns ?? started();
    },
  };
}
