import { describe, it, expect } from '@jest/globals';
import { verifySigV4, type Principal, type RequestToVerify, type VerifyOptions } from '@kuhiro/edge-node';
import { signatureFailure } from '../helpers/signatureFailure.js';
import { smithySigner, toSmithyRequest, toWire, type PlainRequest } from '../helpers/smithySigner.js';

/**
 * verifySigV4 remembers what repeats between one client's requests (the derived signing key,
 * a checked credential scope, the parsed SignedHeaders list, the last X-Amz-Date). Each test
 * first lets a good request fill those caches, then sends one that differs in exactly the
 * remembered part: it must still be refused, as without the caches.
 */

const SIGNED_AT = new Date('2026-11-23T10:00:00Z');
const alice: Principal = { tenant: '111111111111', accountId: '111111111111', accessKeyId: 'AKIDCACHE', secretAccessKey: 'cache-secret' };

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return { region: 'us-east-1', service: 'dynamodb', lookup: (id) => (id === alice.accessKeyId ? alice : undefined), now: SIGNED_AT, ...overrides };
}

const query: PlainRequest = {
  method: 'POST',
  path: '/',
  headers: { host: '127.0.0.1:4566', 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.Query' },
  body: '{"TableName":"t","KeyConditionExpression":"pk = :pk","ExpressionAttributeValues":{":pk":{"S":"a"}}}',
};

async function signed(
  signer: { secretAccessKey?: string; region?: string } = {},
  signingDate = SIGNED_AT,
  request: PlainRequest = query,
): Promise<RequestToVerify> {
  const s = smithySigner({ accessKeyId: alice.accessKeyId, secretAccessKey: signer.secretAccessKey ?? alice.secretAccessKey!, region: signer.region ?? 'us-east-1', service: 'dynamodb' });
  return toWire(await s.sign(toSmithyRequest(request), { signingDate }));
}


const MISMATCH = /^The request signature we calculated does not match/;

describe('verifySigV4 after caching a good request', () => {
  it('refuses the same day and scope signed with another secret (the signing key is per secret)', async () => {
    expect(verifySigV4(await signed(), options())).toBe(alice);
    const forged = await signed({ secretAccessKey: 'guessed-secret' });
    expect(signatureFailure(() => verifySigV4(forged, options()))).toMatchObject({ code: 'InvalidSignatureException', message: expect.stringMatching(MISMATCH) });
    // And a node whose account has another secret for the same key id refuses the good request.
    const rotated: Principal = { ...alice, secretAccessKey: 'rotated-secret' };
    const good = await signed();
    expect(signatureFailure(() => verifySigV4(good, options({ lookup: () => rotated }))).message).toMatch(MISMATCH);
  });

  it('refuses a tampered body and a tampered signature of a request whose parts are all cached', async () => {
    const good = await signed();
    expect(verifySigV4(good, options())).toBe(alice);
    const tampered = await signed();
    tampered.body = Buffer.from(query.body!.replace('"a"', '"b"'));
    expect(signatureFailure(() => verifySigV4(tampered, options())).message).toMatch(MISMATCH);
    const badSignature = await signed();
    const authorization = badSignature.headers.get('authorization')![0]!;
    badSignature.headers.set('authorization', [authorization.replace(/Signature=(\w)/, (_, c: string) => `Signature=${c === '0' ? '1' : '0'}`)]);
    expect(signatureFailure(() => verifySigV4(badSignature, options())).message).toMatch(MISMATCH);
  });

  it('refuses a checked credential scope at a node of another region or service', async () => {
    const good = await signed();
    expect(verifySigV4(good, options())).toBe(alice);
    expect(signatureFailure(() => verifySigV4(good, options({ region: 'eu-west-1' }))).message).toBe("Credential should be scoped to a valid region, not 'us-east-1'. ");
    expect(signatureFailure(() => verifySigV4(good, options({ service: 'lambda' }))).message).toBe("Credential should be scoped to correct service: 'lambda'. ");
  });

  it('refuses a replay outside the clock window, after the same date was accepted', async () => {
    const good = await signed();
    expect(verifySigV4(good, options())).toBe(alice);
    const sixteenMinutesLater = new Date(SIGNED_AT.getTime() + 16 * 60_000);
    expect(signatureFailure(() => verifySigV4(good, options({ now: sixteenMinutesLater })))).toMatchObject({
      code: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature expired: 20261123T100000Z is now earlier than/),
    });
  });

  it('refuses a credential dated another day than X-Amz-Date, after that credential was accepted', async () => {
    const good = await signed();
    expect(verifySigV4(good, options())).toBe(alice);
    const shifted = await signed();
    // Same credential (scope date 20261123), X-Amz-Date moved to the next day (and the clock with it).
    shifted.headers.set('x-amz-date', ['20261124T000500Z']);
    const error = signatureFailure(() => verifySigV4(shifted, options({ now: new Date('2026-11-24T00:05:00Z') })));
    expect(error.message).toMatch(/^Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261123' != '20261124'/);
  });

  it('refuses a malformed X-Amz-Date between two good requests', async () => {
    const good = await signed();
    expect(verifySigV4(good, options())).toBe(alice);
    const malformed = await signed();
    malformed.headers.set('x-amz-date', ['2026-11-23T10:00:00Z']);
    expect(signatureFailure(() => verifySigV4(malformed, options())).code).toBe('IncompleteSignatureException');
    expect(verifySigV4(await signed(), options())).toBe(alice);
  });

  it('refuses a request whose SignedHeaders drop Host, after the full list was accepted', async () => {
    const good = await signed();
    expect(verifySigV4(good, options())).toBe(alice);
    const noHost = await signed();
    const authorization = noHost.headers.get('authorization')![0]!;
    noHost.headers.set('authorization', [authorization.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=x-amz-date')]);
    expect(signatureFailure(() => verifySigV4(noHost, options())).message).toBe("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  });
});
