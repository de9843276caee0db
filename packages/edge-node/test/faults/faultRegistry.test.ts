import { describe, it, expect } from '@jest/globals';
import { FaultRegistry, FaultRuleError, type NetworkFaultTarget } from '@kuhiro/edge-node';
import type { LinkFaultRule } from '@kuhiro/replication';

const TENANT = '000000000000';

function fakeNetwork(): NetworkFaultTarget & { current: readonly LinkFaultRule[] } {
  const network = { current: [] as readonly LinkFaultRule[], peers: ['central', 'edge-2'], links: { set: (rules: readonly LinkFaultRule[]) => (network.current = rules) } };
  return network;
}

describe('FaultRegistry', () => {
  it('is inactive without request rules, and a count-limited rule fires exactly N times', () => {
    const registry = new FaultRegistry();
    expect(registry.active).toBe(false);
    expect(registry.decide('dynamodb', TENANT, ['Orders'], 'PutItem')).toBeUndefined();
    const rule = registry.add({ service: 'dynamodb', target: 'Orders', error: 'ThrottlingException', count: 2 });
    expect(rule.id).toMatch(/^fault-[0-9a-f]{12}$/);
    expect(registry.active).toBe(true);
    expect(registry.decide('dynamodb', TENANT, ['Orders'], 'PutItem')?.error?.error).toBe('ThrottlingException');
    expect(registry.list()[0]).toMatchObject({ remaining: 1, hits: 1 });
    expect(registry.decide('dynamodb', TENANT, ['Orders'], 'GetItem')?.error?.error).toBe('ThrottlingException');
    expect(registry.decide('dynamodb', TENANT, ['Orders'], 'PutItem')).toBeUndefined();
    expect(registry.list()).toEqual([]);
    expect(registry.active).toBe(false);
  });

  it('matches target, operations, service and tenant', () => {
    const registry = new FaultRegistry();
    registry.add({ service: 'dynamodb', target: 'Orders', operations: ['PutItem', 'UpdateItem'], error: 'InternalServerError', tenant: TENANT });
    expect(registry.decide('dynamodb', TENANT, ['Users'], 'PutItem')).toBeUndefined();
    expect(registry.decide('dynamodb', TENANT, ['Orders'], 'GetItem')).toBeUndefined();
    expect(registry.decide('dynamodb', '111111111111', ['Orders'], 'PutItem')).toBeUndefined();
    expect(registry.decide('lambda', TENANT, ['Orders'], 'Invoke')).toBeUndefined();
    expect(registry.decide('dynamodb', TENANT, ['Users', 'Orders'], 'UpdateItem')?.error?.error).toBe('InternalServerError');
  });

  it('expires rules by time', () => {
    let now = 1_000_000;
    const registry = new FaultRegistry({ now: () => now });
    registry.add({ service: 'lambda', error: 'ServiceException', durationMs: 30_000 });
    registry.add({ service: 'lambda', latencyMs: 5, until: now + 10_000 });
    expect(registry.decide('lambda', TENANT, ['f'], 'Invoke')).toEqual({ latencyMs: 5, error: expect.objectContaining({ error: 'ServiceException' }) });
    now += 10_000;
    expect(registry.decide('lambda', TENANT, ['f'], 'Invoke')).toEqual({ latencyMs: 0, error: expect.objectContaining({ error: 'ServiceException' }) });
    now += 20_000;
    expect(registry.decide('lambda', TENANT, ['f'], 'Invoke')).toBeUndefined();
    expect(registry.active).toBe(false);
  });

  it('fires with the given probability and counts only the requests it faulted', () => {
    const rolls = [0.9, 0.1, 0.6, 0.2];
    const registry = new FaultRegistry({ random: () => rolls.shift()! });
    registry.add({ service: 'dynamodb', error: 'ProvisionedThroughputExceededException', probability: 0.5, count: 2 });
    const outcomes = [1, 2, 3, 4].map(() => registry.decide('dynamodb', TENANT, [], 'GetItem')?.error?.error ?? 'ok');
    expect(outcomes).toEqual(['ok', 'ProvisionedThroughputExceededException', 'ok', 'ProvisionedThroughputExceededException']);
    expect(registry.active).toBe(false);
  });

  it('answers with the first matching error rule only, and the longest matching latency', () => {
    const registry = new FaultRegistry();
    const first = registry.add({ service: 'dynamodb', error: 'ThrottlingException', count: 1 });
    registry.add({ service: 'dynamodb', error: 'InternalServerError', count: 1 });
    registry.add({ service: 'dynamodb', latencyMs: 30 });
    registry.add({ service: 'dynamodb', latencyMs: 70, count: 1 });
    expect(registry.decide('dynamodb', TENANT, [], 'Scan')).toEqual({ latencyMs: 70, error: { id: first.id, error: 'ThrottlingException' } });
    expect(registry.decide('dynamodb', TENANT, [], 'Scan')).toEqual({ latencyMs: 30, error: expect.objectContaining({ error: 'InternalServerError' }) });
    expect(registry.decide('dynamodb', TENANT, [], 'Scan')).toEqual({ latencyMs: 30 });
  });

  it('refuses bad rules with a reason', () => {
    const registry = new FaultRegistry();
    const refused = (input: unknown) => {
      try {
        registry.add(input);
      } catch (err) {
        expect(err).toBeInstanceOf(FaultRuleError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused({ service: 'dynamodb', error: 'NoSuchError' })).toMatch(/unknown dynamodb error "NoSuchError"; one of ProvisionedThroughputExceededException/);
    expect(refused({ service: 'dynamodb', target: 'Orders' })).toMatch(/needs an error, a latencyMs, or both/);
    expect(refused({ service: 'lambda', error: 'ServiceException', operations: ['PutItem'] })).toMatch(/unknown lambda operation "PutItem"/);
    expect(refused({ service: 'dynamodb', error: 'ThrottlingException', probability: 2 })).toMatch(/probability/);
    expect(refused({ service: 'dynamodb', error: 'ThrottlingException', reason: 'ConcurrentInvocationLimitExceeded' })).toMatch(/reason is for lambda/);
    expect(refused({ service: 'replication', partition: true })).toMatch(/runs alone/);
    expect(refused({ service: 'dynamodb', error: 'ThrottlingException', colour: 'red' })).toMatch(/colour/);
    expect(registry.list()).toEqual([]);
  });

  it('drives the replication links: partitions and delays, removal heals, a duration heals by itself', async () => {
    const network = fakeNetwork();
    const registry = new FaultRegistry({ network });
    expect(() => registry.add({ service: 'replication', partition: true, peers: ['nowhere'] })).toThrow(/Unknown peer nowhere; this node's peers: central, edge-2/);
    const cut = registry.add({ service: 'replication', partition: true, peers: ['edge-2'] });
    registry.add({ service: 'replication', latencyMs: 200 });
    expect(registry.active).toBe(false); // network rules never slow the request path
    expect(network.current).toEqual([{ peers: ['edge-2'], partition: true }, { delayMs: 200 }]);
    expect(registry.remove(cut.id)).toBe(true);
    expect(network.current).toEqual([{ delayMs: 200 }]);
    expect(registry.clear({ service: 'replication' })).toBe(1);
    expect(network.current).toEqual([]);
    registry.add({ service: 'replication', partition: true, durationMs: 50 });
    expect(network.current).toEqual([{ partition: true }]);
    const deadline = Date.now() + 25_000; // generous: timers fire late on a loaded CI machine
    while (network.current.length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(network.current).toEqual([]);
    registry.close();
  });
});
