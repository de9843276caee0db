import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Router } from 'express';
import { createApiRouter } from './api/apiRouter.js';
import { EventSourceMappings } from './eventSources/eventSourceMappings.js';
import type { MappingState } from './eventSources/mappingTypes.js';
import type { StreamSource } from './eventSources/streamSource.js';
import { AsyncInvocations } from './invocation/asyncInvocations.js';
import { ChildProcessExecutor } from './invocation/childProcessExecutor.js';
import type { Executor } from './invocation/executor.js';
import { InvocationService } from './invocation/invocationService.js';
import { locateSdk } from './invocation/sdkLocation.js';
import { mirrorSdk } from './invocation/sdkMirror.js';
import { DEFAULT_TUNING, type LambdaTuning } from './invocation/tuning.js';
import { FunctionLogs, type LogLine } from './logs/functionLogs.js';
import { CodeStore } from './registry/codeStore.js';
import { FunctionRegistry } from './registry/functionRegistry.js';
import { StateFile } from './registry/stateFile.js';
import type { FunctionState } from './registry/types.js';
import { CodeLinks } from './urls/codeLinks.js';
import { UrlIndex } from './urls/urlIndex.js';
import { createUrlRouter } from './urls/urlRouter.js';

export interface LambdaServiceOptions {
  /** Code packages + function state, persisted across restarts. */
  dataDir: string;
  region: string;
  /** This node's base URL (known after listen), for workers' AWS_ENDPOINT_URL and FunctionUrl. */
  endpointUrl: () => string;
  credentialsForTenant: (tenant: string) => { accessKeyId: string; secretAccessKey: string };
  /** SigV4 check for AuthType AWS_IAM function URLs. */
  authenticate: (req: IncomingMessage, body: Buffer) => Promise<{ tenant: string; accountId: string }>;
  log: (level: 'error' | 'warn' | 'info' | 'debug', msg: string, meta?: object) => void;
  now?: () => number;
  /** Engine knobs (idle reaping, concurrency cap, async retry delays); Lambda's behaviour by default. */
  tuning?: Partial<LambdaTuning>;
  /** How environments run; child processes under Node's permission model by default. */
  executor?: Executor;
  /** The node's DynamoDB streams, for event source mappings (triggers). */
  streamSource?: StreamSource;
}

export interface LambdaService {
  /** The Lambda REST API; expects `res.locals.kuhiro = { tenant, accountId, region, requestId }`. */
  apiRouter: Router;
  /** Function URLs (`/lambda-url/{urlId}/...`) and code download links (`/lambda-url/_code/{token}`). */
  urlRouter: Router;
  /** The recent log lines of one function (console output and START/END/REPORT), oldest first. */
  tailLogs(tenant: string, functionName: string, options?: { sinceMs?: number; limit?: number }): LogLine[];
  /** Stops all workers. */
  close(): Promise<void>;
}

export async function createLambdaService(options: LambdaServiceOptions): Promise<LambdaService> {
  const now = options.now ?? Date.now;
  const tuning: LambdaTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const root = path.resolve(options.dataDir);
  const sdk = locateSdk();
  // Code packages live below the SDK mirror's parent, so ESM imports of '@aws-sdk/*' resolve by walking up.
  const sdkNodeModules = sdk ? path.join(root, 'runtime', 'node_modules') : undefined;
  if (sdk && sdkNodeModules) await mirrorSdk(sdk, sdkNodeModules);
  else options.log('warn', 'no @aws-sdk packages found: function code must bundle its own AWS SDK');

  // Environments' /tmp folders of a previous run (a crash skips their cleanup) go at start.
  const tmpRoot = path.join(root, 'runtime', 'tmp');
  await rm(tmpRoot, { recursive: true, force: true });
  await mkdir(tmpRoot, { recursive: true });

  const registry = new FunctionRegistry(options.region, new StateFile<FunctionState[]>(path.join(root, 'functions.json')), now);
  await registry.load();
  const codeStore = new CodeStore(path.join(root, 'runtime', 'functions'));
  const logs = new FunctionLogs(tuning.logCharsPerFunction, now);
  const invocations = new InvocationService({
    registry, codeStore, executor: options.executor ?? new ChildProcessExecutor(), logs, tuning, region: options.region,
    endpointUrl: options.endpointUrl, credentialsForTenant: options.credentialsForTenant, sdkNodeModules, tmpRoot, log: options.log, now,
  });
  const asyncInvocations = new AsyncInvocations(invocations, tuning.asyncRetryDelaysMs, options.log, now);
  const urls = UrlIndex.fromRegistry(registry);
  const eventSourceMappings = new EventSourceMappings({
    registry, invocations, asyncInvocations, region: options.region, source: options.streamSource, log: options.log, now, endpointUrl: options.endpointUrl,
    file: new StateFile<MappingState[]>(path.join(root, 'event-source-mappings.json')),
  });
  await eventSourceMappings.load();
  const codeLinks = new CodeLinks();

  const apiRouter = createApiRouter(
    {
      registry, codeStore, invocations, asyncInvocations, urls, endpointUrl: options.endpointUrl, maxConcurrentInvocations: tuning.maxConcurrentInvocations,
      eventSourceMappings,
      codeLocation: (tenant, functionName, sha256Hex) =>
        codeLinks.link(options.endpointUrl(), codeStore.zipPath(tenant, functionName, { sha256Hex, codeSha256: '', codeSize: 0 })),
    },
    options.log,
  );
  const urlRouter = createUrlRouter({ registry, urls, invocations, codeLinks, authenticate: options.authenticate, log: options.log, now });
  return {
    apiRouter,
    urlRouter,
    tailLogs: (tenant, functionName, tailOptions) => logs.tail(tenant, functionName, tailOptions),
    close: async () => {
      // Pollers stop while the workers go: an invocation cut short is redelivered after a restart.
      const mappingsClosed = eventSourceMappings.close();
      asyncInvocations.close();
      await invocations.close();
      await mappingsClosed;
    },
  };
}
