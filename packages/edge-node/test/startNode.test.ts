import { describe, it, expect } from '@jest/globals';
import type { Store } from '@kuhiro/crdt-store';
import { startNode, type DynamoDbHandler } from '@kuhiro/edge-node';
import { callDynamoDb } from './helpers/dynamoDbClient.js';
import { makeTempDir } from './helpers/tempDir.js';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isEnabled: () => false };
const key = { accessKeyId: 'AKIDANY', secretAccessKey: 'x' };

describe('startNode close()', () => {
  it('lets an in-flight request finish, then closes the Lambda service and the store, in that order', async () => {
    const dir = await makeTempDir();
    const events: string[] = [];
    // The request answers only once close() has begun, so it is surely in flight when close()
    // starts, however slowly this machine runs (a fixed sleep could end before close() is called).
    let release!: () => void;
    const closeBegun = new Promise<void>((resolve) => (release = resolve));
    const slow: DynamoDbHandler = {
      async handle() {
        events.push('request started');
        await closeBegun;
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push('request answered');
        return { status: 200, body: { TableNames: [] } };
      },
    };
    const store = { close: async () => void events.push('store closed') } as unknown as Store;
    try {
      const node = await startNode(
        { port: 0, dataDir: dir.path },
        {
          log: silent,
          services: {
            openStore: async () => store,
            createDynamoDbApi: () => slow,
            createLambdaService: async () => ({
              apiRouter: (_req, _res, next) => next(),
              urlRouter: (_req, _res, next) => next(),
              close: async () => void events.push('lambda closed'),
            }),
          },
        },
      );
      const inFlight = callDynamoDb(node.url, key, 'ListTables', {});
      while (!events.includes('request started')) await new Promise((resolve) => setTimeout(resolve, 10));
      const closed = node.close();
      release();
      expect((await inFlight).status).toBe(200);
      await closed;
      expect(events).toEqual(['request started', 'request answered', 'lambda closed', 'store closed']);
      // close() is idempotent.
      await node.close();
      expect(events.filter((e) => e === 'store closed')).toHaveLength(1);
    } finally {
      await dir.remove();
    }
  });
});
