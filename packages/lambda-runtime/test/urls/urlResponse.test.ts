import { describe, expect, it } from '@jest/globals';
import { urlResponse } from '../../src/urls/urlResponse.js';

describe('urlResponse', () => {
  it('uses a result with statusCode as the whole response', () => {
    const answer = urlResponse(JSON.stringify({ statusCode: 404, headers: { 'X-A': 'b' }, cookies: ['c=1'], body: 'nope' }));
    expect(answer).toEqual({ statusCode: 404, headers: { 'x-a': 'b' }, cookies: ['c=1'], body: Buffer.from('nope') });
  });

  it('decodes a base64 body', () => {
    expect(urlResponse(JSON.stringify({ statusCode: 200, body: 'AAEC', isBase64Encoded: true })).body).toEqual(Buffer.from([0, 1, 2]));
  });

  it('sends any other JSON result as a 200 application/json body', () => {
    expect(urlResponse('{"ok":true}')).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from('{"ok":true}') });
    expect(urlResponse('[1,2]').body.toString()).toBe('[1,2]');
    expect(urlResponse('"hello"').body.toString()).toBe('hello');
    expect(urlResponse('null').statusCode).toBe(200);
  });
});
