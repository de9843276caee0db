import { validateInput } from './interpreter.js';
import { TABLE_NAME, type OperationSpec } from './spec.js';

export interface DeleteTableInput {
  TableName: string;
}

const spec: OperationSpec = { tableNameMember: 'TableName', members: { TableName: TABLE_NAME } };

export function validateDeleteTable(body: Record<string, unknown>): DeleteTableInput {
  return validateInput<DeleteTableInput>(body, spec);
}
