import { mergeSessions, type SessionVector } from './sessionToken.js';

/** Stands for "every table of the tenant" (a request whose tables cannot be named cheaply). */
const ANY_TABLE = '*';

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `TableName` may be a table ARN in newer APIs. */
function tableName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const at = value.startsWith('arn:') ? value.indexOf(':table/') : -1;
  return at >= 0 ? value.slice(at + ':table/'.length) : value;
}

/**
 * The tables a DynamoDB request reads or writes, or undefined when they cannot be named without
 * parsing it (PartiQL, an unknown action): such a request counts as touching every table.
 */
export function tablesOf(operation: string, body: unknown): string[] | undefined {
  const input = obj(body);
  const names: unknown[] = [];
  switch (operation) {
    case 'BatchGetItem':
    case 'BatchWriteItem':
      names.push(...Object.keys(obj(input.RequestItems)));
      break;
    case 'TransactGetItems':
    case 'TransactWriteItems':
      for (const entry of Array.isArray(input.TransactItems) ? input.TransactItems : []) {
        for (const part of Object.values(obj(entry))) names.push(obj(part).TableName);
      }
      break;
    case 'ListTables':
    case 'DescribeLimits':
    case 'DescribeEndpoints':
      return [];
    default:
      if (input.TableName === undefined) return undefined;
      names.push(input.TableName);
  }
  return names.map(tableName).filter((name): name is string => name !== undefined);
}

/**
 * Writes that central executed for this PoP and that this PoP has not replicated yet, per
 * table. A forwarded write is answered as soon as central answers; read-your-writes at the
 * PoP is kept by making the next request that touches one of its tables wait until
 * replication covers it. Waiting before the answer instead cost every SPOT write the
 * replication trip back from central (a batch window, the PoP's apply and log write, polling),
 * even when no read followed.
 */
export class PendingCentralWrites {
  private readonly byTenant = new Map<string, Map<string, SessionVector>>();

  constructor(private readonly vector: () => Record<string, number>) {}

  /** Central's position after a write to `tables` (undefined: tables unknown, i.e. all). */
  add(tenant: string, tables: string[] | undefined, position: SessionVector): void {
    let pending = this.byTenant.get(tenant);
    if (!pending) this.byTenant.set(tenant, (pending = new Map()));
    for (const table of tables ?? [ANY_TABLE]) pending.set(table, mergeSessions(pending.get(table) ?? {}, position));
  }

  /** What a request on `tables` must see first (undefined: all of the tenant's); {} if nothing. */
  pendingFor(tenant: string, tables: string[] | undefined): SessionVector {
    const pending = this.byTenant.get(tenant);
    if (!pending) return {};
    this.forgetCovered(tenant, pending);
    const relevant = tables === undefined ? [...pending.values()] : [...tables, ANY_TABLE].map((table) => pending.get(table) ?? {});
    return mergeSessions(...relevant);
  }

  /** Entries replication has covered are dropped, so the map only holds writes in flight. */
  private forgetCovered(tenant: string, pending: Map<string, SessionVector>): void {
    const current = this.vector();
    for (const [table, position] of pending) {
      if (Object.entries(position).every(([origin, seq]) => (current[origin] ?? 0) >= seq)) pending.delete(table);
    }
    if (pending.size === 0) this.byTenant.delete(tenant);
  }
}
