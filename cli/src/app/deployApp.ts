import { GetFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import type { AppModel } from './appModel.js';
import { createClients, type CallRecorder } from './clients.js';
import { writeDeployState, type DeployState } from './deployState.js';
import { planFunction, planFunctionUrl } from './functionPlan.js';
import { loadApp, type LoadOptions } from './loadTemplate.js';
import { callerAccountId } from './callerAccount.js';
import type { PlanItem } from './planItem.js';
import { planTable } from './tablePlan.js';
import { describeTarget, type Target } from './target.js';
import { TemplateError } from './templateError.js';
import { packageFunction } from '../dev/functionPackage.js';

/** On the edge any ARN-shaped role does: nodes run functions without IAM. */
export const EDGE_PLACEHOLDER_ROLE = 'arn:aws:iam::000000000000:role/kuhiro-edge-function';

export interface DeployOptions extends Pick<LoadOptions, 'stackName' | 'parameterOverrides'> {
  appDir: string;
  target: Target;
  roleArn?: string;
  dryRun?: boolean;
  recorder?: CallRecorder;
  /** Default true; a network deploy writes one state for all PoPs instead. */
  writeState?: boolean;
  /** Plan and progress lines (stdout in the CLI). */
  out: (line: string) => void;
  /** Warnings (stderr in the CLI). */
  warn: (line: string) => void;
  /** Variables added to every function's Environment (an env file); they win over the template's. */
  extraEnvironment?: Record<string, string>;
}

export interface DeployResult {
  model: AppModel;
  plan: Omit<PlanItem, 'apply'>[];
  changed: boolean;
  /** Undefined after a dry run. */
  state?: DeployState;
}

function roleFor(fn: AppModel['functions'][number], options: DeployOptions): string {
  const role = fn.Role ?? options.roleArn ?? (options.target.name === 'edge' ? EDGE_PLACEHOLDER_ROLE : undefined);
  if (!role) throw new TemplateError(`function ${fn.logicalId} has no Role in the template: pass --role-arn ARN (an IAM role that Lambda can assume) to deploy it to AWS`);
  return role;
}

function planLine(item: Omit<PlanItem, 'apply'>): string {
  const details = item.details.length ? ` (${item.details.join('; ')})` : '';
  return `  ${item.action.padEnd(10)} ${item.kind.padEnd(9)} ${item.name}${details}`;
}

/** `kuhiro deploy`: plan, then create or update the app's tables, functions and URLs on one target. */
export async function deployApp(options: DeployOptions): Promise<DeployResult> {
  const { target, out } = options;
  // The account only if the template names it (an ARN, AWS::AccountId): see callerAccount.ts.
  const model = await loadApp(options.appDir, { ...options, region: target.region, accountId: () => callerAccountId(target, options.recorder) });
  out(`Deploying stack ${model.stackName} to ${describeTarget(target)}${options.dryRun ? ' (dry run: nothing is changed)' : ''}`);
  for (const warning of model.warnings) options.warn(`warning: ${warning}`);
  const withPolicies = model.functions.filter((fn) => fn.hasPolicies && !fn.Role);
  // On the edge there is no IAM, so Policies mean nothing there; on AWS the user must know.
  if (target.name === 'aws' && withPolicies.length)
    options.warn(`warning: SAM Policies of ${withPolicies.map((fn) => fn.logicalId).join(', ')} are not turned into a role: the functions run with ${options.roleArn ?? 'their Role'}, which must grant what the Policies say`);
  const roles = new Map(model.functions.map((fn) => [fn.logicalId, roleFor(fn, options)]));
  const clients = createClients(target, options.recorder);
  try {
    const plan: PlanItem[] = [];
    for (const table of model.tables) plan.push(await planTable(clients.dynamodb, table));
    for (const declared of model.functions) {
      // TypeScript handlers are bundled here (and get NODE_OPTIONS=--enable-source-maps).
      const { spec: fn, code } = await packageFunction({ ...declared, Environment: { ...declared.Environment, ...options.extraEnvironment } });
      const item = await planFunction(clients.lambda, fn, roles.get(fn.logicalId)!, code);
      plan.push(item);
      const url = await planFunctionUrl(clients.lambda, fn, item.action === 'create');
      if (url) plan.push(url);
    }
    out('Plan:');
    for (const item of plan) out(planLine(item));
    const changes = plan.filter((item) => item.action !== 'unchanged');
    const summary = plan.map(({ apply: _apply, ...rest }) => rest);
    if (options.dryRun) return { model, plan: summary, changed: changes.length > 0 };
    if (changes.length === 0) out(`No changes: stack ${model.stackName} on ${target.name} is up to date.`);
    for (const item of changes) {
      out(`  ${item.action === 'create' ? 'creating' : 'updating'} ${item.kind} ${item.name} ...`);
      await item.apply(out);
    }
    const state: DeployState = {
      target: target.name,
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
      region: target.region,
      stack: model.stackName,
      deployedAt: new Date().toISOString(),
      tables: Object.fromEntries(model.tables.map((t) => [t.logicalId, { name: t.TableName }])),
      functions: {},
    };
    for (const fn of model.functions) {
      const url = fn.url ? (await clients.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: fn.FunctionName }))).FunctionUrl : undefined;
      state.functions[fn.logicalId] = { name: fn.FunctionName, ...(url ? { url } : {}) };
    }
    if (options.writeState !== false) await writeDeployState(model.appDir, state);
    const urls = Object.entries(state.functions).filter(([, fn]) => fn.url);
    if (urls.length) {
      out('Function URLs:');
      const width = Math.max(...urls.map(([id]) => id.length));
      for (const [id, fn] of urls) out(`  ${id.padEnd(width)}  ${fn.url}`);
    }
    if (changes.length) out(`Deployed stack ${model.stackName} to ${target.name}: ${changes.length} change(s).`);
    return { model, plan: summary, changed: changes.length > 0, state };
  } finally {
    clients.destroy();
  }
}
