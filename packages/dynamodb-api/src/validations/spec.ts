/**
 * The declarative description of an operation's input, as DynamoDB's Coral model states it:
 * each member's wire type plus its constraints. One interpreter (`interpreter.ts`) applies
 * a spec in AWS's order; each `validations/<op>.ts` holds one spec and a short custom check.
 */

/** A member's wire type. Structure and map names appear in AWS's serialization messages. */
export type WireType =
  | 'String'
  | 'Boolean'
  | 'Integer'
  | 'Long'
  | 'Double'
  | 'Blob'
  /** An AttributeValue structure (S, N, B, BOOL, NULL, SS, NS, BS, L, M), recursively. */
  | 'AttributeValue'
  | { list: MemberSpec }
  | { map: MemberSpec; valueShape: string }
  | { structure: string; members: StructureSpec };

export interface MemberSpec {
  type: WireType;
  notNull?: boolean;
  enum?: readonly string[];
  /** A Java-style pattern, matched against the whole value. */
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  /** Constraints on the keys of a map (AWS reports them as "Map keys must satisfy constraint"). */
  keys?: { minLength?: number; maxLength?: number; pattern?: string };
  /** Constraints on the (string) values of a map. */
  values?: { minLength?: number; maxLength?: number };
}

export type StructureSpec = { readonly [member: string]: MemberSpec };

/** An operation's spec: the top-level members plus which one is the table name. */
export interface OperationSpec {
  members: StructureSpec;
  /**
   * Members checked before all other constraints with their own message: AWS answers a
   * missing or too short TableName this way, not in the "N validation errors" list.
   */
  tableNameMember?: string;
}

// Shared member specs, reused by many operations.

export const TABLE_NAME: MemberSpec = {
  type: 'String',
  notNull: true,
  pattern: '[a-zA-Z0-9_.-]+',
  minLength: 3,
  maxLength: 255,
};

export const INDEX_NAME: MemberSpec = {
  type: 'String',
  pattern: '[a-zA-Z0-9_.-]+',
  minLength: 3,
  maxLength: 255,
};

export const RESOURCE_ARN: MemberSpec = { type: 'String', notNull: true, minLength: 1, maxLength: 1283 };

export const ATTRIBUTE_MAP: MemberSpec = { type: { map: { type: 'AttributeValue' }, valueShape: 'AttributeValue' } };

export const KEY: MemberSpec = { ...ATTRIBUTE_MAP, notNull: true };

export const EXPRESSION_ATTRIBUTE_NAMES: MemberSpec = {
  type: { map: { type: 'String' }, valueShape: 'java.lang.String' },
};

export const EXPRESSION_ATTRIBUTE_VALUES: MemberSpec = ATTRIBUTE_MAP;

export const RETURN_CONSUMED_CAPACITY: MemberSpec = { type: 'String', enum: ['INDEXES', 'TOTAL', 'NONE'] };

export const RETURN_ITEM_COLLECTION_METRICS: MemberSpec = { type: 'String', enum: ['SIZE', 'NONE'] };

// Listed in the order AWS prints the set in its constraint message (a recorded answer:
// "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"), not the documented order.
export const RETURN_VALUES: MemberSpec = {
  type: 'String',
  enum: ['ALL_NEW', 'UPDATED_OLD', 'ALL_OLD', 'NONE', 'UPDATED_NEW'],
};

export const RETURN_VALUES_ON_CONDITION_CHECK_FAILURE: MemberSpec = { type: 'String', enum: ['ALL_OLD', 'NONE'] };

export const CONDITIONAL_OPERATOR: MemberSpec = { type: 'String', enum: ['AND', 'OR'] };

export const STRING: MemberSpec = { type: 'String' };

/** The legacy projection by top-level attribute names. */
export const ATTRIBUTES_TO_GET: MemberSpec = { type: { list: { type: 'String' } }, minLength: 1 };
export const BOOLEAN: MemberSpec = { type: 'Boolean' };

export const KEY_SCHEMA: MemberSpec = {
  type: {
    list: {
      type: {
        structure: 'KeySchemaElement',
        members: {
          AttributeName: { type: 'String', notNull: true, minLength: 1, maxLength: 255 },
          KeyType: { type: 'String', notNull: true, enum: ['HASH', 'RANGE'] },
        },
      },
    },
  },
  notNull: true,
  minLength: 1,
  maxLength: 2,
};

export const PROVISIONED_THROUGHPUT: MemberSpec = {
  type: {
    structure: 'ProvisionedThroughput',
    members: {
      ReadCapacityUnits: { type: 'Long', notNull: true, min: 1 },
      WriteCapacityUnits: { type: 'Long', notNull: true, min: 1 },
    },
  },
};

export const PROJECTION: MemberSpec = {
  type: {
    structure: 'Projection',
    members: {
      ProjectionType: { type: 'String', enum: ['ALL', 'KEYS_ONLY', 'INCLUDE'] },
      NonKeyAttributes: {
        type: { list: { type: 'String', minLength: 1, maxLength: 255 } },
        minLength: 1,
        maxLength: 20,
      },
    },
  },
  notNull: true,
};

export const TAG_LIST: MemberSpec = {
  type: {
    list: {
      type: {
        structure: 'Tag',
        members: {
          Key: { type: 'String', notNull: true, minLength: 1, maxLength: 128 },
          Value: { type: 'String', notNull: true, minLength: 0, maxLength: 256 },
        },
      },
    },
  },
};
