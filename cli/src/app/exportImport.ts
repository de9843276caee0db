import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { putItems, BATCH_SIZE } from './batchWriter.js';
import { itemToLine, lineToItem } from './dynamoJsonLines.js';
import { scanAll, type Item } from './parallelScan.js';
import { isErrorNamed } from './planItem.js';
import type { ProgressSink } from './progressBar.js';

async function itemCount(client: DynamoDBClient, table: string, endpoint: string): Promise<number> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: table }))).Table?.ItemCount ?? 0;
  } catch (err) {
    if (isErrorNamed(err, 'ResourceNotFoundException')) throw new Error(`table ${table} does not exist at ${endpoint}`);
    throw err;
  }
}

/** Writes every item of a table as DynamoDB JSON lines; returns the number of items. */
export async function exportTable(client: DynamoDBClient, table: string, endpoint: string, outFile: string | undefined, progress: ProgressSink): Promise<number> {
  const total = await itemCount(client, table, endpoint);
  const out: Writable = outFile ? createWriteStream(outFile) : process.stdout;
  let count = 0;
  progress.start(table, total);
  try {
    await scanAll(client, table, async (items) => {
      const text = items.map((item) => itemToLine(item) + '\n').join('');
      if (text && !out.write(text)) await once(out, 'drain');
      count += items.length;
      progress.increment(items.length);
    });
  } finally {
    progress.stop();
    if (outFile) {
      out.end();
      await once(out, 'close');
    }
  }
  return count;
}

/** Lines in a file, read once up front so the import's progress bar has a total and an ETA. */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) for (const byte of chunk) if (byte === 10) lines++;
  return lines;
}

/** Puts every item of a DynamoDB JSON lines file (optionally .gz) into a table; returns the number of items. */
export async function importTable(client: DynamoDBClient, table: string, endpoint: string, file: string, progress: ProgressSink): Promise<number> {
  await itemCount(client, table, endpoint);
  // Counted before the reader below exists: readline starts reading at once, and lines it
  // emits before the loop awaits them are lost.
  const total = file.endsWith('.gz') ? 0 : await countLines(file);
  const input = file.endsWith('.gz') ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  // Four batches in flight, as the copy's four scan segments: enough to hide the round trip.
  const inFlight = new Set<Promise<void>>();
  let batch: Item[] = [];
  let count = 0;
  let lineNumber = 0;
  progress.start(table, total);
  let failure: unknown;
  const flush = async () => {
    const items = batch;
    batch = [];
    const write: Promise<void> = putItems(client, table, items)
      .then(() => progress.increment(items.length))
      .catch((err: unknown) => {
        failure ??= err;
      })
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
    if (inFlight.size >= 4) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      batch.push(lineToItem(line, lineNumber));
      count++;
      if (batch.length === BATCH_SIZE) await flush();
    }
    if (batch.length) await flush();
    await Promise.all(inFlight);
    if (failure) throw failure;
  } finally {
    progress.stop();
  }
  return count;
}
