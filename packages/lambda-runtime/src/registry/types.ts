/** What a function version runs: settings the client chose. */
export interface FunctionSettings {
  runtime: string;
  handler: string;
  role: string;
  timeout: number;
  memorySize: number;
  description: string;
  environment: Record<string, string>;
}

/** One unzipped, content-addressed code package of one function. */
export interface CodePackage {
  /** hex sha256 of the zip: names the package's folder. */
  sha256Hex: string;
  /** base64 sha256 of the zip, as Lambda reports CodeSha256. */
  codeSha256: string;
  codeSize: number;
}

export interface VersionState {
  version: string; // "$LATEST" or "1", "2", ...
  settings: FunctionSettings;
  code: CodePackage;
  lastModified: string;
  revisionId: string;
}

export interface AliasState {
  name: string;
  functionVersion: string;
  description: string;
  revisionId: string;
  routingConfig?: { AdditionalVersionWeights?: Record<string, number> };
}

export interface CorsConfig {
  AllowCredentials?: boolean;
  AllowHeaders?: string[];
  AllowMethods?: string[];
  AllowOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
}

export interface UrlConfigState {
  urlId: string;
  /** "$LATEST" when created without Qualifier, else the alias name. */
  qualifier: string;
  authType: 'NONE' | 'AWS_IAM';
  cors?: CorsConfig;
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  creationTime: string;
  lastModifiedTime: string;
}

/** Async invocation settings of one qualifier (PutFunctionEventInvokeConfig). */
export interface EventInvokeConfigState {
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  destinationConfig?: Record<string, unknown>;
  /** Epoch seconds, as the API reports LastModified. */
  lastModified: number;
}

export interface FunctionState {
  tenant: string;
  accountId: string;
  name: string;
  latest: VersionState;
  versions: Record<string, VersionState>;
  nextVersion: number;
  aliases: Record<string, AliasState>;
  tags: Record<string, string>;
  reservedConcurrency?: number;
  urlConfigs: Record<string, UrlConfigState>;
  /** By qualifier ("$LATEST", version, alias); absent in state files written before it existed. */
  eventInvokeConfigs?: Record<string, EventInvokeConfigState>;
  /** Resource-policy statements by qualifier ("" for the unqualified function), stored, not enforced. */
  policies?: Record<string, PolicyStatement[]>;
}

/** One statement of a function's resource-based policy, in IAM's JSON shape. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: unknown;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

/** A version as invocation sees it: which function, which settings, which code. */
export interface ResolvedVersion {
  fn: FunctionState;
  version: VersionState;
  /** The qualifier the caller used (alias name, version, or undefined for unqualified). */
  qualifier?: string;
}
