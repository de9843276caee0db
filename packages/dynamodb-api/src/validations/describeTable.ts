import { validateInput } from './interpreter.js';
import { TABLE_NAME, type OperationSpec } from './spec.js';

export interface DescribeTableInput {
  TableName: string;
}

const spec: OperationSpec = { tableNameMember: 'TableName', members: { TableName: TABLE_NAME } };

export function validateDescribeTable(body: Record<string, unknown>): DescribeTableInput {
  return validateInput<DescribeTableInput>(body, spec);
}
