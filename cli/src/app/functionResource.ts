import { isAbsolute, resolve } from 'node:path';
import type { FunctionSpec, FunctionUrlSpec } from './appModel.js';
import { TemplateError } from './templateError.js';

type Props = Record<string, unknown>;

const FUNCTION_PROPERTIES_APPLIED = new Set([
  'FunctionName', 'CodeUri', 'Handler', 'Runtime', 'MemorySize', 'Timeout', 'Description', 'Architectures', 'Environment',
  'Role', 'Events', 'FunctionUrlConfig', 'Policies',
]);

/**
 * SAM's Globals rule: the resource's own value wins for scalars, maps merge key by key (so
 * Environment.Variables from Globals and from the function combine), lists are concatenated.
 */
export function mergeGlobals(globals: unknown, own: unknown): unknown {
  if (own === undefined) return globals;
  if (globals === undefined) return own;
  if (Array.isArray(globals) && Array.isArray(own)) return [...(globals as unknown[]), ...(own as unknown[])];
  if (isPlainMap(globals) && isPlainMap(own)) {
    const out: Props = { ...globals };
    for (const [key, value] of Object.entries(own)) out[key] = mergeGlobals(globals[key], value);
    return out;
  }
  return own;
}

function isPlainMap(value: unknown): value is Props {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function urlFrom(props: Props, where: string, warnings: string[]): FunctionUrlSpec | undefined {
  let url: FunctionUrlSpec | undefined;
  const config = props.FunctionUrlConfig as Props | undefined;
  if (config) {
    const authType = config.AuthType ?? 'NONE';
    if (authType !== 'NONE' && authType !== 'AWS_IAM') throw new TemplateError(`${where}: FunctionUrlConfig.AuthType must be NONE or AWS_IAM`);
    url = { AuthType: authType, ...(isPlainMap(config.Cors) ? { Cors: config.Cors } : {}) };
  }
  for (const [name, event] of Object.entries((props.Events ?? {}) as Record<string, Props>)) {
    const type = String(event?.Type);
    // An HttpApi (API Gateway v2) event is served by a public function URL on the edge: same
    // payload format 2.0, one URL per function instead of one per API.
    if (type === 'HttpApi' || type === 'FunctionUrlConfig') url ??= { AuthType: 'NONE' };
    else warnings.push(`${where}: event ${name} of type ${type} is not supported (no trigger is created)`);
  }
  return url;
}

/** `AWS::Serverless::Function` (Globals already merged) -> FunctionSpec. */
export function serverlessFunction(logicalId: string, props: Props, defaultName: string, templateDir: string, warnings: string[]): FunctionSpec {
  const where = `resource ${logicalId} (AWS::Serverless::Function)`;
  if (props.PackageType === 'Image') throw new TemplateError(`${where}: PackageType Image is not supported; use a zip package (CodeUri)`);
  if (props.InlineCode !== undefined) throw new TemplateError(`${where}: InlineCode is not supported; put the code in a directory and set CodeUri`);
  if (props.CodeUri === undefined) throw new TemplateError(`${where}: CodeUri is required (the directory holding the function's code)`);
  if (typeof props.CodeUri !== 'string') throw new TemplateError(`${where}: CodeUri must be a local directory, not an S3 location`);
  if (typeof props.Handler !== 'string' || props.Handler === '') throw new TemplateError(`${where}: Handler is required (for example index.handler)`);
  if (typeof props.Runtime !== 'string') throw new TemplateError(`${where}: Runtime is required (for example nodejs20.x)`);
  for (const key of Object.keys(props)) if (!FUNCTION_PROPERTIES_APPLIED.has(key)) warnings.push(`${where}: property ${key} is not applied`);
  const environment = ((props.Environment as Props | undefined)?.Variables ?? {}) as Props;
  const url = urlFrom(props, where, warnings);
  return {
    logicalId,
    FunctionName: typeof props.FunctionName === 'string' ? props.FunctionName : defaultName,
    codeDir: isAbsolute(props.CodeUri) ? props.CodeUri : resolve(templateDir, props.CodeUri),
    Handler: props.Handler,
    Runtime: props.Runtime,
    MemorySize: props.MemorySize === undefined ? 128 : Number(props.MemorySize),
    Timeout: props.Timeout === undefined ? 3 : Number(props.Timeout),
    ...(typeof props.Description === 'string' ? { Description: props.Description } : {}),
    ...(Array.isArray(props.Architectures) ? { Architectures: props.Architectures.map(String) } : {}),
    Environment: Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])),
    ...(typeof props.Role === 'string' ? { Role: props.Role } : {}),
    hasPolicies: props.Policies !== undefined,
    ...(url ? { url } : {}),
  };
}
