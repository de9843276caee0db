import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { createClients, type CallRecorder } from './clients.js';
import type { Target } from './target.js';

/** The account field of any ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:...`). */
const ARN_ACCOUNT = /\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

/** Any valid name: whether or not such a function exists, the answer carries an ARN. */
const PROBE_FUNCTION = 'kuhiro-account-probe';

/** The account in an answer or an error, or undefined when it names no ARN. */
export function accountInText(text: string | undefined): string | undefined {
  return text ? ARN_ACCOUNT.exec(text)?.[1] : undefined;
}

/**
 * The account id of the caller on a target, for `AWS::AccountId` and the ARNs in a template.
 *
 * One Lambda GetFunction, whose answer names the account either way: a function that exists
 * comes back with its FunctionArn, and one that does not with Lambda's
 * `Function not found: arn:aws:lambda:REGION:ACCOUNT:function:NAME` (AccessDenied names the
 * account too). Chosen over STS GetCallerIdentity because it needs no new SDK client, no
 * permission that `kuhiro deploy` does not already need (lambda:GetFunction), and works the
 * same on AWS, on an edge node (which reports the account of the caller's tenant, 000000000000
 * in development mode) and on a node that stands in for AWS, which speaks no STS.
 */
export async function callerAccountId(target: Target, recorder?: CallRecorder): Promise<string> {
  const clients = createClients(target, recorder);
  try {
    const answer = await clients.lambda.send(new GetFunctionCommand({ FunctionName: PROBE_FUNCTION }));
    const account = accountInText(answer.Configuration?.FunctionArn);
    if (account) return account;
    throw new Error(`GetFunction answered without an ARN: ${JSON.stringify(answer.Configuration ?? {})}`);
  } catch (err) {
    const account = accountInText((err as Error).message);
    if (account) return account;
    throw new Error(`cannot tell the account id of ${target.name} (needed for the template's ARNs / AWS::AccountId): ${(err as Error).message}`);
  } finally {
    clients.destroy();
  }
}
