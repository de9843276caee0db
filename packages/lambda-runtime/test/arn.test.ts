import { describe, expect, it } from '@jest/globals';
import { functionArn, parseFunctionArn, parseFunctionReference } from '../src/arn.js';

describe('parseFunctionReference', () => {
  it.each([
    ['my-fn', undefined, { name: 'my-fn' }],
    ['my-fn:live', undefined, { name: 'my-fn', qualifier: 'live' }],
    ['my-fn', '$LATEST', { name: 'my-fn', qualifier: '$LATEST' }],
    ['123456789012:function:my-fn', undefined, { name: 'my-fn', accountId: '123456789012' }],
    ['arn:aws:lambda:eu-west-1:123456789012:function:my-fn:7', undefined, { name: 'my-fn', qualifier: '7', accountId: '123456789012', region: 'eu-west-1' }],
    ['arn:aws:lambda:eu-west-1:123456789012:function:my-fn:7', '7', { name: 'my-fn', qualifier: '7', accountId: '123456789012', region: 'eu-west-1' }],
  ])('reads %s (Qualifier %s)', (raw, qualifier, expected) => {
    expect(parseFunctionReference(raw, qualifier)).toEqual(expected);
  });

  it('refuses a qualifier that contradicts the one in the name', () => {
    expect(() => parseFunctionReference('my-fn:live', '3')).toThrow('The derived qualifier from the function name does not match the specified qualifier.');
  });

  it('refuses a name outside Lambda\'s pattern with a ValidationException', () => {
    expect(() => parseFunctionReference('has space')).toThrow(expect.objectContaining({ errorType: 'ValidationException' }));
    expect(() => parseFunctionReference('')).toThrow(expect.objectContaining({ errorType: 'ValidationException' }));
  });
});

describe('function ARNs', () => {
  it('builds and parses qualified and unqualified ARNs', () => {
    expect(functionArn('us-east-1', '000000000000', 'fn')).toBe('arn:aws:lambda:us-east-1:000000000000:function:fn');
    expect(parseFunctionArn(functionArn('us-east-1', '000000000000', 'fn', 'prod'))).toEqual({ region: 'us-east-1', accountId: '000000000000', name: 'fn', qualifier: 'prod' });
    expect(parseFunctionArn('arn:aws:s3:::bucket')).toBeUndefined();
  });
});
