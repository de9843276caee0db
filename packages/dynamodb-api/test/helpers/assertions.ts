import { expect } from '@jest/globals';
export interface Harness {
  call(operation: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
}

export const CONTEXT = { tenant: 'dev', accountId: '000000000000', region: 'us-east-1', requestId: 'req-1' };

/** One-line assertions per error kind, with AWS's exact type and message. */
export function assertions(h: Harness) {
  const expectError = async (op: string, body: unknown, type: string, message: string | undefined, key = 'message') => {
    const res = await h.call(op, body);
    expect(res.body.__type).toBe(type);
    if (message !== undefined) expect(res.body[key]).toBe(message);
    expect(res.status).toBe(400);
    return res;
  };
  return {
    assertValidation: (op: string, body: unknown, message: string) =>
      expectError(op, body, 'com.amazon.coral.validate#ValidationException', message),
    assertSerialization: (op: string, body: unknown, message: string) =>
      expectError(op, body, 'com.amazon.coral.service#SerializationException', message, 'Message'),
    assertNotFound: (op: string, body: unknown, message: string) =>
      expectError(op, body, 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message),
    assertInUse: (op: string, body: unknown, message: string) =>
      expectError(op, body, 'com.amazonaws.dynamodb.v20120810#ResourceInUseException', message),
    assertConditional: (op: string, body: unknown) =>
      expectError(op, body, 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', 'The conditional request failed'),
    /** A call that must succeed; returns its body. */
    ok: async (op: string, body: unknown) => {
      const res = await h.call(op, body);
      if (res.status !== 200) throw new Error(`${op} failed: ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}
