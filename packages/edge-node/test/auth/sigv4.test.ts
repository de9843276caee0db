import { describe, it, expect } from '@jest/globals';
import { createHash, createHmac } from 'node:crypto';
import {
  headersFromRaw,
  verifySigV4,
  type Principal,
  type RequestToVerify,
  type VerifyOptions,
} from '@kuhiro/edge-node';
import { signatureFailure } from '../helpers/signatureFailure.js';
import { smithySigner, toSmithyRequest, toWire, type PlainRequest } from '../helpers/smithySigner.js';

const KEY = { accessKeyId: 'AKIDALICE', secretAccessKey: 'alice-secret' };
const SIGNED_AT = new Date('2026-11-23T10:00:00Z');

const alice: Principal = { tenant: '111111111111', accountId: '111111111111', ...KEY };

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    region: 'us-east-1',
    service: 'dynamodb',
    lookup: (id) => (id === KEY.accessKeyId ? alice : undefined),
    now: SIGNED_AT,
    ...overrides,
  };
}

const putItem: PlainRequest = {
  method: 'POST',
  path: '/',
  headers: {
    host: '127.0.0.1:4566',
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'DynamoDB_20120810.PutItem',
  },
  body: '{"TableName":"t","Item":{"pk":{"S":"a"}}}',
};

async function signed(
  request: PlainRequest,
  signer: { region?: string; service?: string; secretAccessKey?: string; accessKeyId?: string } = {},
  signingDate = SIGNED_AT,
): Promise<RequestToVerify> {
  const s = smithySigner({
    accessKeyId: signer.accessKeyId ?? KEY.accessKeyId,
    secretAccessKey: signer.secretAccessKey ?? KEY.secretAccessKey,
    region: signer.region ?? 'us-east-1',
    service: signer.service ?? 'dynamodb',
  });
  return toWire(await s.sign(toSmithyRequest(request), { signingDate }));
}


describe('verifySigV4', () => {
  it('accepts a request signed by the AWS SDK signer and returns its principal', async () => {
    expect(verifySigV4(await signed(putItem), options())).toBe(alice);
  });

  it('matches the AWS SigV4 test suite vector get-vanilla', () => {
    const vector: RequestToVerify = {
      method: 'GET',
      url: '/',
      headers: headersFromRaw([
        'Host',
        'example.amazonaws.com',
        'X-Amz-Date',
        '20150830T123600Z',
        'Authorization',
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
      ]),
      body: Buffer.alloc(0),
    };
    const example: Principal = {
      tenant: 't',
      accountId: 't',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    };
    const opts = options({ service: 'service', lookup: () => example, now: new Date('2015-08-30T12:36:00Z') });
    expect(verifySigV4(vector, opts)).toBe(example);
  });

  it('accepts Lambda-style paths with encoded characters and query strings', async () => {
    const request: PlainRequest = {
      method: 'POST',
      path: '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A111111111111%3Afunction%3Amy-fn/invocations',
      query: { Qualifier: '$LATEST', 'odd key': 'a b/c*', Marker: '' },
      headers: { host: '127.0.0.1:4566', 'x-amz-invocation-type': 'RequestResponse' },
      body: '{"hello":"world"}',
    };
    expect(verifySigV4(await signed(request, { service: 'lambda' }), options({ service: 'lambda' }))).toBe(alice);
  });

  it('accepts a presigned URL and refuses it once expired', async () => {
    const signer = smithySigner({ ...KEY, region: 'us-east-1', service: 'lambda' });
    const request = toSmithyRequest({ method: 'GET', path: '/2015-03-31/functions', headers: { host: '127.0.0.1:4566' } });
    const presigned = toWire(await signer.presign(request, { signingDate: SIGNED_AT, expiresIn: 60 }));
    expect(presigned.headers.get('authorization')).toBeUndefined();
    expect(verifySigV4(presigned, options({ service: 'lambda' }))).toBe(alice);
    const late = signatureFailure(() => verifySigV4(presigned, options({ service: 'lambda', now: new Date(SIGNED_AT.getTime() + 61_000) })));
    expect(late.code).toBe('InvalidSignatureException');
    expect(late.message).toMatch(/^Signature expired: 20261123T100100Z is now earlier than 20261123T100101Z/);
  });

  it('refuses a changed body, a wrong secret and a signature of other length', async () => {
    const tampered = await signed(putItem);
    tampered.body = Buffer.from(putItem.body!.replace('"a"', '"b"'));
    const mismatch =
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
    expect(signatureFailure(() => verifySigV4(tampered, options()))).toMatchObject({ code: 'InvalidSignatureException', message: mismatch });

    const wrongSecret = await signed(putItem, { secretAccessKey: 'not-alice' });
    expect(signatureFailure(() => verifySigV4(wrongSecret, options()))).toMatchObject({ code: 'InvalidSignatureException', message: mismatch });

    const short = await signed(putItem);
    short.headers.set('authorization', [short.headers.get('authorization')![0]!.replace(/Signature=\w+/, 'Signature=abc')]);
    expect(signatureFailure(() => verifySigV4(short, options())).message).toBe(mismatch);
  });

  it('refuses a header-signed request whose declared payload hash is not the body hash', async () => {
    const request = await signed({ ...putItem, headers: { ...putItem.headers, 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } });
    expect(signatureFailure(() => verifySigV4(request, options())).code).toBe('InvalidSignatureException');
  });

  it('accepts UNSIGNED-PAYLOAD as the declared payload hash', async () => {
    const request = await signed({ ...putItem, headers: { ...putItem.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    expect(verifySigV4(request, options())).toBe(alice);
  });

  it('answers a request without any signature with MissingAuthenticationTokenException', () => {
    const request: RequestToVerify = { method: 'POST', url: '/', headers: headersFromRaw(['Host', 'x']), body: Buffer.alloc(0) };
    expect(signatureFailure(() => verifySigV4(request, options()))).toMatchObject({
      code: 'MissingAuthenticationTokenException',
      message: 'Request is missing Authentication Token',
    });
  });

  it('answers an unknown access key with UnrecognizedClientException', async () => {
    const request = await signed(putItem, { accessKeyId: 'AKIDMALLORY' });
    expect(signatureFailure(() => verifySigV4(request, options()))).toMatchObject({
      code: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  it("refuses a credential scoped to another region with AWS's wrong-region answer", async () => {
    const request = await signed(putItem, { region: 'eu-west-1' });
    expect(signatureFailure(() => verifySigV4(request, options()))).toMatchObject({
      code: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'eu-west-1'. ",
    });
  });

  it('refuses a credential scoped to another service', async () => {
    const request = await signed(putItem, { service: 'lambda' });
    expect(signatureFailure(() => verifySigV4(request, options())).message).toBe("Credential should be scoped to correct service: 'dynamodb'. ");
  });

  it('refuses requests signed more than 15 minutes away from the node clock, with the times in the message', async () => {
    const old = await signed(putItem, {}, new Date('2026-11-23T09:44:00Z'));
    expect(signatureFailure(() => verifySigV4(old, options()))).toMatchObject({
      code: 'InvalidSignatureException',
      message: 'Signature expired: 20261123T094400Z is now earlier than 20261123T094500Z (20261123T100000Z - 15 min.)',
    });
    const future = await signed(putItem, {}, new Date('2026-11-23T10:16:00Z'));
    expect(signatureFailure(() => verifySigV4(future, options())).message).toBe(
      'Signature not yet current: 20261123T101600Z is still later than 20261123T101500Z (20261123T100000Z + 15 min.)',
    );
    const withinSkew = await signed(putItem, {}, new Date('2026-11-23T09:46:00Z'));
    expect(verifySigV4(withinSkew, options())).toBe(alice);
  });

  it('lists every missing Authorization parameter, as AWS does', () => {
    const authorization = 'AWS4-HMAC-SHA256 Credential=AKIDALICE/20261123/us-east-1/dynamodb/aws4_request';
    const request: RequestToVerify = {
      method: 'POST',
      url: '/',
      headers: headersFromRaw(['Host', 'x', 'Authorization', authorization]),
      body: Buffer.alloc(0),
    };
    expect(signatureFailure(() => verifySigV4(request, options()))).toMatchObject({
      code: 'IncompleteSignatureException',
      message:
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        `Authorization=${authorization}`,
    });
  });

  it('requires Host to be signed', async () => {
    const request = await signed(putItem);
    const auth = request.headers.get('authorization')![0]!;
    request.headers.set('authorization', [auth.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=x-amz-date')]);
    expect(signatureFailure(() => verifySigV4(request, options())).message).toBe("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it('in development mode (no secret) skips the signature but still checks the region', async () => {
    const devPrincipal: Principal = { tenant: '000000000000', accountId: '000000000000', accessKeyId: 'anything', secretAccessKey: undefined };
    const dev = options({ lookup: () => devPrincipal });
    const badSignature = await signed(putItem, { secretAccessKey: 'whatever' });
    expect(verifySigV4(badSignature, dev)).toBe(devPrincipal);
    const otherRegion = await signed(putItem, { region: 'ap-southeast-2' });
    expect(signatureFailure(() => verifySigV4(otherRegion, dev)).message).toBe("Credential should be scoped to a valid region, not 'ap-southeast-2'. ");
  });

  it('verifies a hand-built signature over a repeated header and a dot-segment path', () => {
    // Independent of smithy: the canonical request written out by hand, per the SigV4 spec.
    const amzDate = '20261123T100000Z';
    const canonical = [
      'GET',
      '/a/c%2520d',
      'x=1&y=2',
      'host:h',
      'x-amz-date:' + amzDate,
      'x-multi:a,b c',
      '',
      'host;x-amz-date;x-multi',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ].join('\n');
    const scope = '20261123/us-east-1/dynamodb/aws4_request';
    const hash = (s: string) => createHash('sha256').update(s).digest('hex');
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, hash(canonical)].join('\n');
    let key: Buffer = createHmac('sha256', 'AWS4' + KEY.secretAccessKey).update('20261123').digest();
    for (const part of ['us-east-1', 'dynamodb', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    const signature = createHmac('sha256', key).update(toSign).digest('hex');
    const request: RequestToVerify = {
      method: 'GET',
      url: '/a/./b/../c%20d?y=2&x=1',
      headers: headersFromRaw([
        'Host', 'h',
        'X-Amz-Date', amzDate,
        'X-Multi', 'a',
        'X-Multi', '  b   c ',
        'Authorization', `AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/${scope}, SignedHeaders=host;x-amz-date;x-multi, Signature=${signature}`,
      ]),
      body: Buffer.alloc(0),
    };
    expect(verifySigV4(request, options())).toBe(alice);
  });
});
