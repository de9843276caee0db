import type {
  AttributeDefinition,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
  ProvisionedThroughput,
  StreamSpecification,
} from '@aws-sdk/client-dynamodb';

/** One table as the template wants it, in CreateTable's shapes. */
export interface TableSpec {
  logicalId: string;
  TableName: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  BillingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  ProvisionedThroughput?: ProvisionedThroughput;
  GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
  LocalSecondaryIndexes?: LocalSecondaryIndex[];
  StreamSpecification?: StreamSpecification;
  TimeToLive?: { AttributeName: string; Enabled: boolean };
  Tags: Record<string, string>;
}

export interface FunctionUrlSpec {
  AuthType: 'NONE' | 'AWS_IAM';
  Cors?: Record<string, unknown>;
}

/** One function as the template wants it, in CreateFunction's shapes (code still a directory). */
export interface FunctionSpec {
  logicalId: string;
  FunctionName: string;
  /** Absolute path of the CodeUri directory. */
  codeDir: string;
  Handler: string;
  Runtime: string;
  MemorySize: number;
  Timeout: number;
  Description?: string;
  Architectures?: string[];
  Environment: Record<string, string>;
  /** The template's Role, when it resolves to an ARN. */
  Role?: string;
  /** The template gives SAM Policies, which kuhiro does not turn into an IAM role. */
  hasPolicies: boolean;
  url?: FunctionUrlSpec;
}

/** A SAM app after parsing, parameter substitution and intrinsic resolution. */
export interface AppModel {
  appDir: string;
  templatePath: string;
  stackName: string;
  tables: TableSpec[];
  functions: FunctionSpec[];
  /** One line per resource, property or event that kuhiro does not deploy. */
  warnings: string[];
}
