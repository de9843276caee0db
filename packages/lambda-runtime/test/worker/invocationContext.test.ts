import { describe, expect, it } from '@jest/globals';
import { createContext, environmentIdentity } from '../../src/worker/invocationContext.js';

describe('invocation context', () => {
  it('takes the function fields from the environment read once, the request fields from the invocation', () => {
    const identity = environmentIdentity({
      AWS_LAMBDA_FUNCTION_NAME: 'orders', AWS_LAMBDA_FUNCTION_VERSION: '7', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/orders', AWS_LAMBDA_LOG_STREAM_NAME: '2026/11/23/[7]abc',
    });
    const completions: unknown[][] = [];
    const context = createContext(identity, { requestId: 'r-1', deadlineMs: Date.now() + 60_000, invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:orders:7' }, (...args) => completions.push(args));
    expect(context).toMatchObject({
      functionName: 'orders', functionVersion: '7', memoryLimitInMB: '256', logGroupName: '/aws/lambda/orders', logStreamName: '2026/11/23/[7]abc',
      awsRequestId: 'r-1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:orders:7', callbackWaitsForEmptyEventLoop: true,
    });
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(50_000);
    context.succeed({ ok: 1 });
    expect(completions).toEqual([[null, { ok: 1 }]]);
  });

  it("falls back to Lambda's defaults when a variable is missing", () => {
    expect(environmentIdentity({})).toEqual({ functionName: '', functionVersion: '$LATEST', memoryLimitInMB: '128', logGroupName: '', logStreamName: '' });
  });
});
