import { describe, it, expect, afterEach } from '@jest/globals';
import { TestNetwork, waitFor } from './helpers/testNetwork.js';

describe('replicator: scopes', () => {
  let net: TestNetwork | undefined;
  afterEach(async () => {
    await net?.close();
    net = undefined;
  });

  it('group tables reach only their group (and central); local tables only central; vectors still advance everywhere', async () => {
    net = await TestNetwork.create([
      { name: 'central', role: 'central' },
      { name: 'eu-1', role: 'edge', group: 'eu' },
      { name: 'eu-2', role: 'edge', group: 'eu' },
      { name: 'us-1', role: 'edge', group: 'us' },
    ]);
    await net.startAll();
    await net.write('eu-1', 'carts', 'cart-1', 'group:eu', (item) => item.set('qty', 1));
    await net.write('eu-1', 'sessions', 'sess-1', 'local', (item) => item.set('token', 'x'));
    await net.write('eu-1', 'catalog', 'sku-1', 'all', (item) => item.set('price', 10));
    await net.write('us-1', 'carts', 'cart-2', 'group:us', (item) => item.set('qty', 2));
    const names = ['central', 'eu-1', 'eu-2', 'us-1'];
    await waitFor(() => names.every((n) => net!.node(n).replicator!.vector()['eu-1'] === 3 && (n === 'us-1' || net!.node(n).replicator!.vector()['us-1'] === 1)), 5000, 'vectors');
    // Relays run on a tick: give them time to (wrongly) forward something.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(Object.keys(net.node('central').store.snapshot())).toEqual(['t1/carts/cart-1', 't1/carts/cart-2', 't1/catalog/sku-1', 't1/sessions/sess-1']);
    expect(Object.keys(net.node('eu-2').store.snapshot())).toEqual(['t1/carts/cart-1', 't1/catalog/sku-1']);
    expect(Object.keys(net.node('us-1').store.snapshot())).toEqual(['t1/carts/cart-2', 't1/catalog/sku-1']);
    expect(net.node('eu-2').store.item('carts', 'cart-1')).toEqual({ qty: 1 });
    expect(net.node('central').store.item('sessions', 'sess-1')).toEqual({ token: 'x' });
    // us-1 got the range 1..3 of eu-1 with the filtered entries dropped: its vector still covers it.
    expect(net.node('us-1').replicator!.vector()).toEqual({ 'eu-1': 3, 'us-1': 1 });
  });
});
