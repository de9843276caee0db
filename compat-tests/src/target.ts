import { randomBytes } from 'node:crypto';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { startEdgeNodeProcess, type EdgeNodeProcess } from './edgeNodeProcess.js';
import { deleteTablesWithPrefix } from './tables.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface Target {
  kind: 'edge' | 'aws';
  /** Set for the edge node; undefined for AWS (the SDK picks the regional endpoint). */
  endpoint?: string;
  region: string;
  /** Set for the edge node; undefined for AWS (the SDK's default provider chain is used). */
  credentials?: Credentials;
  /** Every table a suite creates starts with this, so cleanup on AWS touches nothing else. */
  tablePrefix: string;
  /** A client for this target; pass credentials to act as another key (tenant tests). */
  dynamodb(credentials?: Credentials): DynamoDBClient;
  stop(): Promise<void>;
}

export interface StartTargetOptions {
  credentialsFile?: string;
  region?: string;
}

/** Development-mode key: a node without a credentials file accepts any key (DESIGN.md). */
export const DEV_CREDENTIALS: Credentials = { accessKeyId: 'AKIAKUHIROCOMPAT0001', secretAccessKey: 'kuhiro-compat-secret' };

export function targetKind(): 'edge' | 'aws' {
  const kind = process.env.KUHIRO_TARGET ?? 'edge';
  if (kind !== 'edge' && kind !== 'aws') throw new Error(`KUHIRO_TARGET must be edge or aws, not ${kind}`);
  return kind;
}

/** Starts what the suite runs against: a fresh edge node (default) or real AWS (KUHIRO_TARGET=aws). */
export async function startTarget(options: StartTargetOptions = {}): Promise<Target> {
  return targetKind() === 'aws' ? startAwsTarget() : startEdgeTarget(options);
}

async function startEdgeTarget(options: StartTargetOptions): Promise<Target> {
  const region = options.region ?? 'us-east-1';
  const tablePrefix = `compat-${randomBytes(3).toString('hex')}-`;
  // KUHIRO_ENDPOINT: run against a node someone already started (e.g. `npm start`); the suite then
  // deletes its own tables instead of the whole node. A credentials file needs a node of our own.
  const existing = options.credentialsFile ? undefined : process.env.KUHIRO_ENDPOINT;
  const node: EdgeNodeProcess | undefined = existing ? undefined : await startEdgeNodeProcess({ ...options, region });
  const endpoint = existing ?? node!.endpoint;
  const clients: DynamoDBClient[] = [];
  const makeClient = (credentials: Credentials = DEV_CREDENTIALS): DynamoDBClient => {
    // One attempt: a retried 500 would hide a node bug behind a later success.
    const client = new DynamoDBClient({ endpoint, region, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  return {
    kind: 'edge',
    endpoint,
    region,
    credentials: DEV_CREDENTIALS,
    tablePrefix,
    dynamodb: makeClient,
    async stop() {
      try {
        if (existing) await deleteTablesWithPrefix(makeClient(), tablePrefix);
      } finally {
        for (const client of clients) client.destroy();
        await node?.stop();
      }
    },
  };
}

async function startAwsTarget(): Promise<Target> {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('KUHIRO_TARGET=aws needs AWS_REGION (credentials come from the default provider chain)');
  const tablePrefix = `kuhiro-compat-${randomBytes(4).toString('hex')}-`;
  const clients: DynamoDBClient[] = [];
  const makeClient = (credentials?: Credentials): DynamoDBClient => {
    const config: DynamoDBClientConfig = { region };
    if (credentials) config.credentials = credentials;
    const client = new DynamoDBClient(config);
    clients.push(client);
    return client;
  };
  return {
    kind: 'aws',
    region,
    tablePrefix,
    dynamodb: makeClient,
    async stop() {
      try {
        await deleteTablesWithPrefix(makeClient(), tablePrefix);
      } finally {
        for (const client of clients) client.destroy();
      }
    },
  };
}
