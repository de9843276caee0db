import { startEdgeNodeProcess } from '@kuhiro/compat-tests';

export interface ShopNode {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * `kuhiro node --port 0` on a fresh data dir (removed on stop), through the compatibility
 * suite's launcher: ready line, stderr in start errors, SIGTERM then SIGKILL after 5 s.
 */
export async function startShopNode(): Promise<ShopNode> {
  const node = await startEdgeNodeProcess({ extraArgs: ['--log-level', 'warn'], readyTimeoutMs: 20_000 });
  return { endpoint: node.endpoint, stop: node.stop };
}
