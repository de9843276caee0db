import { afterAll, beforeAll } from '@jest/globals';
import { seedCatalog, startShop, type Shop } from './shopHarness.js';

/**
 * A seeded shop for the enclosing describe block: started (and its catalogue seeded) before the
 * block's tests, stopped after them. Call at the top of the block; the returned function gives
 * the running shop inside tests.
 */
export function useSeededShop(): () => Shop {
  let shop: Shop | undefined;
  beforeAll(async () => {
    shop = await startShop();
    await seedCatalog(shop);
  }, 60_000);
  afterAll(async () => {
    await shop?.stop();
  });
  return () => {
    if (!shop) throw new Error('the shop is not running: useSeededShop() hooks run only inside a describe block');
    return shop;
  };
}
