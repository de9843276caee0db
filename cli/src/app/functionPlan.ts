import {
  AddPermissionCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  GetFunctionCommand,
  GetFunctionUrlConfigCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionUrlConfigCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type Architecture,
  type Cors,
  type FunctionConfiguration,
  type LambdaClient,
  type Runtime,
} from '@aws-sdk/client-lambda';
import type { FunctionSpec } from './appModel.js';
import { isErrorNamed, sleep, type PlanItem } from './planItem.js';
import type { CodePackage } from './zipDirectory.js';

const WAIT = { maxWaitTime: 300, minDelay: 1, maxDelay: 5 };

async function getFunction(client: LambdaClient, name: string): Promise<FunctionConfiguration | undefined> {
  try {
    return (await client.send(new GetFunctionCommand({ FunctionName: name }))).Configuration;
  } catch (err) {
    if (isErrorNamed(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  }
}

function configuration(spec: FunctionSpec, role: string) {
  return {
    FunctionName: spec.FunctionName,
    Runtime: spec.Runtime as Runtime,
    Handler: spec.Handler,
    Role: role,
    MemorySize: spec.MemorySize,
    Timeout: spec.Timeout,
    Description: spec.Description ?? '',
    Environment: { Variables: spec.Environment },
  };
}

function sameVariables(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const left = a ?? {};
  return Object.keys(left).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => left[k] === v);
}

function configDifferences(current: FunctionConfiguration, spec: FunctionSpec, role: string): string[] {
  const diffs: string[] = [];
  if (current.Runtime !== spec.Runtime) diffs.push(`runtime ${current.Runtime} -> ${spec.Runtime}`);
  if (current.Handler !== spec.Handler) diffs.push(`handler ${current.Handler} -> ${spec.Handler}`);
  if (current.MemorySize !== spec.MemorySize) diffs.push(`memory ${current.MemorySize} -> ${spec.MemorySize}`);
  if (current.Timeout !== spec.Timeout) diffs.push(`timeout ${current.Timeout} -> ${spec.Timeout}`);
  if ((current.Description ?? '') !== (spec.Description ?? '')) diffs.push('description');
  if (current.Role !== role) diffs.push('role');
  if (!sameVariables(current.Environment?.Variables, spec.Environment)) diffs.push('environment');
  return diffs;
}

/**
 * A role created moments ago is not yet assumable by Lambda (IAM is eventually consistent):
 * AWS answers InvalidParameterValueException "The role defined for the function cannot be
 * assumed by Lambda." for a few seconds, so that one error is retried.
 */
async function withRoleRetry<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (attempt >= 8 || !isErrorNamed(err, 'InvalidParameterValueException') || !/cannot be assumed/.test((err as Error).message)) throw err;
      await sleep(2_000 * attempt);
    }
  }
}

export async function planFunction(client: LambdaClient, spec: FunctionSpec, role: string, code: CodePackage): Promise<PlanItem> {
  const base = { kind: 'function' as const, logicalId: spec.logicalId, name: spec.FunctionName };
  const current = await getFunction(client, spec.FunctionName);
  const FunctionName = spec.FunctionName;
  if (!current) {
    return {
      ...base, action: 'create', details: [],
      apply: async () => {
        await withRoleRetry(() => client.send(new CreateFunctionCommand({
          ...configuration(spec, role), Code: { ZipFile: code.zip }, ...(spec.Architectures ? { Architectures: spec.Architectures as Architecture[] } : {}),
        })));
        await waitUntilFunctionActiveV2({ client, ...WAIT }, { FunctionName });
      },
    };
  }
  const details: string[] = [];
  const currentArchitectures = (current.Architectures ?? ['x86_64']).join(',');
  const wantedArchitectures = (spec.Architectures ?? ['x86_64']).join(',');
  const architectureChanged = currentArchitectures !== wantedArchitectures;
  // Lambda changes a function's architecture only together with its code (UpdateFunctionCode).
  const codeChanged = current.CodeSha256 !== code.sha256 || architectureChanged;
  if (current.CodeSha256 !== code.sha256) details.push('code');
  if (architectureChanged) details.push(`architecture ${currentArchitectures} -> ${wantedArchitectures}`);
  const configDiffs = configDifferences(current, spec, role);
  details.push(...configDiffs);
  return {
    ...base,
    action: details.length ? 'update' : 'unchanged',
    details,
    apply: async () => {
      if (codeChanged) {
        await client.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile: code.zip, ...(architectureChanged ? { Architectures: (spec.Architectures ?? ['x86_64']) as Architecture[] } : {}) }));
        await waitUntilFunctionUpdatedV2({ client, ...WAIT }, { FunctionName });
      }
      if (configDiffs.length) {
        await withRoleRetry(() => client.send(new UpdateFunctionConfigurationCommand(configuration(spec, role))));
        await waitUntilFunctionUpdatedV2({ client, ...WAIT }, { FunctionName });
      }
    },
  };
}

function sameCors(current: Cors | undefined, wanted: Record<string, unknown> | undefined): boolean {
  if (!wanted) return true; // no Cors in the template: leave whatever is there
  return Object.entries(wanted).every(([key, value]) => JSON.stringify((current as Record<string, unknown> | undefined)?.[key]) === JSON.stringify(value));
}

/** The function URL, with the resource policy that makes an AuthType NONE URL public on AWS. */
export async function planFunctionUrl(client: LambdaClient, spec: FunctionSpec, functionIsNew: boolean): Promise<PlanItem | undefined> {
  const url = spec.url;
  if (!url) return undefined;
  const base = { kind: 'url' as const, logicalId: spec.logicalId, name: spec.FunctionName };
  const FunctionName = spec.FunctionName;
  let current: { AuthType?: string; Cors?: Cors } | undefined;
  if (!functionIsNew) {
    try {
      current = await client.send(new GetFunctionUrlConfigCommand({ FunctionName }));
    } catch (err) {
      if (!isErrorNamed(err, 'ResourceNotFoundException')) throw err;
    }
  }
  const config = { FunctionName, AuthType: url.AuthType, ...(url.Cors ? { Cors: url.Cors as Cors } : {}) };
  if (!current) {
    return {
      ...base, action: 'create', details: [`auth ${url.AuthType}`],
      apply: async () => {
        await client.send(new CreateFunctionUrlConfigCommand(config));
        if (url.AuthType === 'NONE') await allowPublicAccess(client, FunctionName);
      },
    };
  }
  const details: string[] = [];
  if (current.AuthType !== url.AuthType) details.push(`auth ${current.AuthType} -> ${url.AuthType}`);
  if (!sameCors(current.Cors, url.Cors)) details.push('cors');
  return {
    ...base, action: details.length ? 'update' : 'unchanged', details,
    apply: async () => {
      await client.send(new UpdateFunctionUrlConfigCommand(config));
      if (url.AuthType === 'NONE') await allowPublicAccess(client, FunctionName);
    },
  };
}

/**
 * AWS serves an AuthType NONE URL only when the resource policy allows `lambda:InvokeFunctionUrl`
 * to everyone (the console adds the same statement); since October 2025 new URLs also need
 * `lambda:InvokeFunction` limited to calls via the URL. An existing statement is fine.
 */
async function allowPublicAccess(client: LambdaClient, FunctionName: string): Promise<void> {
  const statements = [
    { StatementId: 'FunctionURLAllowPublicAccess', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' as const },
    { StatementId: 'FunctionURLInvokeAllowPublicAccess', Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true },
  ];
  for (const statement of statements) {
    try {
      await client.send(new AddPermissionCommand({ FunctionName, ...statement }));
    } catch (err) {
      if (!isErrorNamed(err, 'ResourceConflictException')) throw err;
    }
  }
}
