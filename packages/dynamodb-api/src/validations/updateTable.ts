import type { AttributeDefinition, BillingMode, Throughput } from '../tables/tableMeta.js';
import { BILLING_MODE, checkThroughputBounds, GLOBAL_SECONDARY_INDEX, type IndexInput } from './createTable.js';
import { checkTableClass, STREAM_SPECIFICATION, TABLE_CLASS } from './tableOptions.js';
import { validateInput } from './interpreter.js';
import { BOOLEAN, INDEX_NAME, PROVISIONED_THROUGHPUT, TABLE_NAME, type OperationSpec } from './spec.js';

export interface GlobalSecondaryIndexUpdate {
  Create?: IndexInput;
  Update?: { IndexName: string; ProvisionedThroughput?: Throughput };
  Delete?: { IndexName: string };
}

export interface UpdateTableInput {
  TableName: string;
  AttributeDefinitions?: AttributeDefinition[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: Throughput;
  GlobalSecondaryIndexUpdates?: GlobalSecondaryIndexUpdate[];
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: string };
  TableClass?: string;
  DeletionProtectionEnabled?: boolean;
}

const spec: OperationSpec = {
  tableNameMember: 'TableName',
  members: {
    TableName: TABLE_NAME,
    AttributeDefinitions: {
      type: {
        list: {
          type: {
            structure: 'AttributeDefinition',
            members: {
              AttributeName: { type: 'String', notNull: true, minLength: 1, maxLength: 255 },
              AttributeType: { type: 'String', notNull: true, enum: ['B', 'N', 'S'] },
            },
          },
        },
      },
    },
    BillingMode: BILLING_MODE,
    ProvisionedThroughput: PROVISIONED_THROUGHPUT,
    GlobalSecondaryIndexUpdates: {
      type: {
        list: {
          type: {
            structure: 'GlobalSecondaryIndexUpdate',
            members: {
              Update: {
                type: {
                  structure: 'UpdateGlobalSecondaryIndexAction',
                  members: {
                    IndexName: { ...INDEX_NAME, notNull: true },
                    ProvisionedThroughput: PROVISIONED_THROUGHPUT,
                  },
                },
              },
              Create: GLOBAL_SECONDARY_INDEX,
              Delete: {
                type: {
                  structure: 'DeleteGlobalSecondaryIndexAction',
                  members: { IndexName: { ...INDEX_NAME, notNull: true } },
                },
              },
            },
          },
        },
      },
    },
    StreamSpecification: STREAM_SPECIFICATION,
    TableClass: TABLE_CLASS,
    DeletionProtectionEnabled: BOOLEAN,
  },
};

const INVALID = 'One or more parameter values were invalid: ';

/** AWS's current wording when UpdateTable carries nothing to change. */
export const NOTHING_TO_UPDATE =
  'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, ' +
  'SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, ' +
  'DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required';

function custom(input: UpdateTableInput): string | undefined {
  const updates = input.GlobalSecondaryIndexUpdates;
  if (
    input.ProvisionedThroughput === undefined &&
    input.BillingMode === undefined &&
    input.StreamSpecification === undefined &&
    (updates === undefined || updates.length === 0) &&
    input.TableClass === undefined &&
    input.DeletionProtectionEnabled === undefined
  ) {
    return NOTHING_TO_UPDATE;
  }
  const others = [input.ProvisionedThroughput, input.BillingMode, input.StreamSpecification, updates?.length ? updates : undefined];
  if (input.DeletionProtectionEnabled !== undefined && (others.some((o) => o !== undefined) || input.TableClass !== undefined)) {
    return `${INVALID}DeletionProtection modification must be the only operation in the request`;
  }
  if (input.TableClass !== undefined && others.some((o) => o !== undefined)) {
    return `${INVALID}TableClass modification must be the only operation in the request`;
  }
  const tableClass = checkTableClass(input.TableClass);
  if (tableClass) return tableClass;
  if (input.ProvisionedThroughput) {
    const bounds = checkThroughputBounds(input.ProvisionedThroughput);
    if (bounds) return bounds;
  }
  const names = new Set<string>();
  for (const update of updates ?? []) {
    const actions = [update.Create, update.Update, update.Delete].filter((a) => a !== undefined);
    if (actions.length === 0) {
      return `${INVALID}One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null`;
    }
    const name = actions[0]!.IndexName;
    if (names.has(name)) {
      return `${INVALID}Only one global secondary index update per index is allowed simultaneously. Index: ${name}`;
    }
    names.add(name);
    const throughput = update.Update?.ProvisionedThroughput;
    if (throughput) {
      const bounds = checkThroughputBounds(throughput, update.Update!.IndexName);
      if (bounds) return bounds;
    }
  }
  return undefined;
}

export function validateUpdateTable(body: Record<string, unknown>): UpdateTableInput {
  return validateInput<UpdateTableInput>(body, spec, custom);
}
