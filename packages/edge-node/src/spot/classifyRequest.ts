import type { Store } from '@kuhiro/crdt-store';
import type { Item } from '@kuhiro/expressions';
import { classifyUpdate, type Decrement } from '../escrow/counterDecrements.js';
import { tablePolicy } from './tablePolicy.js';

/**
 * Where a request must execute:
 * - `local`: not a write to a SPOT or bounded table (reads always stay local);
 * - `central`: it writes a SPOT table, or changes a bounded attribute in a way escrow cannot
 *   cover (SET a = :v, REMOVE, PutItem, DeleteItem): central executes the whole request;
 * - `escrow`: its only special writes are decrements of bounded attributes, which the PoP may
 *   apply locally while it holds enough escrow for every one of them.
 */
export type Placement = { kind: 'local' } | { kind: 'central' } | { kind: 'escrow'; decrements: Decrement[] };

type WriteVerdict = 'plain' | 'central' | Decrement[];

const LOCAL: Placement = { kind: 'local' };
const CENTRAL: Placement = { kind: 'central' };

/** `TableName` may be a table ARN in newer APIs. */
function tableNameOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const slash = value.startsWith('arn:') ? value.indexOf(':table/') : -1;
  return slash >= 0 ? value.slice(slash + ':table/'.length) : value;
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function classifyRequest(store: Store, tenant: string, operation: string, body: unknown): Placement {
  const input = obj(body);
  const verdicts: WriteVerdict[] = [];
  const judge = (tableValue: unknown, kind: 'put' | 'delete' | 'update' | 'check', request: Record<string, unknown>) => {
    const tableName = tableNameOf(tableValue);
    if (tableName === undefined) return; // invalid request: the local API answers the ValidationException
    const policy = tablePolicy(store, tenant, tableName);
    if (policy.spot) return verdicts.push('central');
    if (policy.bounds.size === 0 || kind === 'check') return verdicts.push('plain');
    if (kind !== 'update') return verdicts.push('central');
    const verdict = classifyUpdate(tableName, obj(request.Key) as Item, request, policy.bounds);
    const position = verdicts.length;
    verdicts.push(Array.isArray(verdict) ? verdict.map((d) => ({ ...d, position })) : verdict);
  };

  switch (operation) {
    case 'PutItem':
      judge(input.TableName, 'put', input);
      break;
    case 'DeleteItem':
      judge(input.TableName, 'delete', input);
      break;
    case 'UpdateItem':
      judge(input.TableName, 'update', input);
      break;
    case 'BatchWriteItem':
      for (const [table, requests] of Object.entries(obj(input.RequestItems))) {
        for (const request of Array.isArray(requests) ? requests : []) {
          judge(table, obj(request).DeleteRequest ? 'delete' : 'put', obj(request));
        }
      }
      break;
    case 'TransactWriteItems':
      for (const entry of Array.isArray(input.TransactItems) ? input.TransactItems : []) {
        const e = obj(entry);
        if (e.Put) judge(obj(e.Put).TableName, 'put', obj(e.Put));
        else if (e.Delete) judge(obj(e.Delete).TableName, 'delete', obj(e.Delete));
        else if (e.Update) judge(obj(e.Update).TableName, 'update', obj(e.Update));
        else if (e.ConditionCheck) judge(obj(e.ConditionCheck).TableName, 'check', obj(e.ConditionCheck));
      }
      break;
    case 'ExecuteStatement':
      judgeStatement(input.Statement, judge);
      break;
    case 'BatchExecuteStatement':
    case 'ExecuteTransaction':
      for (const entry of [...(Array.isArray(input.Statements) ? input.Statements : []), ...(Array.isArray(input.TransactStatements) ? input.TransactStatements : [])]) {
        judgeStatement(obj(entry).Statement, judge);
      }
      break;
    default:
      return LOCAL;
  }

  if (verdicts.includes('central')) return CENTRAL;
  const decrements = verdicts.flatMap((verdict) => (Array.isArray(verdict) ? verdict : []));
  return decrements.length > 0 ? { kind: 'escrow', decrements } : LOCAL;
}

/**
 * PartiQL writes: only the table matters here (a SPOT table or any write to a bounded table
 * goes to central, which parses the statement itself). A SELECT stays local.
 */
function judgeStatement(statement: unknown, judge: (table: unknown, kind: 'put', request: Record<string, unknown>) => void): void {
  if (typeof statement !== 'string') return;
  const match = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:"((?:[^"]|"")+)"|([A-Za-z0-9_.-]+))/i.exec(statement);
  if (!match) return;
  judge(match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2], 'put', {});
}
