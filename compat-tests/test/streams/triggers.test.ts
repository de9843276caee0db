import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { DeleteItemCommand, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, GetEventSourceMappingCommand, ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand, type CreateEventSourceMappingCommandInput,
} from '@aws-sdk/client-lambda';
import { expectAwsError } from '@kuhiro/compat-tests';
import { startLambdaTarget, type LambdaTarget } from '../lambda/lambdaTarget.js';
import { eventually, keyTable, RECORDING_HANDLER, seen } from './triggerFixtures.js';

const SLOW = 180_000;
let t: LambdaTarget;
let sink: string;

beforeAll(async () => {
  t = await startLambdaTarget();
  sink = (await keyTable(t.target, 'sink')).table;
}, SLOW);
afterAll(async () => t?.stop(), SLOW);

/** A stream table, a recording function writing to LOG_KEY and a mapping between them (waits until Enabled). */
async function trigger(name: string, env: Record<string, string>, mapping: Partial<CreateEventSourceMappingCommandInput> = {}) {
  const { table, streamArn } = await keyTable(t.target, name, 'NEW_AND_OLD_IMAGES');
  const functionName = await t.createFunction(name, { 'index.js': RECORDING_HANDLER }, { Environment: { Variables: { SINK: sink, LOG_KEY: name, ...env } } });
  const created = await t.lambda.send(new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: streamArn!, StartingPosition: 'LATEST', ...mapping }));
  await eventually(async () => (await t.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID! }))).State === 'Enabled', 30_000, 'Enabled');
  return { table, streamArn: streamArn!, functionName, uuid: created.UUID!, created };
}

describe('Lambda triggers on DynamoDB streams', () => {
  it('delivers INSERT, MODIFY and REMOVE in order, and manages the mapping through its lifecycle', async () => {
    const { table, streamArn, functionName, uuid, created } = await trigger('order', {});
    expect(created).toMatchObject({ State: 'Creating', EventSourceArn: streamArn, BatchSize: 100, StartingPosition: 'LATEST', MaximumRetryAttempts: -1 });
    expect(created.FunctionArn).toBe(`arn:aws:lambda:${t.target.region}:${t.accountId}:function:${functionName}`);
    const db = t.target.dynamodb();
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' }, v: { N: '1' } } }));
    await db.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'a' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: '2' } } }));
    await db.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'a' } } }));
    await eventually(async () => (await seen(db, sink, 'order')).length >= 3, 30_000, 'three records');
    const records = await seen(db, sink, 'order');
    expect(records.map((record) => record.name)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(records.every((record) => record.source === streamArn)).toBe(true);

    const listed = await t.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: functionName }));
    expect(listed.EventSourceMappings!.map((mapping) => mapping.UUID)).toEqual([uuid]);
    await expectAwsError(
      t.lambda.send(new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: streamArn, StartingPosition: 'LATEST' })),
      'ResourceConflictException',
    );
    const disabled = await t.lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false, BatchSize: 10 }));
    expect(disabled).toMatchObject({ State: 'Disabling', BatchSize: 10 });
    await eventually(async () => (await t.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State === 'Disabled', 30_000, 'Disabled');
    const deleted = await t.lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
    expect(deleted.State).toBe('Deleting');
    await expectAwsError(t.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid })), 'ResourceNotFoundException', 'The resource you requested does not exist.');
  }, SLOW);

  it('retries a failing batch, then hands it to the OnFailure function and moves on', async () => {
    const onFailure = await t.createFunction('onfailure', { 'index.js': RECORDING_HANDLER }, { Environment: { Variables: { SINK: sink, LOG_KEY: 'failures' } } });
    const { table, streamArn } = await trigger('retry', { FAIL_KEY: 'bad' }, {
      BatchSize: 1, MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: `arn:aws:lambda:${t.target.region}:${t.accountId}:function:${onFailure}` } },
    });
    const db = t.target.dynamodb();
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'bad' } } }));
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'good' } } }));
    await eventually(async () => (await seen(db, sink, 'retry')).some((record) => record.key === 'good'), 30_000, 'the record after the failing one');
    // One attempt plus two retries of the failing record, then the next record.
    expect((await seen(db, sink, 'retry')).map((record) => record.key)).toEqual(['bad', 'bad', 'bad', 'good']);
    await eventually(async () => (await seen(db, sink, 'failures')).length > 0, 30_000, 'the OnFailure invocation');
    const [failure] = await seen(db, sink, 'failures');
    expect(failure).toMatchObject({ name: 'ON_FAILURE', key: 'RetryAttemptsExhausted', source: streamArn });
  }, SLOW);

  it('retries from the first record a handler reports with ReportBatchItemFailures', async () => {
    const { table } = await trigger('partial', { REPORT_ONCE_KEY: 'b' }, { FunctionResponseTypes: ['ReportBatchItemFailures'] });
    const db = t.target.dynamodb();
    // One transaction: the three records reach the stream together and form one batch.
    await db.send(new TransactWriteItemsCommand({ TransactItems: ['a', 'b', 'c'].map((pk) => ({ Put: { TableName: table, Item: { pk: { S: pk } } } })) }));
    await eventually(async () => (await seen(db, sink, 'partial')).length >= 5, 30_000, 'the retried records');
    expect((await seen(db, sink, 'partial')).map((record) => record.key)).toEqual(['a', 'b', 'c', 'b', 'c']);
  }, SLOW);

  it('delivers only the records the filter criteria match', async () => {
    const pattern = { eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: [{ prefix: 'act' }] }, score: { N: [{ numeric: ['>=', 10] }] } } } };
    const { table } = await trigger('filtered', {}, { FilterCriteria: { Filters: [{ Pattern: JSON.stringify(pattern) }] } });
    const db = t.target.dynamodb();
    const put = (pk: string, status: string, score: number) =>
      db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, status: { S: status }, score: { N: String(score) } } }));
    await put('active-high', 'active', 50);
    await put('inactive', 'inactive', 50);
    await put('active-low', 'active', 5);
    await put('active-high', 'activated', 60); // a MODIFY: filtered out by eventName
    await put('activated', 'activated', 10);
    await put('last', 'active', 99);
    await eventually(async () => (await seen(db, sink, 'filtered')).some((record) => record.key === 'last'), 30_000, 'the last matching record');
    expect((await seen(db, sink, 'filtered')).map((record) => record.key)).toEqual(['active-high', 'activated', 'last']);
  }, SLOW);

  it('refuses a mapping for a stream that does not exist and an invalid filter', async () => {
    const functionName = await t.createFunction('refused', { 'index.js': RECORDING_HANDLER });
    const { streamArn } = await keyTable(t.target, 'refused', 'NEW_IMAGE');
    await expectAwsError(
      t.lambda.send(new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: `${streamArn!.slice(0, streamArn!.lastIndexOf('/'))}/2000-01-01T00:00:00.000`, StartingPosition: 'LATEST' })),
      'InvalidParameterValueException',
    );
    await expectAwsError(
      t.lambda.send(new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: streamArn!, StartingPosition: 'LATEST', FilterCriteria: { Filters: [{ Pattern: '{"a": "not-an-array"}' }] } })),
      'InvalidParameterValueException',
    );
    await expectAwsError(
      t.lambda.send(new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: streamArn!, StartingPosition: 'LATEST', BatchSize: 0 })),
      'ValidationException',
    );
  }, SLOW);
});
