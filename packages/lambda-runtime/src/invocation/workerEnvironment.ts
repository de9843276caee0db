import { randomBytes } from 'node:crypto';
import type { FunctionState, VersionState } from '../registry/types.js';
import { filterSandboxEnvironment } from './sandboxEnvironment.js';

export interface WorkerEnvironmentInput {
  fn: FunctionState;
  version: VersionState;
  region: string;
  endpointUrl: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  taskRoot: string;
  runtimeDir: string;
  sdkNodeModules: string | undefined;
  tmpDir: string;
  now: number;
}

/**
 * The variables every environment has whatever its function: also what a spare environment
 * boots with (spareEnvironments.ts), so the ones Node reads at startup (NODE_PATH) are the same.
 */
export function processBaseEnvironment(tmpDir: string, sdkNodeModules: string | undefined): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    HOME: tmpDir,
    TMPDIR: tmpDir,
    ...(sdkNodeModules ? { NODE_PATH: sdkNodeModules } : {}),
  };
}

/**
 * The environment variables Lambda sets for a Node.js function, plus the AWS SDK settings that
 * point unchanged function code at this node (AWS_ENDPOINT_URL is honoured by SDK v3 >= 3.4xx).
 * Nothing of the node's own environment leaks in: not its credentials, not its paths. HOME is
 * the environment's own /tmp, so the SDK's look for ~/.aws files stays inside the sandbox.
 */
export function workerEnvironment(input: WorkerEnvironmentInput): { env: Record<string, string>; dropped: string[] } {
  const { fn, version, region } = input;
  const date = new Date(input.now).toISOString().slice(0, 10).replaceAll('-', '/');
  const user = filterSandboxEnvironment(version.settings.environment);
  const env: Record<string, string> = {
    ...user.variables,
    ...processBaseEnvironment(input.tmpDir, input.sdkNodeModules),
    _HANDLER: version.settings.handler,
    LAMBDA_TASK_ROOT: input.taskRoot,
    LAMBDA_RUNTIME_DIR: input.runtimeDir,
    AWS_EXECUTION_ENV: `AWS_Lambda_${version.settings.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: version.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(version.settings.memorySize),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${date}/[${version.version}]${randomBytes(16).toString('hex')}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ENDPOINT_URL: input.endpointUrl,
    AWS_ACCESS_KEY_ID: input.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: input.credentials.secretAccessKey,
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
    // The SDK warns once per process when the Node running it is older than it will support
    // (22). That is the node's host Node, not the function's declared runtime (nodejs22.x runs
    // on the host's Node here), so the warning would only be noise in every cold start's log.
    // A function may still set it in its own Environment, which comes first and is kept.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: user.variables.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? 'true',
  };
  return { env, dropped: user.dropped };
}
