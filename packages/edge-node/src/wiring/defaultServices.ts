import { NodeStore, type NodeStoreOptions, type Store } from '@kuhiro/crdt-store';
import { DynamoDbApi } from '@kuhiro/dynamodb-api';
import { createLambdaService } from '@kuhiro/lambda-runtime';
import type { Logger } from '../log/logger.js';
import type { DynamoDbHandler, LambdaService, LambdaServiceOptions } from '../server/services.js';

/** How the node builds each subsystem; tests replace single factories with stand-ins. */
export interface ServiceFactories {
  openStore(options: NodeStoreOptions): Promise<Store>;
  createDynamoDbApi(store: Store, options: { region: string; log: Logger; now?: () => number }): DynamoDbHandler;
  /** Resolves undefined for a node without the Lambda API. */
  createLambdaService(options: LambdaServiceOptions): Promise<LambdaService | undefined>;
}

export const defaultServices: ServiceFactories = {
  openStore: (options) => NodeStore.open(options),
  createDynamoDbApi(store, { region, log, now }) {
    // The API logs only internal failures (with their request id), so they go out as errors.
    return new DynamoDbApi(store, { region, ...(now ? { now } : {}), log: (msg, meta) => log.error(msg, meta as Record<string, unknown>) });
  },
  createLambdaService({ log, ...options }) {
    return createLambdaService({
      ...options,
      log: (level, msg, meta) => log[level](msg, meta as Record<string, unknown> | undefined),
    });
  },
};
