import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateAliasCommand, CreateFunctionUrlConfigCommand, DeleteFunctionUrlConfigCommand, GetFunctionUrlConfigCommand,
  PublishVersionCommand, UpdateFunctionUrlConfigCommand,
} from '@aws-sdk/client-lambda';
import { startLambdaTestServer, TEST_ACCOUNT, type LambdaTestServer } from '../support/lambdaTestServer.js';
import { createFunction } from '../support/functions.js';
import { rejectionOf } from '../support/rejection.js';

const MIRROR = {
  'index.js': `exports.handler = async (event) => ({
    statusCode: 201,
    headers: { 'content-type': 'application/json', 'x-served-by': 'kuhiro' },
    cookies: ['session=abc; Path=/', 'theme=dark'],
    body: JSON.stringify(event),
  });`,
};

describe('function URLs', () => {
  let server: LambdaTestServer;
  beforeAll(async () => {
    server = await startLambdaTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('creates, gets, updates and deletes a URL config', async () => {
    const client = server.client();
    await createFunction(client, 'url-config', MIRROR);
    const created = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-config', AuthType: 'NONE', Cors: { AllowOrigins: ['https://shop.example'] } }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.FunctionUrl).toMatch(new RegExp(`^${server.endpoint}/lambda-url/[a-z0-9]{32}/$`));
    expect(created).toMatchObject({ AuthType: 'NONE', Cors: { AllowOrigins: ['https://shop.example'] }, InvokeMode: 'BUFFERED', FunctionArn: `arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:url-config` });
    const conflict = await rejectionOf(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-config', AuthType: 'NONE' })));
    expect(conflict.name).toBe('ResourceConflictException');

    const got = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'url-config' }));
    expect(got.FunctionUrl).toBe(created.FunctionUrl);
    expect(got.LastModifiedTime).toBeDefined();
    const updated = await client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'url-config', AuthType: 'AWS_IAM' }));
    expect(updated.AuthType).toBe('AWS_IAM');
    expect(updated.Cors).toEqual({ AllowOrigins: ['https://shop.example'] });

    await client.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'url-config' }));
    const missing = await rejectionOf(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'url-config' })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toBe('The resource you requested does not exist.');
    expect((await fetch(created.FunctionUrl!)).status).toBe(404);
  });

  it('sends the payload format 2.0 event and maps the function\'s response', async () => {
    const client = server.client();
    await createFunction(client, 'url-event', MIRROR);
    const { FunctionUrl } = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-event', AuthType: 'NONE' }));
    const urlId = new URL(FunctionUrl!).pathname.split('/')[2];
    const response = await fetch(`${FunctionUrl}orders/42?item=a&item=b&gift=yes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'cart=1; user=ann', 'user-agent': 'kuhiro-test', 'x-custom': 'v' },
      body: JSON.stringify({ qty: 2 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-served-by')).toBe('kuhiro');
    expect(response.headers.getSetCookie()).toEqual(['session=abc; Path=/', 'theme=dark']);
    const event = (await response.json()) as Record<string, any>;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/orders/42',
      rawQueryString: 'item=a&item=b&gift=yes',
      cookies: ['cart=1', 'user=ann'],
      queryStringParameters: { item: 'a,b', gift: 'yes' },
      body: '{"qty":2}',
      isBase64Encoded: false,
      requestContext: {
        accountId: 'anonymous', apiId: urlId, domainPrefix: urlId, routeKey: '$default', stage: '$default',
        http: { method: 'POST', path: '/orders/42', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'kuhiro-test' },
      },
    });
    expect(event.headers).toMatchObject({ 'content-type': 'application/json', 'x-custom': 'v', 'user-agent': 'kuhiro-test' });
    expect(event.headers.cookie).toBeUndefined();
    expect(typeof event.requestContext.timeEpoch).toBe('number');
    expect(event.requestContext.time).toMatch(/^\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);

    const binary = await fetch(FunctionUrl!, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 255]) });
    const binaryEvent = (await binary.json()) as Record<string, any>;
    expect(binaryEvent).toMatchObject({ rawPath: '/', isBase64Encoded: true, body: Buffer.from([0, 1, 2, 255]).toString('base64') });
    expect(binaryEvent.queryStringParameters).toBeUndefined();
  });

  it('turns a plain return value into a 200 JSON body, a base64 body into bytes, and a function error into 502', async () => {
    const client = server.client();
    await createFunction(client, 'url-shapes', {
      'index.js': `exports.handler = async (event) => {
        if (event.rawPath === '/plain') return { hello: 'web' };
        if (event.rawPath === '/binary') return { statusCode: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from([137, 80, 78, 71]).toString('base64'), isBase64Encoded: true };
        throw new Error('broken');
      };`,
    });
    const { FunctionUrl } = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-shapes', AuthType: 'NONE' }));
    const plain = await fetch(`${FunctionUrl}plain`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toContain('application/json');
    expect(await plain.json()).toEqual({ hello: 'web' });
    const binary = await fetch(`${FunctionUrl}binary`);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([137, 80, 78, 71]));
    const broken = await fetch(`${FunctionUrl}broken`);
    expect(broken.status).toBe(502);
    expect(await broken.json()).toEqual({ Message: 'Internal Server Error' });
  });

  it('answers CORS preflight from the stored config and adds CORS headers to responses', async () => {
    const client = server.client();
    await createFunction(client, 'url-cors', MIRROR);
    const { FunctionUrl } = await client.send(new CreateFunctionUrlConfigCommand({
      FunctionName: 'url-cors', AuthType: 'NONE',
      Cors: { AllowOrigins: ['https://shop.example'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['content-type'], MaxAge: 300, ExposeHeaders: ['x-served-by'] },
    }));
    const preflight = await fetch(`${FunctionUrl}cart`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(preflight.headers.get('access-control-max-age')).toBe('300');
    const foreign = await fetch(`${FunctionUrl}cart`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const actual = await fetch(`${FunctionUrl}cart`, { headers: { origin: 'https://shop.example' } });
    expect(actual.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(actual.headers.get('access-control-expose-headers')).toBe('x-served-by');
  });

  it('refuses a body over 6 MB with 413 without invoking the function', async () => {
    const client = server.client();
    await createFunction(client, 'url-big', MIRROR);
    const { FunctionUrl } = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-big', AuthType: 'NONE' }));
    const response = await fetch(FunctionUrl!, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(6 * 1024 * 1024 + 1) });
    expect(response.status).toBe(413);
  });

  it('refuses unsigned requests to an AWS_IAM URL with 403', async () => {
    const client = server.client();
    await createFunction(client, 'url-iam', MIRROR);
    const { FunctionUrl } = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-iam', AuthType: 'AWS_IAM' }));
    const response = await fetch(FunctionUrl!);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ Message: 'Forbidden' });
  });

  it('serves an alias URL from the version the alias points at', async () => {
    const client = server.client();
    await createFunction(client, 'url-alias', { 'index.js': 'exports.handler = async (event, context) => ({ version: context.functionVersion });' });
    await client.send(new PublishVersionCommand({ FunctionName: 'url-alias' }));
    await client.send(new CreateAliasCommand({ FunctionName: 'url-alias', Name: 'prod', FunctionVersion: '1' }));
    const created = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'url-alias', Qualifier: 'prod', AuthType: 'NONE' }));
    expect(created.FunctionArn).toBe(`arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:url-alias:prod`);
    expect(await (await fetch(created.FunctionUrl!)).json()).toEqual({ version: '1' });
  });
});
