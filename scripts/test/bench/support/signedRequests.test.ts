import { describe, it, expect } from '@jest/globals';
import { RequestSigner } from '../../../bench/support/signedRequests.js';

describe('RequestSigner', () => {
  it('produces a SigV4-signed DynamoDB JSON request for the endpoint', async () => {
    const signer = new RequestSigner(new URL('http://127.0.0.1:4566'), 'eu-west-1');
    const request = await signer.sign('GetItem', { TableName: 't', Key: { pk: { S: 'a' } } });
    expect(JSON.parse(request.body.toString())).toEqual({ TableName: 't', Key: { pk: { S: 'a' } } });
    expect(request.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(request.headers['host']).toBe('127.0.0.1:4566');
    expect(request.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(request.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAKUHIROBENCH00001\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
  });

  it('signs different bodies differently', async () => {
    const signer = new RequestSigner(new URL('http://127.0.0.1:4566'));
    const one = await signer.sign('GetItem', { TableName: 't', Key: { pk: { S: 'a' } } });
    const two = await signer.sign('GetItem', { TableName: 't', Key: { pk: { S: 'b' } } });
    expect(one.headers['authorization']).not.toBe(two.headers['authorization']);
  });
});
