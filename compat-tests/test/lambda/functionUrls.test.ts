import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { AddPermissionCommand, CreateFunctionUrlConfigCommand, DeleteFunctionUrlConfigCommand, GetFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { expectAwsError } from '@kuhiro/compat-tests';
import { startLambdaTarget, type LambdaTarget } from './lambdaTarget.js';

const SLOW = 300_000;
let t: LambdaTarget;

beforeAll(async () => {
  t = await startLambdaTarget();
}, SLOW);
afterAll(async () => t?.stop(), SLOW);

/** AWS needs a resource policy before a NONE URL answers the public; the edge node stores it (not enforced). */
async function allowPublicUrl(FunctionName: string): Promise<void> {
  await t.lambda.send(new AddPermissionCommand({ FunctionName, StatementId: 'url', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' }));
  await t.lambda.send(new AddPermissionCommand({ FunctionName, StatementId: 'invoke', Action: 'lambda:InvokeFunction', Principal: '*' }));
  // AWS takes a moment to apply a new URL and its policy.
  if (t.target.kind === 'aws') await new Promise((resolve) => setTimeout(resolve, 10_000));
}

describe('function URLs', () => {
  it('serves the 2.0 event and maps the response, and CORS preflight comes from the config', async () => {
    const name = await t.createFunction('url', {
      'index.js': `exports.handler = async (event) => ({ statusCode: 201, headers: { 'x-kind': 'compat' }, cookies: ['a=1'], body: JSON.stringify({
        version: event.version, routeKey: event.routeKey, rawPath: event.rawPath, rawQueryString: event.rawQueryString, cookies: event.cookies,
        query: event.queryStringParameters, method: event.requestContext.http.method, body: event.body, isBase64Encoded: event.isBase64Encoded }) });`,
    });
    const created = await t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: 'NONE', Cors: { AllowOrigins: ['https://shop.example'], AllowMethods: ['POST'] } }));
    expect(created.FunctionUrl).toMatch(/^https?:\/\/.+\/$/);
    expect(created.AuthType).toBe('NONE');
    await allowPublicUrl(name);

    const response = await fetch(`${created.FunctionUrl}cart/items?x=1&x=2`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: 'session=s1' }, body: '{"qty":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-kind')).toBe('compat');
    expect(response.headers.getSetCookie()).toEqual(['a=1']);
    expect(await response.json()).toEqual({
      version: '2.0', routeKey: '$default', rawPath: '/cart/items', rawQueryString: 'x=1&x=2', cookies: ['session=s1'],
      query: { x: '1,2' }, method: 'POST', body: '{"qty":1}', isBase64Encoded: false,
    });
    const preflight = await fetch(`${created.FunctionUrl}cart`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');

    expect((await t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: name }))).FunctionUrl).toBe(created.FunctionUrl);
    await t.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: name }));
    await expectAwsError(t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: name })), 'ResourceNotFoundException', 'The resource you requested does not exist.');
  }, SLOW);

  it('refuses an unsigned request to an AWS_IAM URL with 403', async () => {
    const name = await t.createFunction('url-iam', { 'index.js': 'exports.handler = async () => "secret";' });
    const created = await t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: 'AWS_IAM' }));
    if (t.target.kind === 'aws') await new Promise((resolve) => setTimeout(resolve, 10_000));
    expect((await fetch(created.FunctionUrl!)).status).toBe(403);
  }, SLOW);
});
