import {
  CreateFunctionCommand, DeleteFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand,
  waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2,
  type CreateFunctionCommandInput, type InvokeCommandInput, type InvokeCommandOutput, type LambdaClientConfig,
} from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { startTarget, type Target } from '@kuhiro/compat-tests';

/** Lambda's side of the compat target: a client, a role and a name prefix this suite owns. */
export interface LambdaTarget {
  target: Target;
  lambda: LambdaClient;
  /** Every function a suite creates starts with this, so cleanup on AWS touches nothing else. */
  prefix: string;
  role: string;
  accountId: string;
  /** Creates `<prefix><name>` (nodejs20.x, index.handler unless told) and waits until it is Active. */
  createFunction(name: string, files: Record<string, string>, extra?: Partial<CreateFunctionCommandInput>): Promise<string>;
  waitUpdated(functionName: string): Promise<void>;
  invoke(input: InvokeCommandInput): Promise<{ output: InvokeCommandOutput; payload: unknown; log: string }>;
  stop(): Promise<void>;
}

export function zipCode(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}

/**
 * Starts the target (a fresh edge node, or AWS with KUHIRO_TARGET=aws). On AWS a function needs
 * an execution role: KUHIRO_AWS_LAMBDA_ROLE_ARN names it (see compat-tests/README.md).
 */
export async function startLambdaTarget(): Promise<LambdaTarget> {
  const target = await startTarget();
  const config: LambdaClientConfig = { region: target.region };
  if (target.endpoint) {
    config.endpoint = target.endpoint;
    // One attempt on the node: a retried failure would hide a bug behind a later success.
    config.maxAttempts = 1;
  }
  if (target.credentials) config.credentials = target.credentials;
  const lambda = new LambdaClient(config);
  let role: string;
  if (target.kind === 'aws') {
    const fromEnv = process.env.KUHIRO_AWS_LAMBDA_ROLE_ARN;
    if (!fromEnv) throw new Error('KUHIRO_TARGET=aws needs KUHIRO_AWS_LAMBDA_ROLE_ARN, the execution role for test functions');
    role = fromEnv;
  } else {
    role = 'arn:aws:iam::000000000000:role/kuhiro-compat';
  }
  const prefix = target.tablePrefix;
  const accountId = role.split(':')[4]!;
  const waiterConfig = { client: lambda, maxWaitTime: 180, minDelay: 1, maxDelay: 5 };
  return {
    target,
    lambda,
    prefix,
    role,
    accountId,
    async createFunction(name, files, extra = {}) {
      const FunctionName = `${prefix}${name}`;
      await lambda.send(new CreateFunctionCommand({
        FunctionName, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: { ZipFile: zipCode(files) }, ...extra,
      }));
      await waitUntilFunctionActiveV2(waiterConfig, { FunctionName });
      return FunctionName;
    },
    async waitUpdated(FunctionName) {
      await waitUntilFunctionUpdatedV2(waiterConfig, { FunctionName });
    },
    async invoke(input) {
      const output = await lambda.send(new InvokeCommand(input));
      const text = Buffer.from(output.Payload ?? new Uint8Array()).toString('utf8');
      return { output, payload: text === '' ? undefined : JSON.parse(text), log: Buffer.from(output.LogResult ?? '', 'base64').toString('utf8') };
    },
    async stop() {
      try {
        let Marker: string | undefined;
        const mine: string[] = [];
        do {
          const page = await lambda.send(new ListFunctionsCommand({ Marker }));
          for (const fn of page.Functions ?? []) if (fn.FunctionName?.startsWith(prefix)) mine.push(fn.FunctionName);
          Marker = page.NextMarker;
        } while (Marker);
        for (const FunctionName of mine) await lambda.send(new DeleteFunctionCommand({ FunctionName }));
      } finally {
        lambda.destroy();
        await target.stop();
      }
    },
  };
}
