import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Goal } from './goals.js';

/**
 * The bounded-counter phase of the replication benchmark (issue 6: "at least 95% of
 * decrements local with zero oversells"). One item with STOCK units in a table tagged
 * `kuhiro:bounded` = `stock:min=0`; BUYERS_PER_EDGE buyers at every edge buy one unit at a
 * time with the purchase idiom until they are refused for a while (sold out).
 *
 * Where each sale was served comes from the node's own answer: every answer carries
 * `x-kuhiro-session`, and an edge adds central's entry to it only when central executed the
 * write (a forwarded decrement); a decrement served from local escrow names only the edge.
 * Central's escrow ledger (`escrow-ledger.json`, per-holder cumulative `consumedSeen`) is
 * read as a cross-check once the edges have reported their consumption.
 */

const TABLE = 'bench-bounded';
const STOCK = 2_000;
const BUYERS_PER_EDGE = 8;
/** Refusals can be momentary (escrow parked at another PoP returns after ~2 s idle): a buyer gives up only after this long refused. */
const GIVE_UP_AFTER_REFUSED_MS = 4_000;
const RETRY_REFUSED_MS = 250;
const PHASE_DEADLINE_MS = 45_000;
const SESSION_HEADER = 'x-kuhiro-session';

export interface BoundedCounterResult {
  initialStock: number;
  buyers: number;
  sold: number;
  oversold: number;
  servedLocally: number;
  forwardedToCentral: number;
  localFraction: number;
  refusals: number;
  errors: number;
  finalStockAtEveryPop: number[];
  expectedFinalStock: number;
  ledgerConsumedSeenAtCentral: number | null;
  phaseSeconds: number;
}

export interface BoundedCounterPhaseInput {
  /** central first, then the edges (the order of `urls` in replication.ts). */
  centralUrl: string;
  edgeUrls: string[];
  centralDataDir: string;
  quiescent(urls: string[]): Promise<void>;
}

interface BuyerTally { sold: number; local: number; forwarded: number; refusals: number; errors: number }

function sdkClient(url: string): DynamoDBClient {
  // One attempt: an SDK retry of a forwarded write whose answer was cut could sell twice
  // without our knowing; failures are counted instead.
  return new DynamoDBClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'x' } });
}

/** A client that remembers the `x-kuhiro-session` header of its last answer (one buyer, one request at a time). */
function buyerClient(url: string): { client: DynamoDBClient; lastSession: () => string } {
  const client = sdkClient(url);
  let session = '';
  client.middlewareStack.add(
    (next) => async (args) => {
      session = '';
      const out = await next(args);
      const response = out.response as { headers?: Record<string, string> };
      session = response.headers?.[SESSION_HEADER] ?? '';
      return out;
    },
    { step: 'deserialize', name: 'kuhiroSessionHeader' },
  );
  return { client, lastSession: () => session };
}

function namesCentral(session: string): boolean {
  return session.split(',').some((part) => part.startsWith('central='));
}

async function buyUntilSoldOut(url: string, deadline: number): Promise<BuyerTally> {
  const tally: BuyerTally = { sold: 0, local: 0, forwarded: 0, refusals: 0, errors: 0 };
  const { client, lastSession } = buyerClient(url);
  let refusedSince: number | undefined;
  try {
    while (Date.now() < deadline) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: TABLE,
            Key: { pk: { S: 'sku' } },
            UpdateExpression: 'SET stock = stock - :q',
            ConditionExpression: 'stock >= :q',
            ExpressionAttributeValues: { ':q': { N: '1' } },
          }),
        );
        tally.sold += 1;
        if (namesCentral(lastSession())) tally.forwarded += 1;
        else tally.local += 1;
        refusedSince = undefined;
      } catch (err) {
        if ((err as Error).name === 'ConditionalCheckFailedException') tally.refusals += 1;
        else tally.errors += 1;
        refusedSince ??= Date.now();
        if (Date.now() - refusedSince >= GIVE_UP_AFTER_REFUSED_MS) break;
        await new Promise((r) => setTimeout(r, RETRY_REFUSED_MS));
      }
    }
  } finally {
    client.destroy();
  }
  return tally;
}

async function tableEverywhere(urls: string[]): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const views = await Promise.all(urls.map(async (url) => (await (await fetch(`${url}/_kuhiro/network`)).json()) as { tables: Record<string, string[]> }));
    if (views.every((view) => Object.values(view.tables).some((names) => names.includes(TABLE)))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${TABLE} did not reach every PoP`);
}

/** Sum of `consumedSeen` over every holder of every counter in central's ledger (null if unreadable). */
async function ledgerConsumedSeen(centralDataDir: string): Promise<number | null> {
  try {
    const ledger = JSON.parse(await readFile(join(centralDataDir, 'escrow-ledger.json'), 'utf8')) as Record<string, Record<string, { consumedSeen: number }>>;
    return Object.values(ledger).reduce((sum, holders) => sum + Object.values(holders).reduce((s, h) => s + h.consumedSeen, 0), 0);
  } catch {
    return null;
  }
}

export async function runBoundedCounterPhase(input: BoundedCounterPhaseInput): Promise<{ result: BoundedCounterResult; goals: Goal[] }> {
  const urls = [input.centralUrl, ...input.edgeUrls];
  const setup = sdkClient(input.edgeUrls[0]!);
  await setup.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      Tags: [{ Key: 'kuhiro:bounded', Value: 'stock:min=0' }],
    }),
  );
  await tableEverywhere(urls);
  await setup.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'sku' }, stock: { N: String(STOCK) } } }));
  setup.destroy();
  await input.quiescent(urls);

  const started = performance.now();
  const deadline = Date.now() + PHASE_DEADLINE_MS;
  const tallies = await Promise.all(input.edgeUrls.flatMap((url) => Array.from({ length: BUYERS_PER_EDGE }, () => buyUntilSoldOut(url, deadline))));
  const phaseSeconds = (performance.now() - started) / 1000;
  const total = tallies.reduce((sum, t) => ({ sold: sum.sold + t.sold, local: sum.local + t.local, forwarded: sum.forwarded + t.forwarded, refusals: sum.refusals + t.refusals, errors: sum.errors + t.errors }));

  await input.quiescent(urls);
  const finalStockAtEveryPop = await Promise.all(
    urls.map(async (url) => {
      const c = sdkClient(url);
      try {
        const item = await c.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'sku' } }, ConsistentRead: true }));
        return Number(item.Item?.stock?.N);
      } finally {
        c.destroy();
      }
    }),
  );
  // Edges report consumption in the background; give the ledger a few seconds to catch up.
  let ledger = await ledgerConsumedSeen(input.centralDataDir);
  for (let i = 0; i < 50 && ledger !== total.local; i++) {
    await new Promise((r) => setTimeout(r, 100));
    ledger = await ledgerConsumedSeen(input.centralDataDir);
  }

  const oversold = Math.max(0, total.sold - STOCK);
  const expectedFinalStock = STOCK - total.sold;
  const localFraction = total.sold > 0 ? total.local / total.sold : 0;
  const result: BoundedCounterResult = {
    initialStock: STOCK,
    buyers: tallies.length,
    sold: total.sold,
    oversold,
    servedLocally: total.local,
    forwardedToCentral: total.forwarded,
    localFraction: Number(localFraction.toFixed(4)),
    refusals: total.refusals,
    errors: total.errors,
    finalStockAtEveryPop,
    expectedFinalStock,
    ledgerConsumedSeenAtCentral: ledger,
    phaseSeconds: Number(phaseSeconds.toFixed(1)),
  };
  const goals: Goal[] = [
    { name: 'bounded-counter decrements served locally at the edges', target: '>= 95%', measured: `${(localFraction * 100).toFixed(1)}% (${total.local} of ${total.sold}; ${total.forwarded} via central)`, met: localFraction >= 0.95 },
    { name: 'bounded-counter oversells', target: '0', measured: String(oversold), met: total.sold > 0 && oversold === 0 },
    {
      name: 'bounded-counter final stock identical everywhere and = stock - sold',
      target: String(expectedFinalStock),
      measured: finalStockAtEveryPop.join(','),
      met: finalStockAtEveryPop.every((n) => n === expectedFinalStock),
    },
  ];
  return { result, goals };
}
