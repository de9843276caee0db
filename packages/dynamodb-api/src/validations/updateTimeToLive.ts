import { validateInput } from './interpreter.js';
import { TABLE_NAME, type OperationSpec } from './spec.js';

export interface UpdateTimeToLiveInput {
  TableName: string;
  TimeToLiveSpecification: { Enabled: boolean; AttributeName: string };
}

const spec: OperationSpec = {
  tableNameMember: 'TableName',
  members: {
    TableName: TABLE_NAME,
    TimeToLiveSpecification: {
      type: {
        structure: 'TimeToLiveSpecification',
        members: {
          AttributeName: { type: 'String', notNull: true, minLength: 1, maxLength: 255 },
          Enabled: { type: 'Boolean', notNull: true },
        },
      },
      notNull: true,
    },
  },
};

export function validateUpdateTimeToLive(body: Record<string, unknown>): UpdateTimeToLiveInput {
  return validateInput<UpdateTimeToLiveInput>(body, spec);
}
