import type { StreamsService } from '../streamsService.js';
import { optionalLimit, optionalString, validationError } from './inputChecks.js';

/** ListStreams: the tenant's streams (optionally of one table), paged by ExclusiveStartStreamArn. */
export function listStreams(service: StreamsService, tenant: string, input: Record<string, unknown>): Record<string, unknown> {
  const failures: string[] = [];
  const tableName = optionalString(input, 'TableName', 'tableName', failures);
  const limit = optionalLimit(input, 'limit', 100, failures) ?? 100;
  const exclusiveStart = optionalString(input, 'ExclusiveStartStreamArn', 'exclusiveStartStreamArn', failures);
  if (failures.length > 0) throw validationError(failures);
  const streams = service.streamsOf(tenant).filter((info) => tableName === undefined || info.tableName === tableName);
  let start = 0;
  if (exclusiveStart !== undefined) start = streams.findIndex((info) => info.streamArn === exclusiveStart) + 1;
  const page = streams.slice(start, start + limit);
  const result: Record<string, unknown> = {
    Streams: page.map((info) => ({ StreamArn: info.streamArn, TableName: info.tableName, StreamLabel: info.streamLabel })),
  };
  if (start + limit < streams.length) result.LastEvaluatedStreamArn = page[page.length - 1]!.streamArn;
  return result;
}
