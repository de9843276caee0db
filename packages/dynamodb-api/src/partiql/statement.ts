import type { ConditionAst, DocumentPath, Item, UpdateAst } from '@kuhiro/expressions';

/** What RETURNING asks for (UPDATE: ALL OLD * / ALL NEW * / MODIFIED OLD * / MODIFIED NEW *; DELETE: ALL OLD *). */
export type Returning = 'ALL_OLD' | 'ALL_NEW' | 'UPDATED_OLD' | 'UPDATED_NEW';

/** One parsed PartiQL statement, its `?` parameters already substituted. */
export type Statement =
  | {
      kind: 'select';
      table: string;
      index?: string;
      /** Undefined for `SELECT *`. */
      projection?: DocumentPath[];
      where?: ConditionAst;
    }
  | { kind: 'insert'; table: string; item: Item }
  | { kind: 'update'; table: string; update: UpdateAst; where: ConditionAst; returning?: Returning }
  | { kind: 'delete'; table: string; where: ConditionAst; returning?: Returning }
  /** `EXISTS(SELECT ...)`: a condition check, allowed in ExecuteTransaction only. */
  | { kind: 'exists'; select: Extract<Statement, { kind: 'select' }> };

export type SelectStatement = Extract<Statement, { kind: 'select' }>;
