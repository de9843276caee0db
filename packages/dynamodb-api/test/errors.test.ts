import { describe, expect, it } from '@jest/globals';
import {
  ConditionalCheckFailedException,
  InternalServerError,
  ResourceNotFoundException,
  SerializationException,
  toWireError,
  TransactionCanceledException,
  ValidationException,
} from '../src/index.js';

describe('toWireError', () => {
  it('writes each error in its AWS namespace', () => {
    expect(toWireError(new ValidationException('bad'))).toEqual({
      status: 400,
      body: { __type: 'com.amazon.coral.validate#ValidationException', message: 'bad' },
    });
    expect(toWireError(new ResourceNotFoundException()).body).toEqual({
      __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
      message: 'Requested resource not found',
    });
    // Coral's serialization faults capitalize Message.
    expect(toWireError(new SerializationException('x')).body).toEqual({
      __type: 'com.amazon.coral.service#SerializationException',
      Message: 'x',
    });
  });

  it('carries the old item of a failed condition when asked', () => {
    expect(toWireError(new ConditionalCheckFailedException({ pk: { S: 'a' } })).body).toEqual({
      __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
      message: 'The conditional request failed',
      Item: { pk: { S: 'a' } },
    });
  });

  it('lists cancellation reasons of a cancelled transaction', () => {
    const body = toWireError(new TransactionCanceledException([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }])).body;
    expect(body.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]');
    expect(body.CancellationReasons).toHaveLength(2);
  });

  it('hides unknown errors behind a 500 InternalServerError', () => {
    expect(toWireError(new Error('secret detail'))).toEqual({
      status: 500,
      body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' },
    });
    expect(toWireError(new InternalServerError()).status).toBe(500);
  });
});
