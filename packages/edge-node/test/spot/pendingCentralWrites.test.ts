import { describe, expect, it } from '@jest/globals';
import { PendingCentralWrites, tablesOf } from '../../src/spot/pendingCentralWrites.js';

describe('tablesOf', () => {
  it('names the tables of single-table, batch and transaction requests', () => {
    expect(tablesOf('GetItem', { TableName: 'users' })).toEqual(['users']);
    expect(tablesOf('Query', { TableName: 'arn:aws:dynamodb:us-east-1:000000000000:table/orders' })).toEqual(['orders']);
    expect(tablesOf('BatchGetItem', { RequestItems: { users: {}, carts: {} } })).toEqual(['users', 'carts']);
    expect(tablesOf('TransactWriteItems', { TransactItems: [{ Put: { TableName: 'users' } }, { ConditionCheck: { TableName: 'stock' } }] })).toEqual(['users', 'stock']);
    expect(tablesOf('ListTables', {})).toEqual([]);
  });

  it('cannot name the tables of a PartiQL statement: it counts as touching all of them', () => {
    expect(tablesOf('ExecuteStatement', { Statement: 'SELECT * FROM users' })).toBeUndefined();
  });
});

describe('PendingCentralWrites', () => {
  it('makes requests on the written table wait for central\'s position until replication covers it', () => {
    const vector: Record<string, number> = { central: 4 };
    const pending = new PendingCentralWrites(() => vector);
    pending.add('tenant-a', ['users'], { central: 7 });
    expect(pending.pendingFor('tenant-a', ['users'])).toEqual({ central: 7 });
    expect(pending.pendingFor('tenant-a', ['carts'])).toEqual({});
    expect(pending.pendingFor('tenant-b', ['users'])).toEqual({});
    // A request whose tables are unknown waits for every pending write of its tenant.
    expect(pending.pendingFor('tenant-a', undefined)).toEqual({ central: 7 });
    vector.central = 7;
    expect(pending.pendingFor('tenant-a', ['users'])).toEqual({});
    expect(pending.pendingFor('tenant-a', undefined)).toEqual({});
  });

  it('keeps the highest position per table, and a write to unknown tables holds back every table', () => {
    const vector: Record<string, number> = {};
    const pending = new PendingCentralWrites(() => vector);
    pending.add('t', ['users'], { central: 3 });
    pending.add('t', ['users'], { central: 9 });
    pending.add('t', undefined, { central: 5 });
    expect(pending.pendingFor('t', ['users'])).toEqual({ central: 9 });
    expect(pending.pendingFor('t', ['carts'])).toEqual({ central: 5 });
    vector.central = 6;
    expect(pending.pendingFor('t', ['carts'])).toEqual({});
    expect(pending.pendingFor('t', ['users'])).toEqual({ central: 9 });
  });
});
