import type { SimPop } from './deployment.js';

/**
 * Calls every shop function at every PoP a few times at once, directly (no delay proxy), before
 * anything is measured: the first invocations start the runtime's worker processes (cold
 * starts, seconds on this machine), which production functions under steady traffic do not pay.
 */
export async function warmUp(pops: SimPop[], concurrency = 4): Promise<void> {
  const calls: [string, string, RequestInit][] = [
    ['CatalogFunction', 'categories', {}],
    ['CartFunction', 'cart', {}],
    ['OrdersFunction', 'orders', {}],
    ['AccountFunction', 'login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'warm-up', password: 'warm-up-password' }) }],
  ];
  for (let round = 0; round < 2; round++) {
    await Promise.all(
      pops
        .filter((pop) => !pop.killed)
        .flatMap((pop) =>
          calls.flatMap(([service, path, init]) =>
            Array.from({ length: concurrency }, async () => {
              const response = await fetch(new URL(path, pop.urls[service]!.replace(/\/?$/, '/')), init);
              await response.arrayBuffer(); // 401s are fine: the function ran
            }),
          ),
        ),
    );
  }
}
