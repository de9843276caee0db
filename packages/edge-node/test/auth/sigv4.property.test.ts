import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { verifySigV4, type Principal } from '@kuhiro/edge-node';
import { smithySigner, toSmithyRequest, toWire } from '../helpers/smithySigner.js';

const KEY = { accessKeyId: 'AKIDPROP', secretAccessKey: 'prop-secret' };
const principal: Principal = { tenant: '123456789012', accountId: '123456789012', ...KEY };
const SIGNED_AT = new Date('2026-11-23T10:00:00Z');

// Raw strings with the characters canonicalization gets wrong: reserved, unicode, spaces, '~', '%', '*'.
const awkward = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '_', '.', '~', ' ', '/', '%', '*', '+', '=', '&', ':', '$', 'é', '日', '😀'), maxLength: 12 });
const printable = fc.string({ unit: fc.constantFrom('a', 'B', '1', ' ', '  ', '\t', ',', ';', ':', '"', '='), maxLength: 16 });

describe('verifySigV4 against the AWS SDK signer (property)', () => {
  it('accepts whatever the SDK signs: any path segments, query and header values', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(awkward.filter((s) => s !== '' && s !== '.' && s !== '..'), { maxLength: 4 }),
        fc.dictionary(awkward.filter((k) => k !== '' && !k.startsWith('X-Amz')), awkward, { maxKeys: 4 }),
        fc.dictionary(fc.stringMatching(/^x-test-[a-z]{1,6}$/), printable.map((v) => `v${v}v`), { maxKeys: 3 }),
        fc.string({ maxLength: 64 }),
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        async (segments, query, headers, body, method) => {
          // On the wire each path segment is percent-encoded once, as the Lambda client does.
          const path = '/' + segments.map((s) => encodeURIComponent(s)).join('/');
          const signer = smithySigner({ ...KEY, region: 'us-east-1', service: 'lambda' });
          const signed = await signer.sign(
            toSmithyRequest({ method, path, query, headers: { host: '127.0.0.1:4566', ...headers }, body }),
            { signingDate: SIGNED_AT },
          );
          const wire = toWire(signed);
          const result = verifySigV4(wire, { region: 'us-east-1', service: 'lambda', lookup: () => principal, now: SIGNED_AT });
          expect(result).toBe(principal);
        },
      ),
      { numRuns: 300 },
    );
  });
});
