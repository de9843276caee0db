import { LIMITS } from '../limits.js';
import { validateInput } from './interpreter.js';
import type { OperationSpec } from './spec.js';

export interface ListTablesInput {
  ExclusiveStartTableName?: string;
  Limit?: number;
}

const spec: OperationSpec = {
  members: {
    ExclusiveStartTableName: { type: 'String', pattern: '[a-zA-Z0-9_.-]+', minLength: 3, maxLength: 255 },
    Limit: { type: 'Integer', min: 1, max: LIMITS.LIST_TABLES_MAX_LIMIT },
  },
};

export function validateListTables(body: Record<string, unknown>): ListTablesInput {
  return validateInput<ListTablesInput>(body, spec);
}
