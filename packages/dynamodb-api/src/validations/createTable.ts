import { LIMITS } from '../limits.js';
import type {
  AttributeDefinition,
  BillingMode,
  KeySchemaElement,
  Projection,
  Tag,
  Throughput,
} from '../tables/tableMeta.js';
import { validateInput } from './interpreter.js';
import { checkNewStream, checkTableClass, checkTags, STREAM_SPECIFICATION, TABLE_CLASS } from './tableOptions.js';
import {
  BOOLEAN,
  INDEX_NAME,
  KEY_SCHEMA,
  PROJECTION,
  PROVISIONED_THROUGHPUT,
  TABLE_NAME,
  TAG_LIST,
  type MemberSpec,
  type OperationSpec,
} from './spec.js';

export interface IndexInput {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
  ProvisionedThroughput?: Throughput;
}

export interface CreateTableInput {
  TableName: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  LocalSecondaryIndexes?: IndexInput[];
  GlobalSecondaryIndexes?: IndexInput[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: Throughput;
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: string };
  Tags?: Tag[];
  TableClass?: string;
  DeletionProtectionEnabled?: boolean;
}

const INDEX_KEY_SCHEMA: MemberSpec = KEY_SCHEMA;

export const BILLING_MODE: MemberSpec = { type: 'String', enum: ['PROVISIONED', 'PAY_PER_REQUEST'] };

export const GLOBAL_SECONDARY_INDEX: MemberSpec = {
  type: {
    structure: 'GlobalSecondaryIndex',
    members: {
      IndexName: { ...INDEX_NAME, notNull: true },
      KeySchema: INDEX_KEY_SCHEMA,
      Projection: PROJECTION,
      ProvisionedThroughput: PROVISIONED_THROUGHPUT,
    },
  },
};

const spec: OperationSpec = {
  tableNameMember: 'TableName',
  members: {
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
      notNull: true,
    },
    TableName: TABLE_NAME,
    KeySchema: KEY_SCHEMA,
    LocalSecondaryIndexes: {
      type: {
        list: {
          type: {
            structure: 'LocalSecondaryIndex',
            members: {
              IndexName: { ...INDEX_NAME, notNull: true },
              KeySchema: INDEX_KEY_SCHEMA,
              Projection: PROJECTION,
            },
          },
        },
      },
    },
    GlobalSecondaryIndexes: { type: { list: GLOBAL_SECONDARY_INDEX } },
    BillingMode: BILLING_MODE,
    ProvisionedThroughput: PROVISIONED_THROUGHPUT,
    StreamSpecification: STREAM_SPECIFICATION,
    Tags: TAG_LIST,
    TableClass: TABLE_CLASS,
    DeletionProtectionEnabled: BOOLEAN,
  },
};

const INVALID = 'One or more parameter values were invalid: ';

/** CreateTable's semantic checks, in the order AWS applies them (dynalite's suite, moto). */
function custom(input: CreateTableInput): string | undefined {
  const billingMessage = checkBilling(input);
  if (billingMessage) return billingMessage;

  const definitions = input.AttributeDefinitions.map((d) => d.AttributeName);
  const keys = input.KeySchema.map((k) => k.AttributeName);
  if (keys.length > definitions.length) return 'Invalid KeySchema: Some index key attribute have no definition';
  if (keys.some((key) => !definitions.includes(key))) {
    return `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${definitions.join(', ')}]`;
  }
  const keySchemaMessage = checkKeySchema(input.KeySchema);
  if (keySchemaMessage) return keySchemaMessage;

  const hasIndexes = input.LocalSecondaryIndexes !== undefined || input.GlobalSecondaryIndexes !== undefined;
  if (!hasIndexes && keys.length !== definitions.length) {
    return `${INVALID}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`;
  }

  const indexNames = new Set<string>();
  const lsiMessage = checkLocalIndexes(input, definitions, indexNames);
  if (lsiMessage) return lsiMessage;
  const gsiMessage = checkGlobalIndexes(input, definitions, indexNames);
  if (gsiMessage) return gsiMessage;

  const used = [...keys];
  for (const index of [...(input.LocalSecondaryIndexes ?? []), ...(input.GlobalSecondaryIndexes ?? [])]) {
    for (const key of index.KeySchema) if (!used.includes(key.AttributeName)) used.push(key.AttributeName);
  }
  if (definitions.some((name) => !used.includes(name))) {
    return `${INVALID}Some AttributeDefinitions are not used. AttributeDefinitions: [${definitions.join(', ')}], keys used: [${used.join(', ')}]`;
  }
  const seen = new Set<string>();
  for (const name of definitions) {
    if (seen.has(name)) return `Attribute Name is duplicated: ${name}`;
    seen.add(name);
  }
  return checkNewStream(input.StreamSpecification) ?? checkTableClass(input.TableClass) ?? checkTags(input.Tags);
}

function checkBilling(input: CreateTableInput): string | undefined {
  if (input.BillingMode === 'PAY_PER_REQUEST') {
    if (input.ProvisionedThroughput) {
      return `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`;
    }
    return undefined;
  }
  if (!input.ProvisionedThroughput) {
    return `${INVALID}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`;
  }
  return checkThroughputBounds(input.ProvisionedThroughput);
}

export function checkThroughputBounds(throughput: Throughput, indexName?: string): string | undefined {
  const suffix = indexName === undefined ? '' : ` for index ${indexName}`;
  if (throughput.ReadCapacityUnits > LIMITS.MAX_CAPACITY_UNITS) {
    return `Given value ${throughput.ReadCapacityUnits} for ReadCapacityUnits is out of bounds${suffix}`;
  }
  if (throughput.WriteCapacityUnits > LIMITS.MAX_CAPACITY_UNITS) {
    return `Given value ${throughput.WriteCapacityUnits} for WriteCapacityUnits is out of bounds${suffix}`;
  }
  return undefined;
}

/** The first element must be HASH, a second RANGE, and they must differ. */
export function checkKeySchema(keySchema: KeySchemaElement[]): string | undefined {
  if (keySchema.length === 2 && keySchema[0]!.AttributeName === keySchema[1]!.AttributeName) {
    return 'Both the Hash Key and the Range Key element in the KeySchema have the same name';
  }
  if (keySchema[0]!.KeyType !== 'HASH') return 'Invalid KeySchema: The first KeySchemaElement is not a HASH key type';
  if (keySchema[1] && keySchema[1].KeyType !== 'RANGE') {
    return 'Invalid KeySchema: The second KeySchemaElement is not a RANGE key type';
  }
  return undefined;
}

function checkIndexCommon(index: IndexInput, definitions: string[], indexNames: Set<string>): string | undefined {
  const keys = index.KeySchema.map((k) => k.AttributeName);
  if (keys.some((key) => !definitions.includes(key))) {
    return `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${definitions.join(', ')}]`;
  }
  return checkKeySchema(index.KeySchema) ?? checkProjection(index) ?? checkDuplicateName(index, indexNames);
}

export function checkProjection(index: IndexInput): string | undefined {
  const type = index.Projection.ProjectionType;
  const nonKey = index.Projection.NonKeyAttributes;
  if (type === undefined) return `${INVALID}Unknown ProjectionType: null`;
  if (nonKey && type !== 'INCLUDE') return `${INVALID}ProjectionType is ${type}, but NonKeyAttributes is specified`;
  if (!nonKey && type === 'INCLUDE') return `${INVALID}ProjectionType is INCLUDE, but NonKeyAttributes is not specified`;
  const duplicate = nonKey?.find((name, i) => nonKey.indexOf(name) !== i);
  if (duplicate !== undefined) return `${INVALID}Duplicate element in NonKeyAttributes: ${duplicate}`;
  return undefined;
}

function checkDuplicateName(index: IndexInput, indexNames: Set<string>): string | undefined {
  if (indexNames.has(index.IndexName)) return `${INVALID}Duplicate index name: ${index.IndexName}`;
  indexNames.add(index.IndexName);
  return undefined;
}

function checkLocalIndexes(input: CreateTableInput, definitions: string[], indexNames: Set<string>): string | undefined {
  const indexes = input.LocalSecondaryIndexes;
  if (indexes === undefined) return undefined;
  if (indexes.length === 0) return `${INVALID}List of LocalSecondaryIndexes is empty`;
  if (input.KeySchema.length !== 2) {
    return `${INVALID}Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`;
  }
  const tableHash = input.KeySchema[0]!.AttributeName;
  for (const index of indexes) {
    const keys = index.KeySchema.map((k) => k.AttributeName);
    if (keys.some((key) => !definitions.includes(key))) {
      return `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${definitions.join(', ')}]`;
    }
    const keySchemaMessage = checkKeySchema(index.KeySchema);
    if (keySchemaMessage) return keySchemaMessage;
    if (index.KeySchema.length !== 2) {
      return `${INVALID}Index KeySchema does not have a range key for index: ${index.IndexName}`;
    }
    const indexHash = index.KeySchema[0]!.AttributeName;
    if (indexHash !== tableHash) {
      return `${INVALID}Index KeySchema does not have the same leading hash key as table KeySchema for index: ${index.IndexName}. index hash key: ${indexHash}, table hash key: ${tableHash}`;
    }
    const message = checkProjection(index) ?? checkDuplicateName(index, indexNames);
    if (message) return message;
  }
  if (indexes.length > LIMITS.MAX_LOCAL_SECONDARY_INDEXES) {
    return `${INVALID}Number of LocalSecondaryIndexes exceeds per-table limit of ${LIMITS.MAX_LOCAL_SECONDARY_INDEXES}`;
  }
  return undefined;
}

function checkGlobalIndexes(input: CreateTableInput, definitions: string[], indexNames: Set<string>): string | undefined {
  const indexes = input.GlobalSecondaryIndexes;
  if (indexes === undefined) return undefined;
  if (indexes.length === 0) return `${INVALID}List of GlobalSecondaryIndexes is empty`;
  for (const index of indexes) {
    const message = checkIndexCommon(index, definitions, indexNames);
    if (message) return message;
    if (input.BillingMode === 'PAY_PER_REQUEST' && index.ProvisionedThroughput) {
      return `${INVALID}ProvisionedThroughput should not be specified for index: ${index.IndexName} when BillingMode is PAY_PER_REQUEST`;
    }
    if (input.BillingMode !== 'PAY_PER_REQUEST') {
      if (!index.ProvisionedThroughput) return `${INVALID}ProvisionedThroughput is not specified for index: ${index.IndexName}`;
      const bounds = checkThroughputBounds(index.ProvisionedThroughput, index.IndexName);
      if (bounds) return bounds;
    }
  }
  if (indexes.length > LIMITS.MAX_GLOBAL_SECONDARY_INDEXES) {
    return `${INVALID}GlobalSecondaryIndex count exceeds the per-table limit of ${LIMITS.MAX_GLOBAL_SECONDARY_INDEXES}`;
  }
  return undefined;
}

export function validateCreateTable(body: Record<string, unknown>): CreateTableInput {
  return validateInput<CreateTableInput>(body, spec, custom);
}
