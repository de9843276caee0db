import type { TcpProxy } from '@kuhiro/replication';
import type { SimPop } from './deployment.js';
import type { Region } from './regions.js';

export type Action = 'register' | 'browse-category' | 'product-page' | 'search' | 'view-cart' | 'add-to-cart' | 'purchase';

export const ACTIONS: readonly Action[] = ['browse-category', 'product-page', 'search', 'view-cart', 'add-to-cart', 'purchase', 'register'];

/**
 * The mix of a visit after the first registration: mostly browsing, some carts, few purchases
 * and registrations (a new visitor arriving). Weights in percent.
 */
const MIX: [Action, number][] = [
  ['browse-category', 30],
  ['product-page', 30],
  ['search', 10],
  ['view-cart', 10],
  ['add-to-cart', 12],
  ['purchase', 4],
  ['register', 4],
];

export interface Sample {
  region: Region;
  action: Action;
  ms: number;
  /** The HTTP status of the final answer, or 0 when no PoP answered. */
  status: number;
  /** The PoP that answered. */
  pop: string;
  /** True when the user's PoP failed and the action was retried at the next one. */
  failedOver: boolean;
}

export interface Catalogue {
  categories: string[];
  productIds: string[];
  searchPrefixes: string[];
}

type Service = 'CatalogFunction' | 'AccountFunction' | 'CartFunction' | 'OrdersFunction';

/** A deterministic PRNG (mulberry32) so both deployments see the same users doing the same things. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One simulated user in one region. Every request goes through the delay proxy between the
 * user's region and the PoP; the user sticks to the nearest live PoP and moves to the next one
 * when a request finds its PoP dead.
 */
export class Shopper {
  private token = '';
  private cartLines = 0;
  private popIndex = 0;
  private identity = 0;

  constructor(
    private readonly id: string,
    readonly region: Region,
    /** PoPs nearest first. */
    private readonly pops: SimPop[],
    /** The user-to-PoP proxy for each PoP name. */
    private readonly proxies: Map<string, TcpProxy>,
    private readonly catalogue: Catalogue,
    private readonly random: () => number,
  ) {}

  /** Registers, then runs `actions` actions of the mix; calls `record` for each. */
  async visit(actions: number, record: (sample: Sample) => void): Promise<void> {
    record(await this.act('register'));
    for (let i = 0; i < actions; i++) {
      await this.think();
      record(await this.act(this.pickAction()));
    }
  }

  /**
   * A pause between actions, 200-800 ms. Real shoppers read pages for seconds; we keep it short
   * to bound the run, but not zero, so 12 users do not turn into a load test of 2 cores.
   */
  private think(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 200 + 600 * this.random()));
  }

  private pickAction(): Action {
    let roll = this.random() * 100;
    for (const [action, weight] of MIX) {
      roll -= weight;
      if (roll < 0) return action === 'purchase' && this.cartLines === 0 ? 'add-to-cart' : action;
    }
    return 'browse-category';
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private requestFor(action: Action): { service: Service; method: string; path: string; body?: unknown } {
    switch (action) {
      case 'register':
        this.identity += 1;
        return { service: 'AccountFunction', method: 'POST', path: 'register', body: { username: `${this.id}x${this.identity}`, password: 'geo-sim-password' } };
      case 'browse-category':
        return { service: 'CatalogFunction', method: 'GET', path: `categories/${this.pick(this.catalogue.categories)}/products?limit=12` };
      case 'product-page':
        return { service: 'CatalogFunction', method: 'GET', path: `products/${this.pick(this.catalogue.productIds)}` };
      case 'search':
        return { service: 'CatalogFunction', method: 'GET', path: `search?q=${encodeURIComponent(this.pick(this.catalogue.searchPrefixes))}&limit=12` };
      case 'view-cart':
        return { service: 'CartFunction', method: 'GET', path: 'cart' };
      case 'add-to-cart':
        return { service: 'CartFunction', method: 'POST', path: 'cart/items', body: { productId: this.pick(this.catalogue.productIds), quantity: 1 } };
      case 'purchase':
        return { service: 'OrdersFunction', method: 'POST', path: 'orders' };
    }
  }

  private async act(action: Action): Promise<Sample> {
    const request = this.requestFor(action);
    const started = performance.now();
    let failedOver = false;
    for (;;) {
      const pop = this.pops[this.popIndex];
      if (!pop) return { region: this.region, action, ms: performance.now() - started, status: 0, pop: 'none', failedOver };
      const direct = new URL(request.path, pop.urls[request.service]!.replace(/\/?$/, '/'));
      const viaProxy = new URL(direct.pathname + direct.search, this.proxies.get(pop.name)!.url);
      try {
        const response = await fetch(viaProxy, {
          method: request.method,
          headers: { ...(request.body ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
          ...(request.body ? { body: JSON.stringify(request.body) } : {}),
          signal: AbortSignal.timeout(15_000),
        });
        const body = (await response.json().catch(() => ({}))) as { token?: string; cart?: { items?: unknown[] } };
        if (response.ok) this.remember(action, body);
        return { region: this.region, action, ms: performance.now() - started, status: response.status, pop: pop.name, failedOver };
      } catch {
        // The PoP is gone (connection refused or reset): the user's traffic moves to the next one.
        this.popIndex += 1;
        failedOver = true;
      }
    }
  }

  private remember(action: Action, body: { token?: string; cart?: { items?: unknown[] } }): void {
    if (action === 'register' && body.token) {
      this.token = body.token;
      this.cartLines = 0;
    }
    if (body.cart?.items) this.cartLines = body.cart.items.length;
    if (action === 'purchase') this.cartLines = 0;
  }
}
