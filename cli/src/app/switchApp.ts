import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createClients, type CallRecorder } from './clients.js';
import { copyTables, type TableCopyResult } from './copyTables.js';
import { deployApp, type DeployResult } from './deployApp.js';
import { kuhiroDir, readDeployState } from './deployState.js';
import { applyEndpointConfig } from './endpointConfig.js';
import { isErrorNamed } from './planItem.js';
import type { ProgressSink } from './progressBar.js';
import { DEFAULT_EDGE_ENDPOINT, describeTarget, resolveTarget, type Target, type TargetName } from './target.js';

export interface SwitchOptions {
  appDir: string;
  to: TargetName;
  profile: string;
  copyData: boolean;
  dryRun: boolean;
  edgeEndpoint?: string;
  region?: string;
  roleArn?: string;
  stackName?: string;
  parameterOverrides?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  out: (line: string) => void;
  warn: (line: string) => void;
  progress: ProgressSink;
  /** Scan page size for the copy (tests use small pages). */
  pageSize?: number;
  signal?: AbortSignal;
  recorder?: CallRecorder;
}

export interface SwitchResult {
  from: Target;
  to: Target;
  deploy: DeployResult;
  copies: TableCopyResult[];
  configChanges: string[];
}

function sideName(target: Target): string {
  return `${target.name}:${target.endpoint ?? target.region}`;
}

async function tableExists(target: Target, table: string): Promise<number | undefined> {
  const clients = createClients(target);
  try {
    return (await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table?.ItemCount ?? 0;
  } catch (err) {
    if (isErrorNamed(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  } finally {
    clients.destroy();
  }
}

/**
 * `kuhiro switch`: deploy the app to the other side if needed, copy its tables' data there
 * (verified), and only then point the profile and `.env` at it.
 */
export async function switchApp(options: SwitchOptions): Promise<SwitchResult> {
  const { out } = options;
  const env = options.env ?? process.env;
  const fromName: TargetName = options.to === 'aws' ? 'edge' : 'aws';
  const edgeState = await readDeployState(options.appDir, 'edge');
  const awsState = await readDeployState(options.appDir, 'aws');
  const edgeEndpoint = options.edgeEndpoint ?? edgeState?.endpoint ?? DEFAULT_EDGE_ENDPOINT;
  const edge = resolveTarget('edge', { endpoint: edgeEndpoint, region: options.region ?? edgeState?.region }, env);
  const aws = resolveTarget('aws', { region: options.region ?? env.AWS_REGION ?? awsState?.region ?? edge.region }, env);
  const [from, to] = options.to === 'aws' ? [edge, aws] : [aws, edge];
  out(`Switching ${options.appDir} from ${describeTarget(from)} to ${describeTarget(to)}${options.dryRun ? ' (dry run: nothing is changed)' : ''}`);

  out(`1. Deploy the app to ${to.name}`);
  const deploy = await deployApp({
    appDir: options.appDir, target: to, dryRun: options.dryRun, out, warn: options.warn,
    ...(options.roleArn ? { roleArn: options.roleArn } : {}),
    ...(options.stackName ? { stackName: options.stackName } : {}),
    ...(options.parameterOverrides ? { parameterOverrides: options.parameterOverrides } : {}),
    ...(options.recorder ? { recorder: options.recorder } : {}),
  });

  let copies: TableCopyResult[] = [];
  const tables = deploy.model.tables.map((t) => t.TableName);
  if (!options.copyData) out('2. Copy data: skipped (--no-data)');
  else {
    out(`2. Copy the data of ${tables.length} table(s) from ${from.name} to ${to.name}`);
    const present: string[] = [];
    for (const table of tables) {
      const count = await tableExists(from, table);
      if (count === undefined) options.warn(`warning: table ${table} does not exist on ${from.name}; nothing to copy`);
      else {
        present.push(table);
        if (options.dryRun) out(`  ${table}: about ${count} items would be copied`);
      }
    }
    if (!options.dryRun && present.length) {
      const source = createClients(from, options.recorder);
      const target = createClients(to, options.recorder);
      try {
        copies = await copyTables({
          source: source.dynamodb, target: target.dynamodb, sourceName: sideName(from), targetName: sideName(to), tables: present,
          checkpointPath: join(kuhiroDir(options.appDir), `copy-${from.name}-to-${to.name}.json`),
          progress: options.progress, out,
          ...(options.pageSize ? { pageSize: options.pageSize } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } finally {
        source.destroy();
        target.destroy();
      }
      const failed = copies.filter((copy) => !copy.verified);
      if (failed.length)
        throw new Error(`the copy of ${failed.map((c) => c.table).join(', ')} does not match the source (was the app still writing?); endpoints were not switched: run the command again`);
    }
  }

  out(`3. Point the app's AWS configuration at ${to.name}`);
  const configChanges = await applyEndpointConfig({
    appDir: options.appDir, target: to.name, profile: options.profile, edgeEndpoint: edge.endpoint!, region: to.region, dryRun: options.dryRun, env,
  });
  for (const change of configChanges) out(`  ${options.dryRun ? 'would change' : 'changed'} ${change}`);
  if (!configChanges.length) out(`  already pointing at ${to.name}`);
  if (!options.dryRun) {
    out(`Switched to ${to.name}. Use it with: export AWS_PROFILE=${options.profile}  (or load ${join(options.appDir, '.env')})`);
    out(`To switch back: kuhiro switch ${from.name} --app ${options.appDir}`);
  }
  return { from, to, deploy, copies, configChanges };
}
