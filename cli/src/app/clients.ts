import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Target } from './target.js';

/** Called with every SDK command sent (its name, e.g. `CreateTableCommand`), before it is sent. */
export type CallRecorder = (commandName: string, client: 'dynamodb' | 'lambda') => void;

export interface AppClients {
  target: Target;
  dynamodb: DynamoDBClient;
  lambda: LambdaClient;
  destroy(): void;
}

interface MiddlewareStackOwner {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/** Records the command name of every call a client makes (tests assert the exact API calls). */
export function recordCommands(client: DynamoDBClient | LambdaClient, kind: 'dynamodb' | 'lambda', recorder: CallRecorder): void {
  (client as unknown as MiddlewareStackOwner).middlewareStack.add(
    (next, context) => (args) => {
      recorder(context.commandName ?? 'unknown', kind);
      return next(args);
    },
    { step: 'initialize', name: 'kuhiroRecordCommands' },
  );
}

export function createClients(target: Target, recorder?: CallRecorder): AppClients {
  // The SDK warns once per process that its 2027 releases need Node 22; the CLI's output is the
  // plan and the progress, and the project's Node version is the project's decision.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = {
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(target.credentials ? { credentials: target.credentials } : {}),
    // The target decides the endpoint; endpoint_url from a profile or AWS_ENDPOINT_URL_* (which
    // `kuhiro switch` itself writes) must not send "aws" traffic to the edge or the reverse.
    ignoreConfiguredEndpointUrls: true,
    maxAttempts: 5,
  };
  const dynamodb = new DynamoDBClient(config);
  const lambda = new LambdaClient(config);
  // The SDK's logger middleware runs every input and output through its sensitive-data filter
  // even with its default no-op logger: a copy of 20k items spent 22 % of the CLI's CPU there.
  // The CLI logs no SDK calls, so the middleware goes.
  dynamodb.middlewareStack.remove('loggerMiddleware');
  lambda.middlewareStack.remove('loggerMiddleware');
  if (recorder) {
    recordCommands(dynamodb, 'dynamodb', recorder);
    recordCommands(lambda, 'lambda', recorder);
  }
  return {
    target, dynamodb, lambda,
    destroy: () => {
      dynamodb.destroy();
      lambda.destroy();
    },
  };
}
