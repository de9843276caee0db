import { SerializationException, UnknownOperationException, toWireError } from '@kuhiro/dynamodb-api';
import { describeStream } from './api/describeStream.js';
import { getRecords } from './api/getRecords.js';
import { getShardIterator } from './api/getShardIterator.js';
import { listStreams } from './api/listStreams.js';
import type { StreamsService } from './streamsService.js';

/** The JSON 1.0 target prefix of the DynamoDB Streams API. */
export const STREAMS_TARGET_PREFIX = 'DynamoDBStreams_20120810.';

type Operation = (service: StreamsService, tenant: string, input: Record<string, unknown>) => Record<string, unknown>;

const OPERATIONS: Record<string, Operation> = {
  ListStreams: listStreams,
  DescribeStream: describeStream,
  GetShardIterator: getShardIterator,
  GetRecords: getRecords,
};

/** The Streams API over a StreamsService, shaped like the DynamoDB handler the node dispatches to. */
export class StreamsApi {
  constructor(
    private readonly service: StreamsService,
    private readonly log: (msg: string, meta?: object) => void = () => {},
  ) {}

  async handle(ctx: { tenant: string; requestId: string }, operation: string, body: unknown): Promise<{ status: number; body: unknown }> {
    try {
      const run = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
      if (!run) throw new UnknownOperationException();
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SerializationException();
      return { status: 200, body: run(this.service, ctx.tenant, body as Record<string, unknown>) };
    } catch (error) {
      const wire = toWireError(error);
      if (wire.status >= 500) this.log('internal error in DynamoDB Streams operation', { requestId: ctx.requestId, operation, error: error instanceof Error ? error.stack : String(error) });
      return { status: wire.status, body: wire.body };
    }
  }
}
