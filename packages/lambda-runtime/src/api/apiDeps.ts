import type { Request, Response } from 'express';
import type { AsyncInvocations } from '../invocation/asyncInvocations.js';
import type { InvocationService } from '../invocation/invocationService.js';
import type { EventSourceMappings } from '../eventSources/eventSourceMappings.js';
import type { CodeStore } from '../registry/codeStore.js';
import type { FunctionRegistry } from '../registry/functionRegistry.js';
import type { UrlIndex } from '../urls/urlIndex.js';

/** What the edge node sets on `res.locals.kuhiro` after SigV4. */
export interface KuhiroRequestContext {
  tenant: string;
  accountId: string;
  region: string;
  requestId: string;
}

export interface ApiDeps {
  registry: FunctionRegistry;
  codeStore: CodeStore;
  invocations: InvocationService;
  asyncInvocations: AsyncInvocations;
  urls: UrlIndex;
  endpointUrl: () => string;
  /** The node-wide concurrency cap, reported by GetAccountSettings. */
  maxConcurrentInvocations: number;
  /** Signed link for GetFunction's Code.Location. */
  codeLocation: (tenant: string, functionName: string, sha256Hex: string) => string;
  /** Triggers from DynamoDB streams (absent in stand-ins). */
  eventSourceMappings?: EventSourceMappings;
}

/** One REST operation: reads the request, calls the registry or the invocation engine, writes the answer. */
export type ApiOperation = (req: Request, res: Response, ctx: KuhiroRequestContext, deps: ApiDeps) => Promise<void>;
