import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SPOT_PATH, signSpotRequest } from '../../src/spot/spotSignature.js';
import { createTableEverywhere, settle, startSpotNetwork, type SpotNetwork } from './helpers/spotNetwork.js';

/** A replication wait no healthy test reaches, yet shorter than jest's 30 s test timeout. */
const LONG_WAIT_MS = 20_000;
const CONDITION_FAILED = 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException';

describe('SPOT tables (kuhiro:consistency = central)', () => {
  let net: SpotNetwork;

  beforeAll(async () => {
    // Read-your-writes answers wait for replication to bring central's write back; the node's
    // 2 s bound could run out on a loaded CI machine and answer before the edge has it, so
    // these tests wait as long as a test may (the bound itself is tested below).
    net = await startSpotNetwork({ edges: ['eu-1', 'us-1', 'ap-1'], isolatable: ['ap-1'], waitTimeoutMs: LONG_WAIT_MS });
    await createTableEverywhere(net, 'users', [{ Key: 'kuhiro:consistency', Value: 'central' }]);
    await createTableEverywhere(net, 'carts', []);
  });
  afterAll(() => net.close());

  it('lets exactly one of concurrent attribute_not_exists claims from every PoP succeed', async () => {
    for (let round = 0; round < 3; round++) {
      const pops = [net.central, ...net.edges.slice(0, 2)];
      const answers = await Promise.all(
        pops.flatMap((pop) =>
          [0, 1].map((i) =>
            pop.call('PutItem', {
              TableName: 'users',
              Item: { pk: { S: `alice-${round}` }, owner: { S: `${pop.name}-${i}` } },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
        ),
      );
      const winners = answers.filter((answer) => answer.status === 200);
      expect(winners).toHaveLength(1);
      for (const loser of answers.filter((answer) => answer.status !== 200)) {
        expect(loser.status).toBe(400);
        expect(loser.body.__type).toBe(CONDITION_FAILED);
      }
      await settle(net);
      const owners = await Promise.all(
        [net.central, ...net.edges].map(async (pop) => (await pop.call('GetItem', { TableName: 'users', Key: { pk: { S: `alice-${round}` } } })).body.Item?.owner?.S),
      );
      expect(new Set(owners).size).toBe(1);
      expect(owners[0]).toBeDefined();
    }
  });

  it('answers a SPOT write at an edge only once the edge can read it (read-your-writes)', async () => {
    const edge = net.edges[1]!;
    for (let i = 0; i < 5; i++) {
      const put = await edge.call('UpdateItem', {
        TableName: 'users',
        Key: { pk: { S: 'bob' } },
        UpdateExpression: 'SET visits = if_not_exists(visits, :zero) + :one',
        ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' } },
      });
      expect(put.status).toBe(200);
      const read = await edge.call('GetItem', { TableName: 'users', Key: { pk: { S: 'bob' } } });
      expect(read.body.Item.visits).toEqual({ N: String(i + 1) });
    }
    expect(edge.spot.stats().forwarded).toBeGreaterThanOrEqual(5);
  });

  it('answers a retryable error and applies nothing when central is unreachable', async () => {
    const edge = net.edges[2]!;
    net.isolate(edge.name);
    try {
      const put = await edge.call('PutItem', { TableName: 'users', Item: { pk: { S: 'carol' } } });
      // The SDKs retry both. A refused connection gives 503; here the proxy accepts and resets,
      // which could have happened after central applied the write, so it is DynamoDB's 500.
      expect([500, 503]).toContain(put.status);
      expect(['com.amazonaws.dynamodb.v20120810#InternalServerError', 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable']).toContain(put.body.__type);
      const local = await edge.call('GetItem', { TableName: 'users', Key: { pk: { S: 'carol' } } });
      expect(local.body.Item).toBeUndefined();
      // Reads and writes to ordinary tables keep working locally.
      expect((await edge.call('PutItem', { TableName: 'carts', Item: { pk: { S: 'c1' } } })).status).toBe(200);
    } finally {
      net.heal(edge.name);
    }
    await settle(net);
    const atCentral = await net.central.call('GetItem', { TableName: 'users', Key: { pk: { S: 'carol' } } });
    expect(atCentral.body.Item).toBeUndefined();
    const cart = await net.central.call('GetItem', { TableName: 'carts', Key: { pk: { S: 'c1' } } });
    expect(cart.body.Item).toEqual({ pk: { S: 'c1' } });
  });

  it('forwards every SPOT part of TransactWriteItems and BatchWriteItem', async () => {
    const edge = net.edges[0]!;
    const tx = await edge.call('TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: 'users', Item: { pk: { S: 'dave' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: 'carts', Item: { pk: { S: 'dave-cart' } } } },
      ],
    });
    expect(tx.status).toBe(200);
    const again = await net.edges[1]!.call('TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: 'users', Item: { pk: { S: 'dave' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: 'carts', Item: { pk: { S: 'dave-cart-2' } } } },
      ],
    });
    expect(again.body.__type).toBe('com.amazonaws.dynamodb.v20120810#TransactionCanceledException');
    const batch = await edge.call('BatchWriteItem', { RequestItems: { users: [{ PutRequest: { Item: { pk: { S: 'erin' } } } }] } });
    expect(batch.status).toBe(200);
    // Applied at central, and readable at the edge at once.
    expect((await net.central.call('GetItem', { TableName: 'users', Key: { pk: { S: 'erin' } } })).body.Item).toBeDefined();
    expect((await edge.call('GetItem', { TableName: 'users', Key: { pk: { S: 'erin' } } })).body.Item).toBeDefined();
  });

  it('forwards PartiQL writes to a SPOT table', async () => {
    const edge = net.edges[0]!;
    const insert = { Statement: `INSERT INTO "users" VALUE {'pk': 'frank'}` };
    expect((await edge.call('ExecuteStatement', insert)).status).toBe(200);
    const duplicate = await net.edges[1]!.call('ExecuteStatement', insert);
    expect(duplicate.body.__type).toBe('com.amazonaws.dynamodb.v20120810#DuplicateItemException');
    expect((await edge.call('ExecuteStatement', { Statement: `SELECT * FROM "users" WHERE pk = 'frank'` })).body.Items).toEqual([{ pk: { S: 'frank' } }]);
  });

  it('refuses forwarded requests that are not signed with the network secret', async () => {
    const body = JSON.stringify({ kind: 'write', ctx: { tenant: 'dev', accountId: '000000000000', region: 'us-east-1' }, operation: 'PutItem', body: { TableName: 'users', Item: { pk: { S: 'mallory' } } } });
    const forged = await fetch(new URL(SPOT_PATH, net.central.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signSpotRequest('not-the-network-secret!!', 'eu-1', body, Date.now()) },
      body,
    });
    expect(forged.status).toBe(403);
    const unsigned = await fetch(new URL(SPOT_PATH, net.central.url), { method: 'POST', body });
    expect(unsigned.status).toBe(403);
    expect((await net.central.call('GetItem', { TableName: 'users', Key: { pk: { S: 'mallory' } } })).body.Item).toBeUndefined();
  });
});

describe('read your writes across PoPs (x-kuhiro-session)', () => {
  let net: SpotNetwork;

  beforeAll(async () => {
    // B reconnects after the heal with back-off: on a loaded machine that can take longer than
    // the node's default 2 s bound, so this network waits longer (the bound is tested below).
    net = await startSpotNetwork({ edges: ['a', 'b'], isolatable: ['b'], waitTimeoutMs: LONG_WAIT_MS });
    await createTableEverywhere(net, 'notes', []);
  });
  afterAll(() => net.close());

  it('makes a read at B carrying the session of a write at A wait until B has the write', async () => {
    const [a, b] = net.edges as [typeof net.edges[0], typeof net.edges[0]];
    net.isolate(b.name); // B cannot receive A's write until healed
    const write = await a.call('PutItem', { TableName: 'notes', Item: { pk: { S: 'n1' }, text: { S: 'hello' } } });
    expect(write.status).toBe(200);
    const session = write.headers.get('x-kuhiro-session');
    expect(session).toMatch(/(^|,)a=\d+/);

    const plain = await b.call('GetItem', { TableName: 'notes', Key: { pk: { S: 'n1' } } });
    expect(plain.body.Item).toBeUndefined(); // without the header B answers from what it has

    setTimeout(() => net.heal(b.name), 300);
    const withSession = await b.call('GetItem', { TableName: 'notes', Key: { pk: { S: 'n1' } } }, { 'x-kuhiro-session': session! });
    expect(withSession.body.Item).toEqual({ pk: { S: 'n1' }, text: { S: 'hello' } });
    // B's answer carries the session on (A's entry and B's own).
    expect(withSession.headers.get('x-kuhiro-session')).toContain(session!.match(/a=\d+/)![0]);
  });

});

describe('the bounded session wait (default 2 s)', () => {
  let net: SpotNetwork;

  beforeAll(async () => {
    net = await startSpotNetwork({ edges: ['a', 'b'] });
    await createTableEverywhere(net, 'notes', []);
  });
  afterAll(() => net.close());

  it('answers anyway after the bounded wait, and ignores a malformed header', async () => {
    const [, b] = net.edges as [typeof net.edges[0], typeof net.edges[0]];
    const started = Date.now();
    const far = await b.call('GetItem', { TableName: 'notes', Key: { pk: { S: 'nope' } } }, { 'x-kuhiro-session': 'a=999999' });
    expect(far.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const bad = await b.call('GetItem', { TableName: 'notes', Key: { pk: { S: 'nope' } } }, { 'x-kuhiro-session': '%%%,=,x=y' });
    expect(bad.status).toBe(200);
  });
});
