import { KuhiroError } from './kuhiroError.js';
import { TableState } from './table/tableState.js';
import type { TableRecord } from './types.js';

/** Tables per tenant (namespace), and by id (a record's id is unique per creation). */
export class Catalog {
  private readonly byTenant = new Map<string, Map<string, TableState>>();
  private readonly byId = new Map<string, TableState>();

  get(tenant: string, name: string): TableState | undefined {
    return this.byTenant.get(tenant)?.get(name);
  }

  byTableId(id: string): TableState | undefined {
    return this.byId.get(id);
  }

  /** The live state of a record the caller holds; throws if the table was deleted meanwhile. */
  require(record: TableRecord): TableState {
    const state = this.byId.get(record.id);
    if (state === undefined) throw new KuhiroError('ERR_TABLE_NOT_FOUND', `Requested resource not found: Table: ${record.name} not found`);
    return state;
  }

  add(record: TableRecord): TableState {
    if (this.get(record.tenant, record.name) !== undefined) {
      throw new KuhiroError('ERR_TABLE_EXISTS', `Table already exists: ${record.name}`);
    }
    const state = new TableState(record);
    let tables = this.byTenant.get(record.tenant);
    if (tables === undefined) this.byTenant.set(record.tenant, (tables = new Map()));
    tables.set(record.name, state);
    this.byId.set(record.id, state);
    return state;
  }

  remove(state: TableState): void {
    this.byId.delete(state.record.id);
    const tables = this.byTenant.get(state.record.tenant);
    tables?.delete(state.record.name);
    if (tables?.size === 0) this.byTenant.delete(state.record.tenant);
  }

  /** ListTables order. Table names are ASCII ([a-zA-Z0-9_.-]), so code-unit order is byte order. */
  names(tenant: string): string[] {
    return [...(this.byTenant.get(tenant)?.keys() ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  all(): TableState[] {
    return [...this.byId.values()];
  }
}
