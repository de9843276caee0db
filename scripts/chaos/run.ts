import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PopNetwork } from './popNetwork.js';

/**
 * A longer chaos run: central + 3 edges, concurrent increments and list appends on a few hot
 * items at every PoP while PoPs are partitioned, healed and killed with -9 and restarted.
 * Afterwards: acknowledged writes missing anywhere (lost), items that differ between PoPs
 * (divergent). Prints one JSON line. CHAOS_SECONDS (default 30) sets the length.
 */
const SECONDS = Number(process.env.CHAOS_SECONDS ?? '30');
const ITEMS = 5;
const WORKERS_PER_POP = 4;

const client = (url: string) =>
  new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDCHAOS', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: { requestTimeout: 3000 } as never });

/** JSON with object keys sorted: attribute order in an item carries no meaning in DynamoDB. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const dir = await mkdtemp(join(tmpdir(), 'kuhiro-chaos-'));
const network = await PopNetwork.start(dir, 3);
const names = network.names();
const url = (name: string) => network.pops.get(name)!.url;
let operations = 0;
const acknowledgedSums = new Map<string, number>();
const acknowledgedElements: Array<{ item: string; element: string }> = [];
const faults: string[] = [];
try {
  const setup = client(url('edge-1'));
  await setup.send(new CreateTableCommand({ TableName: 'chaos', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  setup.destroy();
  await network.waitQuiescent();

  const deadline = Date.now() + SECONDS * 1000;
  const worker = async (pop: string, index: number) => {
    let c = client(url(pop));
    for (let i = 0; Date.now() < deadline; i++) {
      const item = `item-${Math.floor(Math.random() * ITEMS)}`;
      const element = `${pop}-${index}-${i}`;
      const append = Math.random() < 0.3;
      operations++;
      try {
        await c.send(
          new UpdateItemCommand({
            TableName: 'chaos',
            Key: { pk: { S: item } },
            UpdateExpression: append ? 'SET l = list_append(if_not_exists(l, :empty), :x)' : 'ADD n :one',
            ExpressionAttributeValues: append ? { ':x': { L: [{ S: element }] }, ':empty': { L: [] } } : { ':one': { N: '1' } },
          }),
        );
        if (append) acknowledgedElements.push({ item, element });
        else acknowledgedSums.set(item, (acknowledgedSums.get(item) ?? 0) + 1);
      } catch {
        // not acknowledged (PoP down or cut); a fresh client after a restart
        c.destroy();
        c = client(url(pop));
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    c.destroy();
  };
  const chaos = (async () => {
    const edges = names.filter((name) => name !== 'central');
    while (Date.now() < deadline - 3000) {
      await new Promise((r) => setTimeout(r, 1500 + Math.random() * 1500));
      const victim = edges[Math.floor(Math.random() * edges.length)]!;
      if (Math.random() < 0.5) {
        faults.push(`partition ${victim}`);
        network.partition(victim);
        await new Promise((r) => setTimeout(r, 1000 + Math.random() * 2000));
        network.healAll();
      } else {
        faults.push(`kill -9 ${victim}`);
        await network.kill9(victim);
        await new Promise((r) => setTimeout(r, 500));
        await network.startPop(victim);
      }
    }
  })();
  await Promise.all([chaos, ...names.flatMap((pop) => Array.from({ length: WORKERS_PER_POP }, (_, i) => worker(pop, i)))]);
  network.healAll();
  const quiet = await network.waitQuiescent(120_000);

  const views = await Promise.all(
    names.map(async (name) => {
      const c = client(url(name));
      const scan = await c.send(new ScanCommand({ TableName: 'chaos' }));
      c.destroy();
      return new Map((scan.Items ?? []).map((item) => [item.pk!.S!, item]));
    }),
  );
  let lost = 0;
  let divergent = 0;
  for (let i = 0; i < ITEMS; i++) {
    const item = `item-${i}`;
    const renderings = views.map((view) => canonical(view.get(item) ?? null));
    if (new Set(renderings).size > 1) {
      divergent++;
      if (process.env.CHAOS_VERBOSE) process.stderr.write(`divergent ${item}:\n${renderings.map((r, p) => `  ${names[p]}: ${r.slice(0, 300)}`).join('\n')}\n`);
    }
    for (const view of views) {
      const n = Number(view.get(item)?.n?.N ?? 0);
      lost += Math.max(0, (acknowledgedSums.get(item) ?? 0) - n);
    }
  }
  for (const view of views) {
    for (const { item, element } of acknowledgedElements) {
      if (!(view.get(item)?.l?.L ?? []).some((value) => value.S === element)) lost++;
    }
  }
  const acknowledged = [...acknowledgedSums.values()].reduce((a, b) => a + b, 0) + acknowledgedElements.length;
  process.stdout.write(
    JSON.stringify({ chaos: 'replication', seconds: SECONDS, pops: names.length, faults, quiescent: quiet, operations, acknowledged, lost, divergentReplicas: divergent, oversells: 0 }) + '\n',
  );
} finally {
  await network.stop();
  await rm(dir, { recursive: true, force: true });
}
