import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateAliasCommand, DeleteAliasCommand, DeleteFunctionCommand, GetAliasCommand, GetFunctionCommand,
  GetFunctionConfigurationCommand, ListAliasesCommand, ListFunctionsCommand, ListVersionsByFunctionCommand,
  PublishVersionCommand, UpdateAliasCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2, type CreateFunctionCommandInput,
} from '@aws-sdk/client-lambda';
import { startLambdaTestServer, TEST_ACCOUNT, type LambdaTestServer } from '../support/lambdaTestServer.js';
import { createFunction, invokeJson, TEST_ROLE } from '../support/functions.js';
import { rejectionOf } from '../support/rejection.js';
import { zipCode } from '../support/zipCode.js';

const echo = { 'index.js': 'exports.handler = async (event, context) => ({ version: context.functionVersion, tag: "v1", event });' };
const arn = (name: string, qualifier?: string) => `arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:${name}${qualifier ? `:${qualifier}` : ''}`;

describe('function API', () => {
  let server: LambdaTestServer;
  beforeAll(async () => {
    server = await startLambdaTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('creates a function that is Active at once, so the SDK waiters pass', async () => {
    const client = server.client();
    await createFunction(client, 'api-create', echo, { Timeout: 10, MemorySize: 256, Environment: { Variables: { ALPHA: '1' } }, Description: 'd' });
    await waitUntilFunctionActiveV2({ client, maxWaitTime: 5 }, { FunctionName: 'api-create' });
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-create' }));
    expect(config).toMatchObject({
      FunctionName: 'api-create', FunctionArn: arn('api-create'), Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE,
      Timeout: 10, MemorySize: 256, Environment: { Variables: { ALPHA: '1' } }, Description: 'd', Version: '$LATEST',
      State: 'Active', LastUpdateStatus: 'Successful', PackageType: 'Zip',
    });
    expect(config.CodeSha256).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(config.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  });

  it('refuses a duplicate name with ResourceConflictException (409)', async () => {
    const client = server.client();
    await createFunction(client, 'api-dup', echo);
    const error = await rejectionOf(createFunction(client, 'api-dup', echo));
    expect(error.name).toBe('ResourceConflictException');
    expect(error.$metadata?.httpStatusCode).toBe(409);
    expect(error.message).toBe('Function already exist: api-dup');
  });

  it('answers an unknown function with Lambda\'s ResourceNotFoundException message', async () => {
    const error = await rejectionOf(server.client().send(new GetFunctionCommand({ FunctionName: 'api-missing' })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata?.httpStatusCode).toBe(404);
    expect(error.message).toBe(`Function not found: ${arn('api-missing')}`);
  });

  it.each([
    [{ Runtime: 'nodejs99.x' }, 'ValidationException', "Value 'nodejs99.x' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set"],
    [{ Runtime: 'nodejs16.x' }, 'InvalidParameterValueException', 'The runtime parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda functions.'],
    [{ Runtime: 'python3.12' }, 'InvalidParameterValueException', 'The runtime parameter of python3.12 is not supported by this Kuhiro node.'],
    [{ Timeout: 901 }, 'ValidationException', "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900"],
    [{ Timeout: 0 }, 'ValidationException', "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1"],
    [{ MemorySize: 64 }, 'ValidationException', "Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128"],
    [{ MemorySize: 10241 }, 'ValidationException', "Value '10241' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240"],
    [{ Handler: 'index handler' }, 'ValidationException', "Value 'index handler' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+"],
  ])('refuses bad settings %j', async (settings, errorType, message) => {
    const client = server.client();
    const error = await rejectionOf(createFunction(client, 'api-bad-settings', echo, settings as Partial<CreateFunctionCommandInput>));
    expect(error.name).toBe(errorType);
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toContain(message);
    expect((await rejectionOf(client.send(new GetFunctionCommand({ FunctionName: 'api-bad-settings' })))).name).toBe('ResourceNotFoundException');
  });

  it('refuses a one-letter environment variable name, as Lambda\'s key pattern does', async () => {
    const error = await rejectionOf(createFunction(server.client(), 'api-env-key', echo, { Environment: { Variables: { A: '1' } } }));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("Value 'A' at 'environment.variables' failed to satisfy constraint");
  });

  it('refuses bytes that are not a zip archive', async () => {
    const error = await rejectionOf(createFunction(server.client(), 'api-badzip', {}, { Code: { ZipFile: Buffer.from('not a zip') } }));
    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.message).toBe('Could not unzip uploaded file. Please check your file, then try to upload again.');
  });

  it('gets the function with a downloadable code location', async () => {
    const client = server.client();
    await createFunction(client, 'api-get', echo, { Tags: { team: 'edge' } });
    const got = await client.send(new GetFunctionCommand({ FunctionName: 'api-get' }));
    expect(got.Configuration?.FunctionName).toBe('api-get');
    expect(got.Tags).toEqual({ team: 'edge' });
    expect(got.Code?.RepositoryType).toBe('S3');
    const download = await fetch(got.Code!.Location!);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from(zipCode(echo)));
  });

  it('lists functions page by page with Marker and MaxItems', async () => {
    const client = server.client('tenant-list');
    for (const name of ['list-a', 'list-b', 'list-c']) await createFunction(client, name, echo);
    const first = await client.send(new ListFunctionsCommand({ MaxItems: 2 }));
    expect(first.Functions?.map((fn) => fn.FunctionName)).toEqual(['list-a', 'list-b']);
    expect(first.NextMarker).toBeDefined();
    const second = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: first.NextMarker }));
    expect(second.Functions?.map((fn) => fn.FunctionName)).toEqual(['list-c']);
    expect(second.NextMarker).toBeUndefined();
  });

  it('keeps tenants apart: another key sees none of the functions', async () => {
    await createFunction(server.client('tenant-x'), 'api-tenant', echo);
    const other = server.client('tenant-y');
    expect((await other.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
    expect((await rejectionOf(invokeJson(other, 'api-tenant'))).name).toBe('ResourceNotFoundException');
  });

  it('updates code and configuration; the waiter passes and invocations see the change', async () => {
    const client = server.client();
    await createFunction(client, 'api-update', echo);
    expect((await invokeJson(client, 'api-update')).payload).toMatchObject({ tag: 'v1' });
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'api-update', ZipFile: zipCode({ 'index.js': 'exports.handler = async () => ({ tag: "v2", env: process.env.BETA });' }) }));
    await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 5 }, { FunctionName: 'api-update' });
    expect((await invokeJson(client, 'api-update')).payload).toEqual({ tag: 'v2' });
    const updated = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'api-update', Environment: { Variables: { BETA: 'bee' } }, Timeout: 7 }));
    expect(updated.Timeout).toBe(7);
    expect((await invokeJson(client, 'api-update')).payload).toEqual({ tag: 'v2', env: 'bee' });
  });

  it('refuses an update with a stale RevisionId', async () => {
    const client = server.client();
    await createFunction(client, 'api-revision', echo);
    const error = await rejectionOf(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'api-revision', Timeout: 5, RevisionId: 'stale' })));
    expect(error.name).toBe('PreconditionFailedException');
  });

  it('publishes versions, routes aliases, and invokes by name, ARN, partial ARN and qualifier', async () => {
    const client = server.client();
    await createFunction(client, 'api-versions', echo);
    const v1 = await client.send(new PublishVersionCommand({ FunctionName: 'api-versions' }));
    expect(v1.Version).toBe('1');
    expect(v1.FunctionArn).toBe(arn('api-versions', '1'));
    // Nothing changed since version 1: Lambda returns version 1 again.
    expect((await client.send(new PublishVersionCommand({ FunctionName: 'api-versions' }))).Version).toBe('1');
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'api-versions', ZipFile: zipCode({ 'index.js': 'exports.handler = async (e, c) => ({ version: c.functionVersion, tag: "v2", arn: c.invokedFunctionArn });' }) }));
    const v2 = await client.send(new PublishVersionCommand({ FunctionName: 'api-versions', Description: 'second' }));
    expect(v2.Version).toBe('2');
    const versions = await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'api-versions' }));
    expect(versions.Versions?.map((version) => version.Version)).toEqual(['$LATEST', '1', '2']);

    const alias = await client.send(new CreateAliasCommand({ FunctionName: 'api-versions', Name: 'live', FunctionVersion: '1' }));
    expect(alias.AliasArn).toBe(arn('api-versions', 'live'));
    const conflict = await rejectionOf(client.send(new CreateAliasCommand({ FunctionName: 'api-versions', Name: 'live', FunctionVersion: '1' })));
    expect(conflict.name).toBe('ResourceConflictException');

    const byAlias = await invokeJson(client, 'api-versions', {}, { Qualifier: 'live' });
    expect(byAlias.output.ExecutedVersion).toBe('1');
    expect(byAlias.payload).toMatchObject({ version: '1', tag: 'v1' });
    const byArn = await invokeJson(client, arn('api-versions', '2'));
    expect(byArn.output.ExecutedVersion).toBe('2');
    expect(byArn.payload).toMatchObject({ version: '2', tag: 'v2', arn: arn('api-versions', '2') });
    const byPartialArn = await invokeJson(client, `${TEST_ACCOUNT}:function:api-versions`);
    expect(byPartialArn.output.ExecutedVersion).toBe('$LATEST');

    await client.send(new UpdateAliasCommand({ FunctionName: 'api-versions', Name: 'live', FunctionVersion: '2' }));
    expect((await client.send(new GetAliasCommand({ FunctionName: 'api-versions', Name: 'live' }))).FunctionVersion).toBe('2');
    expect((await invokeJson(client, 'api-versions:live')).output.ExecutedVersion).toBe('2');
    expect((await client.send(new ListAliasesCommand({ FunctionName: 'api-versions' }))).Aliases?.map((a) => a.Name)).toEqual(['live']);

    const missingVersion = await rejectionOf(invokeJson(client, 'api-versions', {}, { Qualifier: '9' }));
    expect(missingVersion.message).toBe(`Function not found: ${arn('api-versions', '9')}`);
    const mismatch = await rejectionOf(invokeJson(client, 'api-versions:live', {}, { Qualifier: '1' }));
    expect(mismatch.name).toBe('InvalidParameterValueException');

    await client.send(new DeleteAliasCommand({ FunctionName: 'api-versions', Name: 'live' }));
    const gone = await rejectionOf(client.send(new GetAliasCommand({ FunctionName: 'api-versions', Name: 'live' })));
    expect(gone.name).toBe('ResourceNotFoundException');
    expect(gone.message).toBe(`Cannot find alias arn: ${arn('api-versions', 'live')}`);
  });

  it('deletes a version, then the function (204); the function is gone afterwards', async () => {
    const client = server.client();
    await createFunction(client, 'api-delete', echo);
    await client.send(new PublishVersionCommand({ FunctionName: 'api-delete' }));
    const latest = await rejectionOf(client.send(new DeleteFunctionCommand({ FunctionName: 'api-delete', Qualifier: '$LATEST' })));
    expect(latest.name).toBe('InvalidParameterValueException');
    const deletedVersion = await client.send(new DeleteFunctionCommand({ FunctionName: 'api-delete', Qualifier: '1' }));
    expect(deletedVersion.$metadata.httpStatusCode).toBe(204);
    expect((await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'api-delete' }))).Versions?.map((v) => v.Version)).toEqual(['$LATEST']);
    const deleted = await client.send(new DeleteFunctionCommand({ FunctionName: 'api-delete' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect((await rejectionOf(invokeJson(client, 'api-delete'))).name).toBe('ResourceNotFoundException');
    // The name is free again.
    await createFunction(client, 'api-delete', echo);
  });

  it('answers a malformed function name with Lambda\'s pattern message', async () => {
    const error = await rejectionOf(server.client().send(new GetFunctionCommand({ FunctionName: 'bad name!' })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("Value 'bad name!' at 'functionName' failed to satisfy constraint");
  });
});
