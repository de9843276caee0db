import { describe, expect, it } from '@jest/globals';
import { isTextContentType, urlEvent } from '../../src/urls/urlEvent.js';

const base = {
  method: 'GET', rawPath: '/', rawQueryString: '', headers: { host: 'node:4566' }, body: Buffer.alloc(0),
  sourceIp: '10.0.0.1', urlId: 'abc', requestId: 'req-1', accountId: 'anonymous', timeEpoch: Date.UTC(2020, 2, 12, 19, 3, 58),
};

describe('urlEvent', () => {
  it('leaves out body, cookies and query parameters when the request has none', () => {
    const event = urlEvent(base);
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).toMatchObject({ domainName: 'node:4566', time: '12/Mar/2020:19:03:58 +0000', timeEpoch: base.timeEpoch });
  });

  it('joins repeated query parameters and headers with commas', () => {
    const event = urlEvent({ ...base, rawQueryString: 'a=1&a=2&b=x%20y', headers: { 'x-multi': ['p', 'q'] } });
    expect(event.queryStringParameters).toEqual({ a: '1,2', b: 'x y' });
    expect(event.headers).toEqual({ 'x-multi': 'p,q' });
  });

  it.each([
    ['text/plain; charset=utf-8', true], ['application/json', true], ['application/vnd.api+json', true], ['application/x-www-form-urlencoded', true],
    ['application/octet-stream', false], ['image/png', false], [undefined, false],
  ])('treats %s as text: %s', (contentType, text) => {
    expect(isTextContentType(contentType)).toBe(text);
  });
});
