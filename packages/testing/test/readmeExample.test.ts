// The jest example of README.md, verbatim: if it stops working, this file fails.
import { beforeAll, afterAll, beforeEach, describe, it, expect } from '@jest/globals';
import { CreateTableCommand, GetItemCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { useTestNode } from '@kuhiro/testing';

// One node for this file; every test gets a fresh, empty namespace in `kuhiro.ns`.
const kuhiro = useTestNode({ beforeAll, afterAll, beforeEach });

beforeEach(async () => {
  const db = kuhiro.ns.dynamodb();
  await db.send(
    new CreateTableCommand({
      TableName: 'sessions',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await db.send(new UpdateTimeToLiveCommand({ TableName: 'sessions', TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }));
  const inOneHour = Math.floor(kuhiro.node.clock.nowMs() / 1000) + 3600;
  await kuhiro.ns.seed('sessions', [{ id: 's1', user: 'ada', expiresAt: inOneHour }]);
});

describe('sessions', () => {
  it('are there before they expire', async () => {
    const { Item } = await kuhiro.ns.dynamodb().send(new GetItemCommand({ TableName: 'sessions', Key: { id: { S: 's1' } } }));
    expect(Item?.user).toEqual({ S: 'ada' });
  });

  it('are gone after an hour, without waiting one', async () => {
    await kuhiro.node.clock.advance(61 * 60 * 1000);
    const { Item } = await kuhiro.ns.dynamodb().send(new GetItemCommand({ TableName: 'sessions', Key: { id: { S: 's1' } } }));
    expect(Item).toBeUndefined();
  });

  it('can be put back the way they were', async () => {
    const before = await kuhiro.ns.snapshot('sessions');
    await kuhiro.ns.seed('sessions', [{ id: 's2', user: 'bob' }]);
    await kuhiro.ns.restore('sessions', before);
    expect(await kuhiro.ns.snapshot('sessions')).toEqual(before);
  });
});
