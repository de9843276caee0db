import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import {
  CreateAliasCommand, GetAliasCommand, ListAliasesCommand, ListVersionsByFunctionCommand, PublishVersionCommand,
  UpdateAliasCommand, UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { expectAwsError } from '@kuhiro/compat-tests';
import { startLambdaTarget, zipCode, type LambdaTarget } from './lambdaTarget.js';

const SLOW = 300_000;
let t: LambdaTarget;

beforeAll(async () => {
  t = await startLambdaTarget();
}, SLOW);
afterAll(async () => t?.stop(), SLOW);

describe('versions and aliases', () => {
  it('publishes versions, points an alias at them and invokes by qualifier and ARN', async () => {
    const name = await t.createFunction('versions', { 'index.js': 'exports.handler = async (e, c) => ({ tag: "one", version: c.functionVersion });' });
    const arn = `arn:aws:lambda:${t.target.region}:${t.accountId}:function:${name}`;
    const v1 = await t.lambda.send(new PublishVersionCommand({ FunctionName: name }));
    expect(v1.Version).toBe('1');
    expect(v1.FunctionArn).toBe(`${arn}:1`);
    await t.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zipCode({ 'index.js': 'exports.handler = async (e, c) => ({ tag: "two", version: c.functionVersion });' }) }));
    await t.waitUpdated(name);
    expect((await t.lambda.send(new PublishVersionCommand({ FunctionName: name }))).Version).toBe('2');
    const versions = await t.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }));
    expect(versions.Versions?.map((version) => version.Version)).toEqual(['$LATEST', '1', '2']);

    const alias = await t.lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }));
    expect(alias.AliasArn).toBe(`${arn}:live`);
    await expectAwsError(t.lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' })), 'ResourceConflictException');
    const byAlias = await t.invoke({ FunctionName: name, Qualifier: 'live' });
    expect(byAlias.output.ExecutedVersion).toBe('1');
    expect(byAlias.payload).toEqual({ tag: 'one', version: '1' });
    const byArn = await t.invoke({ FunctionName: `${arn}:2` });
    expect(byArn.payload).toEqual({ tag: 'two', version: '2' });

    await t.lambda.send(new UpdateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '2' }));
    expect((await t.lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }))).FunctionVersion).toBe('2');
    expect((await t.lambda.send(new ListAliasesCommand({ FunctionName: name }))).Aliases?.map((a) => a.Name)).toEqual(['live']);
    await expectAwsError(t.invoke({ FunctionName: name, Qualifier: '9' }), 'ResourceNotFoundException', `Function not found: ${arn}:9`);
  }, SLOW);
});
