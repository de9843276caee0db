import { describe, expect, it } from '@jest/globals';
import type { Store } from '@kuhiro/crdt-store';
import { DynamoDbApi } from '../src/index.js';
import { CONTEXT } from './helpers/assertions.js';
import { catalogHarness } from './helpers/harness.js';

describe('DynamoDbApi.handle', () => {
  it('answers an unknown operation with UnknownOperationException', async () => {
    const res = await catalogHarness().call('DropEverything', {});
    expect(res).toEqual({ status: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } });
  });

  it('answers a body that is not an object with SerializationException', async () => {
    for (const body of [null, [], 'x', 3]) {
      const res = await catalogHarness().call('ListTables', body);
      expect(res).toEqual({ status: 400, body: { __type: 'com.amazon.coral.service#SerializationException' } });
    }
  });

  it('turns an internal failure into InternalServerError and logs it with the request id', async () => {
    const logged: object[] = [];
    const broken = { listTables: () => { throw new Error('disk on fire'); } } as unknown as Store;
    const api = new DynamoDbApi(broken, { region: 'us-east-1', log: (_msg, meta) => logged.push(meta ?? {}) });
    const res = await api.handle(CONTEXT, 'ListTables', {});
    expect(res).toEqual({
      status: 500,
      body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' },
    });
    expect(logged).toEqual([expect.objectContaining({ requestId: 'req-1', operation: 'ListTables' })]);
  });

  it('answers DescribeLimits and DescribeEndpoints', async () => {
    const h = catalogHarness();
    expect((await h.call('DescribeLimits', {})).body).toEqual({
      AccountMaxReadCapacityUnits: 80000,
      AccountMaxWriteCapacityUnits: 80000,
      TableMaxReadCapacityUnits: 40000,
      TableMaxWriteCapacityUnits: 40000,
    });
    expect((await h.call('DescribeEndpoints', {})).body).toEqual({
      Endpoints: [{ Address: 'dynamodb.us-east-1.amazonaws.com', CachePeriodInMinutes: 1440 }],
    });
  });
});
