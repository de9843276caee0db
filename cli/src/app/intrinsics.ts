import { TemplateError } from './templateError.js';

/** What `!Ref` and `!GetAtt` can see while a template is resolved. */
export interface IntrinsicContext {
  stackName: string;
  region: string;
  accountId: string;
  /** Parameter values after defaults and overrides. */
  parameters: Record<string, string | string[]>;
  /** Logical id -> physical name (tables and functions), for `!Ref`. */
  names: Record<string, string>;
  /** Logical id -> attribute -> value, for `!GetAtt` (Arn, ...). */
  attributes: Record<string, Record<string, string>>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
  conditions: Record<string, unknown>;
  /** Where in the template we are, for error messages. */
  where: string;
  /**
   * Set when something read the account id (`AWS::AccountId`, `AWS::StackId`, an `Arn`): the
   * caller then knows the resolved template depends on it. An object, so it survives `{...ctx}`.
   */
  accountRead?: { value: boolean };
}

const INTRINSIC = /^(Ref|Condition|Fn::[A-Za-z0-9]+)$/;

function pseudoParameter(name: string, ctx: IntrinsicContext): string | undefined {
  if (ctx.accountRead && (name === 'AWS::AccountId' || name === 'AWS::StackId')) ctx.accountRead.value = true;
  switch (name) {
    case 'AWS::Region': return ctx.region;
    case 'AWS::AccountId': return ctx.accountId;
    case 'AWS::StackName': return ctx.stackName;
    case 'AWS::StackId': return `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}/kuhiro`;
    case 'AWS::Partition': return 'aws';
    case 'AWS::URLSuffix': return 'amazonaws.com';
    case 'AWS::NoValue': return undefined;
    default: return undefined;
  }
}

function fail(ctx: IntrinsicContext, message: string): never {
  throw new TemplateError(`${ctx.where}: ${message}`);
}

function ref(name: unknown, ctx: IntrinsicContext): unknown {
  if (typeof name !== 'string') fail(ctx, 'Ref needs a name');
  if (name in ctx.parameters) return ctx.parameters[name];
  if (name.startsWith('AWS::')) {
    const value = pseudoParameter(name, ctx);
    if (value === undefined && name !== 'AWS::NoValue') fail(ctx, `unsupported pseudo parameter ${name}`);
    return value;
  }
  if (name in ctx.names) return ctx.names[name];
  return fail(ctx, `cannot resolve !Ref ${name} (not a parameter or a supported resource)`);
}

function getAtt(args: unknown, ctx: IntrinsicContext): string {
  const [resource, attribute] = Array.isArray(args) ? (args as unknown[]) : [];
  if (typeof resource !== 'string' || typeof attribute !== 'string') fail(ctx, 'Fn::GetAtt needs [LogicalId, Attribute]');
  const value = ctx.attributes[resource]?.[attribute];
  if (value === undefined) fail(ctx, `cannot resolve !GetAtt ${resource}.${attribute}`);
  if (ctx.accountRead && value.includes(`:${ctx.accountId}:`)) ctx.accountRead.value = true;
  return value;
}

function sub(args: unknown, ctx: IntrinsicContext): string {
  const [template, variables] = typeof args === 'string' ? [args, {}] : Array.isArray(args) ? (args as [unknown, unknown]) : [undefined, undefined];
  if (typeof template !== 'string') fail(ctx, 'Fn::Sub needs a string or [string, {variables}]');
  const locals = (resolveIntrinsics(variables ?? {}, ctx) ?? {}) as Record<string, unknown>;
  // `${!Literal}` stands for the text `${Literal}`.
  return template.replace(/\$\{(!?)([^}]*)\}/g, (_all, bang: string, name: string) => {
    if (bang) return `\${${name}}`;
    if (name in locals) return String(locals[name]);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return getAtt([name.slice(0, dot), name.slice(dot + 1)], ctx);
    return String(ref(name, ctx));
  });
}

function asList(value: unknown, ctx: IntrinsicContext, fn: string): unknown[] {
  if (!Array.isArray(value)) fail(ctx, `${fn} needs a list`);
  return value;
}

function condition(name: unknown, ctx: IntrinsicContext): boolean {
  if (typeof name !== 'string' || !(name in ctx.conditions)) fail(ctx, `unknown condition ${String(name)}`);
  return Boolean(resolveIntrinsics(ctx.conditions[name], ctx));
}

function callFunction(fn: string, args: unknown, ctx: IntrinsicContext): unknown {
  switch (fn) {
    case 'Ref': return ref(args, ctx);
    case 'Condition': return condition(args, ctx);
    case 'Fn::GetAtt': return getAtt(resolveIntrinsics(args, ctx), ctx);
    case 'Fn::Sub': return sub(args, ctx);
    case 'Fn::Join': {
      const [delimiter, items] = asList(resolveIntrinsics(args, ctx), ctx, fn);
      return asList(items, ctx, fn).map(String).join(String(delimiter));
    }
    case 'Fn::Select': {
      const [index, items] = asList(resolveIntrinsics(args, ctx), ctx, fn);
      const list = asList(items, ctx, fn);
      const i = Number(index);
      if (!Number.isInteger(i) || i < 0 || i >= list.length) fail(ctx, `Fn::Select index ${String(index)} is out of range`);
      return list[i];
    }
    case 'Fn::Split': {
      const [delimiter, text] = asList(resolveIntrinsics(args, ctx), ctx, fn);
      return String(text).split(String(delimiter));
    }
    case 'Fn::Base64': return Buffer.from(String(resolveIntrinsics(args, ctx))).toString('base64');
    case 'Fn::FindInMap': {
      const [map, top, second] = asList(resolveIntrinsics(args, ctx), ctx, fn).map(String);
      const value = ctx.mappings[map!]?.[top!]?.[second!];
      if (value === undefined) fail(ctx, `Fn::FindInMap found nothing at ${map}.${top}.${second}`);
      return value;
    }
    case 'Fn::If': {
      const [name, whenTrue, whenFalse] = asList(args, ctx, fn);
      return resolveIntrinsics(condition(name, ctx) ? whenTrue : whenFalse, ctx);
    }
    case 'Fn::Equals': {
      const [a, b] = asList(resolveIntrinsics(args, ctx), ctx, fn);
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::Not': return !asList(resolveIntrinsics(args, ctx), ctx, fn)[0];
    case 'Fn::And': return asList(resolveIntrinsics(args, ctx), ctx, fn).every(Boolean);
    case 'Fn::Or': return asList(resolveIntrinsics(args, ctx), ctx, fn).some(Boolean);
    default: return fail(ctx, `${fn} is not supported by kuhiro deploy`);
  }
}

/**
 * Replaces every intrinsic function in `value` (long forms; the YAML tags already turned short
 * forms into them) with its value. `Ref: AWS::NoValue` removes the property, as in CloudFormation.
 */
export function resolveIntrinsics(value: unknown, ctx: IntrinsicContext): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, ctx)).filter((v) => v !== undefined);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1 && INTRINSIC.test(entries[0]![0])) return callFunction(entries[0]![0], entries[0]![1], ctx);
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) {
    const resolved = resolveIntrinsics(v, ctx);
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}
