import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { AppModel, FunctionSpec, TableSpec } from './appModel.js';
import { parseCloudFormationYaml } from './cfnYaml.js';
import { mergeGlobals, serverlessFunction } from './functionResource.js';
import { resolveIntrinsics, type IntrinsicContext } from './intrinsics.js';
import { dynamoDbTable, simpleTable } from './tableResource.js';
import { TemplateError } from './templateError.js';

export interface LoadOptions {
  /** Default: the app directory's name. */
  stackName?: string;
  /** `Name=Value` overrides of the template's Parameters. */
  parameterOverrides?: Record<string, string>;
  region?: string;
  /**
   * The account of `AWS::AccountId` and ARNs, or a function that looks it up (an API call), called
   * only when the template uses the account. Default: 000000000000.
   */
  accountId?: string | (() => Promise<string>);
}

type Props = Record<string, unknown>;

const TABLE_TYPES = new Set(['AWS::DynamoDB::Table', 'AWS::Serverless::SimpleTable']);
const FUNCTION_TYPE = 'AWS::Serverless::Function';
/** CloudFormation's rule for stack names, which also keeps `<stack>-<LogicalId>` a valid table name. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** `template.yaml` (or .yml / .json) in the app directory. */
export async function findTemplate(appDir: string): Promise<string> {
  for (const name of ['template.yaml', 'template.yml', 'template.json']) {
    const path = join(appDir, name);
    try {
      await readFile(path);
      return path;
    } catch {
      // try the next name
    }
  }
  throw new TemplateError(`no template.yaml in ${appDir}`);
}

/** CloudFormation's parameter constraints; a NoEcho value is never repeated in the message. */
function checkParameter(name: string, spec: Props, raw: string): void {
  const shown = spec.NoEcho === true || spec.NoEcho === 'true' ? 'the value' : raw;
  const allowed = spec.AllowedValues as unknown[] | undefined;
  if (allowed && !allowed.map(String).includes(raw)) throw new TemplateError(`parameter ${name}: ${shown} is not one of ${allowed.join(', ')}`);
  if (spec.MinLength !== undefined && raw.length < Number(spec.MinLength)) throw new TemplateError(`parameter ${name} must be at least ${String(spec.MinLength)} characters long`);
  if (spec.MaxLength !== undefined && raw.length > Number(spec.MaxLength)) throw new TemplateError(`parameter ${name} must be at most ${String(spec.MaxLength)} characters long`);
  if (typeof spec.AllowedPattern === 'string' && !new RegExp(`^(?:${spec.AllowedPattern})$`).test(raw))
    throw new TemplateError(`parameter ${name}: ${shown} does not match ${spec.AllowedPattern}${typeof spec.ConstraintDescription === 'string' ? ` (${spec.ConstraintDescription})` : ''}`);
  if (String(spec.Type) === 'Number' && !Number.isFinite(Number(raw))) throw new TemplateError(`parameter ${name}: ${shown} is not a number`);
}

function parameterValues(declared: Props, overrides: Record<string, string>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const name of Object.keys(overrides))
    if (!(name in declared)) throw new TemplateError(`parameter override ${name}: the template declares no such parameter`);
  for (const [name, spec] of Object.entries(declared as Record<string, Props>)) {
    const raw = overrides[name] ?? (spec?.Default === undefined ? undefined : String(spec.Default));
    if (raw === undefined) throw new TemplateError(`parameter ${name} has no Default: give it a value with --parameter ${name}=VALUE`);
    checkParameter(name, spec ?? {}, raw);
    values[name] = String(spec?.Type ?? 'String').startsWith('CommaDelimitedList') || String(spec?.Type).startsWith('List<') ? raw.split(',').map((s) => s.trim()) : raw;
  }
  return values;
}

/** Stands in for the account until the template shows it needs the real one. */
const PLACEHOLDER_ACCOUNT = '000000000000';

/**
 * Reads, validates and resolves an app's SAM template into what `kuhiro deploy` creates. With
 * an account lookup, the template is resolved once with a placeholder and, only if anything read
 * the account (an ARN, `AWS::AccountId`), again with the real one: apps that never name an ARN
 * cost no extra API call.
 */
export async function loadApp(appDir: string, options: LoadOptions = {}): Promise<AppModel> {
  const lookup = options.accountId;
  if (typeof lookup !== 'function') return resolveApp(appDir, options, lookup ?? PLACEHOLDER_ACCOUNT);
  const accountRead = { value: false };
  const draft = await resolveApp(appDir, options, PLACEHOLDER_ACCOUNT, accountRead);
  return accountRead.value ? resolveApp(appDir, options, await lookup()) : draft;
}

async function resolveApp(appDir: string, options: LoadOptions, accountId: string, accountRead?: { value: boolean }): Promise<AppModel> {
  const dir = resolve(appDir);
  const templatePath = await findTemplate(dir);
  let template: Props;
  try {
    template = parseCloudFormationYaml(await readFile(templatePath, 'utf8')) as Props;
  } catch (err) {
    throw new TemplateError(`${templatePath}: ${(err as Error).message}`);
  }
  if (typeof template !== 'object' || template === null || typeof template.Resources !== 'object')
    throw new TemplateError(`${templatePath}: a template needs a Resources section`);
  const stackName = options.stackName ?? basename(dir);
  if (!STACK_NAME.test(stackName)) throw new TemplateError(`stack name ${stackName} must start with a letter and hold only letters, digits and hyphens (use --stack NAME)`);
  const region = options.region ?? 'us-east-1';
  const ctx: IntrinsicContext = {
    stackName, region, accountId,
    ...(accountRead ? { accountRead } : {}),
    parameters: parameterValues((template.Parameters ?? {}) as Props, options.parameterOverrides ?? {}),
    names: {}, attributes: {},
    mappings: (template.Mappings ?? {}) as IntrinsicContext['mappings'],
    conditions: (template.Conditions ?? {}) as Props,
    where: 'template',
  };
  const globals = (template.Globals ?? {}) as Props;
  const warnings: string[] = [];
  const resources = Object.entries(template.Resources as Record<string, Props>).filter(([id, resource]) => {
    if (typeof resource?.Type !== 'string') throw new TemplateError(`resource ${id}: Type is required`);
    if (resource.Condition === undefined) return true;
    return resolveIntrinsics({ Condition: resource.Condition }, { ...ctx, where: `resource ${id}` }) === true;
  });

  // Physical names first: every !Ref to a table or function resolves to them, wherever it sits.
  for (const [id, resource] of resources) {
    const type = resource.Type as string;
    if (!TABLE_TYPES.has(type) && type !== FUNCTION_TYPE) continue;
    const props = (resource.Properties ?? {}) as Props;
    const explicit = type === FUNCTION_TYPE ? props.FunctionName : props.TableName;
    const name = explicit === undefined ? `${stackName}-${id}` : String(resolveIntrinsics(explicit, { ...ctx, where: `resource ${id}` }));
    ctx.names[id] = name;
    ctx.attributes[id] = type === FUNCTION_TYPE
      ? { Arn: `arn:aws:lambda:${region}:${accountId}:function:${name}` }
      : { Arn: `arn:aws:dynamodb:${region}:${accountId}:table/${name}` };
  }

  const tables: TableSpec[] = [];
  const functions: FunctionSpec[] = [];
  for (const [id, resource] of resources) {
    const type = resource.Type as string;
    const where = `resource ${id} (${type})`;
    if (!TABLE_TYPES.has(type) && type !== FUNCTION_TYPE) {
      warnings.push(`${where}: resource type ${type} is not supported by kuhiro deploy; skipped`);
      continue;
    }
    let raw = (resource.Properties ?? {}) as Props;
    if (type === FUNCTION_TYPE) raw = mergeGlobals(globals.Function, raw) as Props;
    if (type === 'AWS::Serverless::SimpleTable') raw = mergeGlobals(globals.SimpleTable, raw) as Props;
    const { Role: role, ...rest } = raw;
    const props = resolveIntrinsics(rest, { ...ctx, where }) as Props;
    if (role !== undefined) {
      // A Role that names an IAM resource kuhiro does not create cannot be resolved: on the edge
      // any role will do, and on AWS --role-arn supplies one.
      try {
        props.Role = resolveIntrinsics(role, { ...ctx, where });
      } catch (err) {
        warnings.push(`${where}: Role not used (${(err as Error).message.replace(`${where}: `, '')})`);
      }
    }
    const defaultName = ctx.names[id]!;
    if (type === 'AWS::DynamoDB::Table') tables.push(dynamoDbTable(id, props, defaultName, warnings));
    else if (type === 'AWS::Serverless::SimpleTable') tables.push(simpleTable(id, props, defaultName, warnings));
    else functions.push(serverlessFunction(id, props, defaultName, dirname(templatePath), warnings));
  }
  return { appDir: dir, templatePath, stackName, tables, functions, warnings };
}
