import type { FunctionState, MappingDefinition } from '@kuhiro/lambda-runtime';
import type { RecordEntry } from '@kuhiro/replication';

/**
 * Function control-plane changes travel as replication entries of these pseudo-tables (a
 * colon never occurs in a DynamoDB table name). Like `:catalog`, every entry's key is unique
 * (it carries the change's stamp), so the outbox never tries to merge two of them as Yjs updates.
 */
export const FUNCTIONS_TABLE = ':functions';
/** Event source mapping definitions (each PoP polls its own stream with them). */
export const MAPPINGS_TABLE = ':event-source-mappings';
/** One chunk of a code package's zip, sent ahead of the first state of this origin that needs it. */
export const CODE_TABLE = ':code';

export type FunctionStateChange =
  | { op: 'put'; tenant: string; name: string; stamp: string; state: FunctionState }
  | { op: 'delete'; tenant: string; name: string; stamp: string };

export function encodeFunctionEntry(change: FunctionStateChange): RecordEntry {
  // Functions exist on every PoP of the network (scopes apply to table items only).
  return { tenant: change.tenant, table: FUNCTIONS_TABLE, key: change.stamp, scope: 'all', update: new TextEncoder().encode(JSON.stringify(change)) };
}

export function decodeFunctionEntry(entry: RecordEntry): FunctionStateChange {
  return JSON.parse(new TextDecoder().decode(entry.update)) as FunctionStateChange;
}

export type MappingDefinitionChange =
  | { op: 'put'; tenant: string; uuid: string; stamp: string; definition: MappingDefinition }
  | { op: 'delete'; tenant: string; uuid: string; stamp: string };

export function encodeMappingEntry(change: MappingDefinitionChange): RecordEntry {
  return { tenant: change.tenant, table: MAPPINGS_TABLE, key: change.stamp, scope: 'all', update: new TextEncoder().encode(JSON.stringify(change)) };
}

export function decodeMappingEntry(entry: RecordEntry): MappingDefinitionChange {
  return JSON.parse(new TextDecoder().decode(entry.update)) as MappingDefinitionChange;
}

/** The function ledger's key for a mapping: a function name never holds a colon. */
export function mappingLedgerName(uuid: string): string {
  return `esm:${uuid}`;
}

/** The mapping uuid of a function-ledger name, undefined for a function's name. */
export function mappingUuidOf(ledgerName: string): string | undefined {
  return ledgerName.startsWith('esm:') ? ledgerName.slice('esm:'.length) : undefined;
}

export interface CodeChunk {
  /** Hex SHA-256 of the zip (after decoding), what the function state names. */
  sha256Hex: string;
  index: number;
  count: number;
  /** How the concatenated chunks encode the zip. */
  encoding: 'gzip' | 'identity';
  /** The stamp of the publication: chunks of two publications of one hash never mix. */
  publication: string;
  bytes: Uint8Array;
}

export function encodeCodeChunk(tenant: string, chunk: CodeChunk): RecordEntry {
  const key = [chunk.sha256Hex, chunk.index, chunk.count, chunk.encoding, chunk.publication].join('/');
  return { tenant, table: CODE_TABLE, key, scope: 'all', update: chunk.bytes };
}

export function decodeCodeChunk(entry: RecordEntry): CodeChunk {
  const [sha256Hex, index, count, encoding, ...rest] = entry.key.split('/');
  const publication = rest.join('/'); // a stamp ends with the node's name, which may hold anything
  if (!sha256Hex || !/^[0-9a-f]{64}$/.test(sha256Hex) || (encoding !== 'gzip' && encoding !== 'identity') || !publication) {
    throw new Error(`malformed code chunk key ${entry.key}`);
  }
  const chunkIndex = Number(index);
  const chunkCount = Number(count);
  if (!Number.isInteger(chunkIndex) || !Number.isInteger(chunkCount) || chunkIndex < 0 || chunkIndex >= chunkCount) throw new Error(`malformed code chunk key ${entry.key}`);
  return { sha256Hex, index: chunkIndex, count: chunkCount, encoding, publication, bytes: entry.update };
}

/** The hex hashes of every code package a state refers to ($LATEST and each published version). */
export function codeHashesOf(state: FunctionState): Map<string, FunctionState['latest']['code']> {
  const byHash = new Map<string, FunctionState['latest']['code']>();
  for (const version of [state.latest, ...Object.values(state.versions)]) byHash.set(version.code.sha256Hex, version.code);
  return byHash;
}
