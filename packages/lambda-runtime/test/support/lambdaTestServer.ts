import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import express from 'express';
import { createLambdaService, type LambdaService, type LambdaTuning } from '../../src/index.js';

export const TEST_REGION = 'us-east-1';
export const TEST_ACCOUNT = '000000000000';

export interface LambdaTestServer {
  endpoint: string;
  dataDir: string;
  service: LambdaService;
  /** A client whose access key is its tenant (the test server treats keys as tenants). */
  client(tenant?: string): LambdaClient;
  nodeLog: Array<{ level: string; msg: string }>;
  stop(): Promise<void>;
}

/**
 * The routers mounted on an express app on a free loopback port, with a stand-in for the edge
 * node's SigV4 step: the access key id in the Authorization header names the tenant.
 */
export async function startLambdaTestServer(options: { tuning?: Partial<LambdaTuning>; dataDir?: string } = {}): Promise<LambdaTestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'kuhiro-lambda-test-')));
  let endpoint = '';
  const nodeLog: Array<{ level: string; msg: string }> = [];
  const service = await createLambdaService({
    dataDir,
    region: TEST_REGION,
    endpointUrl: () => endpoint,
    credentialsForTenant: (tenant) => ({ accessKeyId: tenant, secretAccessKey: 'secret' }),
    authenticate: async (req) => {
      const tenant = tenantOf(req.headers.authorization);
      if (!tenant) throw new Error('unsigned');
      return { tenant, accountId: TEST_ACCOUNT };
    },
    log: (level, msg) => nodeLog.push({ level, msg }),
    tuning: { asyncRetryDelaysMs: [50, 50], ...options.tuning },
  });
  const app = express();
  app.use(service.urlRouter);
  app.use((req, res, next) => {
    res.locals.kuhiro = { tenant: tenantOf(req.headers.authorization) ?? 'anonymous', accountId: TEST_ACCOUNT, region: TEST_REGION, requestId: randomUUID() };
    next();
  });
  // A stand-in for the node's DynamoDB endpoint: ListTables names the caller's tenant, so a
  // function's SDK call shows where it went and with which credentials.
  app.post('/', (req, res) => {
    if (req.header('x-amz-target') !== 'DynamoDB_20120810.ListTables') {
      res.status(400).json({ __type: 'com.amazonaws.dynamodb.v20120810#ValidationException', message: 'test node: ListTables only' });
      return;
    }
    res.type('application/x-amz-json-1.0').send(JSON.stringify({ TableNames: [`table-of-${res.locals.kuhiro.tenant}`] }));
  });
  app.use(service.apiRouter);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: LambdaClient[] = [];
  return {
    endpoint,
    dataDir,
    service,
    nodeLog,
    client(tenant = 'tenant-a') {
      const client = new LambdaClient({ endpoint, region: TEST_REGION, credentials: { accessKeyId: tenant, secretAccessKey: 'secret' }, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.destroy();
      await service.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function tenantOf(authorization: string | undefined): string | undefined {
  return /Credential=([^/]+)\//.exec(authorization ?? '')?.[1];
}
