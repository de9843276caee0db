import { describe, it, expect } from '@jest/globals';
import { looksLikeDynamoDbJson, toDynamoDbItem } from '@kuhiro/testing';

describe('seed item formats', () => {
  it('takes an item of type descriptors as DynamoDB JSON', () => {
    expect(looksLikeDynamoDbJson({ id: { S: 'a' }, n: { N: '1' }, ok: { BOOL: true }, none: { NULL: true }, l: { L: [] } })).toBe(true);
  });

  it('takes anything else as plain JSON', () => {
    expect(looksLikeDynamoDbJson({ id: 'a' })).toBe(false);
    expect(looksLikeDynamoDbJson({ id: { S: 'a' }, name: 'x' })).toBe(false);
    expect(looksLikeDynamoDbJson({ amount: { N: 5 } })).toBe(false); // N must be a string in DynamoDB JSON
    expect(looksLikeDynamoDbJson({})).toBe(false);
  });

  it('an explicit format wins over the guess', () => {
    expect(toDynamoDbItem({ meta: { S: 'x' } }, 'plain')).toEqual({ meta: { M: { S: { S: 'x' } } } });
    expect(toDynamoDbItem({ meta: { S: 'x' } })).toEqual({ meta: { S: 'x' } });
  });

  it('decodes base64 binaries of DynamoDB JSON to bytes', () => {
    const item = toDynamoDbItem({ b: { B: Buffer.from('hey').toString('base64') }, m: { M: { bs: { BS: [Buffer.from('z').toString('base64')] } } } });
    expect(Buffer.from(item.b!.B!).toString()).toBe('hey');
    expect(Buffer.from(item.m!.M!.bs!.BS![0]!).toString()).toBe('z');
  });

  it('refuses a seed item that is not an object', () => {
    expect(() => toDynamoDbItem([1, 2] as unknown as Record<string, unknown>)).toThrow('a seed item must be an object');
  });
});
