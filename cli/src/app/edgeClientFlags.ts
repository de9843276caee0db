import { createClients, type AppClients } from './clients.js';
import { resolveTarget } from './target.js';

/** `--endpoint` / `--region` of the single-table commands (export, import): a node's DynamoDB API. */
export function edgeClients(flags: { endpoint?: string; region?: string }): AppClients {
  return createClients(resolveTarget('edge', flags));
}
