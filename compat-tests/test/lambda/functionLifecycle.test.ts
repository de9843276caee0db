import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import {
  DeleteFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand, ListFunctionsCommand,
  UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand, type Runtime,
} from '@aws-sdk/client-lambda';
import { expectAwsError } from '@kuhiro/compat-tests';
import { startLambdaTarget, zipCode, type LambdaTarget } from './lambdaTarget.js';

const SLOW = 300_000;
let t: LambdaTarget;

beforeAll(async () => {
  t = await startLambdaTarget();
}, SLOW);
afterAll(async () => t?.stop(), SLOW);

const arnOf = (name: string) => `arn:aws:lambda:${t.target.region}:${t.accountId}:function:${name}`;

describe('CreateFunction / GetFunction / Update / Delete', () => {
  it('creates a function, reports its configuration and invokes it', async () => {
    const name = await t.createFunction('life', { 'index.js': 'exports.handler = async (event) => ({ got: event });' }, {
      Timeout: 10, MemorySize: 256, Environment: { Variables: { STAGE: 'compat' } }, Description: 'compat',
    });
    const config = await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    expect(config).toMatchObject({
      FunctionName: name, FunctionArn: arnOf(name), Runtime: 'nodejs20.x', Handler: 'index.handler', Role: t.role, Timeout: 10, MemorySize: 256,
      Environment: { Variables: { STAGE: 'compat' } }, Description: 'compat', Version: '$LATEST', State: 'Active', PackageType: 'Zip',
    });
    const { output, payload } = await t.invoke({ FunctionName: name, Payload: Buffer.from('{"n":1}') });
    expect(output.StatusCode).toBe(200);
    expect(output.ExecutedVersion).toBe('$LATEST');
    expect(payload).toEqual({ got: { n: 1 } });
    const listed = await t.lambda.send(new ListFunctionsCommand({}));
    expect(listed.Functions?.map((fn) => fn.FunctionName)).toContain(name);
    const got = await t.lambda.send(new GetFunctionCommand({ FunctionName: name }));
    expect(got.Code?.Location).toMatch(/^https?:\/\//);
  }, SLOW);

  it('refuses a duplicate with ResourceConflictException', async () => {
    const name = await t.createFunction('dup', { 'index.js': 'exports.handler = async () => 1;' });
    const error = await expectAwsError(t.createFunction('dup', { 'index.js': 'exports.handler = async () => 1;' }), 'ResourceConflictException', `Function already exist: ${name}`);
    expect(error.$metadata?.httpStatusCode).toBe(409);
  }, SLOW);

  it('answers a missing function with "Function not found: ARN"', async () => {
    const name = `${t.prefix}missing`;
    await expectAwsError(t.lambda.send(new GetFunctionCommand({ FunctionName: name })), 'ResourceNotFoundException', `Function not found: ${arnOf(name)}`);
  }, SLOW);

  it('refuses out-of-range Timeout and MemorySize with a validation error', async () => {
    await expectAwsError(t.createFunction('bad-timeout', { 'index.js': '' }, { Timeout: 901 }), 'ValidationException', /Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900/);
    await expectAwsError(t.createFunction('bad-memory', { 'index.js': '' }, { MemorySize: 64 }), 'ValidationException', /Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128/);
    await expectAwsError(t.createFunction('bad-runtime', { 'index.js': '' }, { Runtime: 'nodejs16.x' as Runtime }), 'InvalidParameterValueException', /The runtime parameter of nodejs16.x is no longer supported/);
  }, SLOW);

  it('updates code and configuration; invocations see the change', async () => {
    const name = await t.createFunction('update', { 'index.js': 'exports.handler = async () => "v1";' });
    await t.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zipCode({ 'index.js': 'exports.handler = async () => `v2 ${process.env.COLOUR}`;' }) }));
    await t.waitUpdated(name);
    await t.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { COLOUR: 'blue' } } }));
    await t.waitUpdated(name);
    expect((await t.invoke({ FunctionName: name })).payload).toBe('v2 blue');
  }, SLOW);

  it('deletes a function (204); it is gone afterwards', async () => {
    const name = await t.createFunction('delete', { 'index.js': 'exports.handler = async () => 1;' });
    const deleted = await t.lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expectAwsError(t.invoke({ FunctionName: name }), 'ResourceNotFoundException');
  }, SLOW);
});
