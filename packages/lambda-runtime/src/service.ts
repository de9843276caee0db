import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Router } from 'express';
import type { ApiDeps, KuhiroRequestContext } from './api/apiDeps.js';
import { createApiRouter } from './api/apiRouter.js';
import type { HttpAnswer } from './api/httpAnswer.js';
import { serveInvoke, type InvokeHttpRequest } from './api/invoke.js';
import { EventSourceMappings } from './eventSources/eventSourceMappings.js';
import type { MappingChange, MappingChangeListener, MappingDefinition } from './eventSources/mappingDefinition.js';
import type { MappingState } from './eventSources/mappingTypes.js';
import type { StreamSource } from './eventSources/streamSource.js';
import { AsyncInvocations } from './invocation/asyncInvocations.js';
import { ChildProcessExecutor } from './invocation/childProcessExecutor.js';
import { CodePackageSweeper } from './invocation/codePackageSweeper.js';
import type { Executor } from './invocation/executor.js';
import { FunctionInspectors, type InspectorSettings } from './invocation/debugInspector.js';
import { InvocationService } from './invocation/invocationService.js';
import { locateSdk } from './invocation/sdkLocation.js';
import { mirrorSdk } from './invocation/sdkMirror.js';
import { DEFAULT_TUNING, type LambdaTuning } from './invocation/tuning.js';
import { FunctionLogs, type LogLine } from './logs/functionLogs.js';
import { CodeStore } from './registry/codeStore.js';
import type { FunctionChange, FunctionChangeListener } from './registry/functionChanges.js';
import { FunctionRegistry } from './registry/functionRegistry.js';
import { applyReplicatedFunction, type CodeFetcher } from './registry/replicatedFunction.js';
import { StateFile } from './registry/stateFile.js';
import type { CodePackage, FunctionState } from './registry/types.js';
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
  /** Functions whose workers run under the Node inspector (`kuhiro dev --inspect`). */
  inspector?: InspectorSettings;
}

export interface LambdaService {
  /** The Lambda REST API; expects `res.locals.kuhiro = { tenant, accountId, region, requestId }`. */
  apiRouter: Router;
  /**
   * Invoke without express, for the node's hot path: the caller has checked SigV4 and read the
   * body. Never throws: errors come back as Lambda's error answer.
   */
  invoke(ctx: KuhiroRequestContext, request: InvokeHttpRequest): Promise<HttpAnswer>;
  /** Function URLs (`/lambda-url/{urlId}/...`) and code download links (`/lambda-url/_code/{token}`). */
  urlRouter: Router;
  /** The recent log lines of one function (console output and START/END/REPORT), oldest first. */
  tailLogs(tenant: string, functionName: string, options?: { sinceMs?: number; limit?: number }): LogLine[];
  /**
   * Control-plane replication (edge network): told, in order, the whole persisted state of each
   * function a local operation changed (or its deletion); the operation answers after the
   * listener's promise settles.
   */
  onFunctionChange(listener: FunctionChangeListener): () => void;
  /** Applies another PoP's function state (idempotent); false when `stillWins` said no. See registry/replicatedFunction.ts. */
  applyReplicatedFunction(change: FunctionChange, fetchCode: CodeFetcher, stillWins?: () => boolean): Promise<boolean>;
  /** The uploaded zip of one of a function's code packages. */
  readFunctionCode(tenant: string, functionName: string, code: CodePackage): Promise<Uint8Array>;
  /** Every function of every tenant, as persisted (copies). */
  listFunctionStates(): FunctionState[];
  /** Control-plane replication of event source mappings: each definition a client changed here. */
  onEventSourceMappingChange(listener: MappingChangeListener): () => void;
  /** Applies another PoP's mapping definition (this PoP polls its own stream from its own position). */
  applyReplicatedEventSourceMapping(change: MappingChange): Promise<void>;
  /** Every mapping's definition, of every tenant. */
  listEventSourceMappingDefinitions(): MappingDefinition[];
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
    ...(options.inspector ? { inspectors: new FunctionInspectors(options.inspector) } : {}),
  });
  // Code packages no version uses any more go once their environments have stopped (issue 10).
  const codeSweeper = new CodePackageSweeper({
    codeStore, registry, taskRootInUse: (taskRoot) => invocations.taskRootInUse(taskRoot), log: options.log, graceMs: tuning.codePackageGraceMs,
  });
  registry.onCodeReleased((fn) => codeSweeper.schedule(fn.tenant, fn.name));
  codeSweeper.scheduleAll();
  const asyncInvocations = new AsyncInvocations(invocations, tuning.asyncRetryDelaysMs, options.log, now, {
    journalPath: path.join(root, 'async-events.jsonl'), registry, endpointUrl: options.endpointUrl,
  });
  await asyncInvocations.recover();
  const urls = UrlIndex.fromRegistry(registry);
  const eventSourceMappings = new EventSourceMappings({
    registry, invocations, asyncInvocations, region: options.region, source: options.streamSource, log: options.log, now, endpointUrl: options.endpointUrl,
    file: new StateFile<MappingState[]>(path.join(root, 'event-source-mappings.json')),
  });
  await eventSourceMappings.load();
  const codeLinks = new CodeLinks();

  const apiDeps: ApiDeps = {
    registry, codeStore, invocations, asyncInvocations, urls, endpointUrl: options.endpointUrl, maxConcurrentInvocations: tuning.maxConcurrentInvocations,
    eventSourceMappings,
    codeLocation: (tenant, functionName, sha256Hex) =>
      codeLinks.link(options.endpointUrl(), codeStore.zipPath(tenant, functionName, { sha256Hex, codeSha256: '', codeSize: 0 })),
  };
  const apiRouter = createApiRouter(apiDeps, options.log);
  const urlRouter = createUrlRouter({ registry, urls, invocations, codeLinks, authenticate: options.authenticate, log: options.log, now });
  return {
    apiRouter,
    urlRouter,
    invoke: (ctx, request) => serveInvoke(request, ctx, apiDeps, options.log),
    tailLogs: (tenant, functionName, tailOptions) => logs.tail(tenant, functionName, tailOptions),
    onFunctionChange: (listener) => registry.onChange(listener),
    applyReplicatedFunction: (change, fetchCode, stillWins) =>
      applyReplicatedFunction({ registry, codeStore, invocations, urls, log: options.log }, change, fetchCode, stillWins),
    readFunctionCode: (tenant, functionName, code) => codeStore.readZip(tenant, functionName, code),
    listFunctionStates: () => registry.all().map((fn) => JSON.parse(JSON.stringify(fn)) as FunctionState),
    onEventSourceMappingChange: (listener) => eventSourceMappings.onDefinitionChange(listener),
    applyReplicatedEventSourceMapping: (change) => eventSourceMappings.adoptReplicated(change),
    listEventSourceMappingDefinitions: () => eventSourceMappings.definitions(),
    close: async () => {
      // Pollers stop while the workers go: an invocation cut short is redelivered after a restart.
      const mappingsClosed = eventSourceMappings.close();
      const asyncClosed = asyncInvocations.close();
      await invocations.close();
      await codeSweeper.close();
      await mappingsClosed;
      await asyncClosed;
    },
  };
}
