import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { AppModel } from '../app/appModel.js';
import { createClients, type AppClients } from '../app/clients.js';
import { deployApp, type DeployOptions } from '../app/deployApp.js';
import type { DeployState } from '../app/deployState.js';
import { loadApp } from '../app/loadTemplate.js';
import { deployToNetwork } from '../app/networkDeploy.js';
import { resolveTarget } from '../app/target.js';
import { planReload } from './changeRouter.js';
import { startDevNodes, type DevNodes } from './devNodes.js';
import { watchDirectory, type DirectoryWatcher } from './directoryWatcher.js';
import { readEnvFile } from './envFile.js';
import { FunctionReloader } from './functionReloader.js';
import { inspectTargets, type InspectTarget } from './inspectTargets.js';
import { inspectorWithoutSandboxNote } from './inspectorNote.js';

/** Dev nodes serve the node's default region; the deploy must sign for it whatever AWS_REGION says. */
const DEV_REGION = 'us-east-1';
/** Quiet time that ends an editor's burst of save events. */
const DEBOUNCE_MS = 25;
const NEVER_WATCHED = new Set(['.kuhiro', '.git', 'node_modules', '.aws-sam']);

export interface DevOptions {
  appDir: string;
  single: boolean;
  port: number;
  edges: number;
  envFile?: string;
  inspect?: string | true;
  inspectPort: number;
  stackName?: string;
  parameterOverrides?: Record<string, string>;
  out: (line: string) => void;
  warn: (line: string) => void;
}

export interface DevSession {
  nodes: DevNodes;
  stop(): Promise<void>;
}

/** The ready line scripts and tests wait for; keep it stable. */
export function devReadyLine(appDir: string): string {
  return `kuhiro dev: watching ${appDir} (Ctrl-C stops)`;
}

function elapsed(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}

/**
 * `kuhiro dev`: nodes with their data under `<app>/.kuhiro/dev`, the app deployed, and a watcher
 * that pushes each saved change: new code for the functions whose files changed
 * (UpdateFunctionCode), a new plan when the template or env file changed. The nodes are never
 * restarted, so table data and warm functions that did not change stay.
 */
export async function startDevSession(options: DevOptions, onNodesSpawned: (stop: () => Promise<void>) => void): Promise<DevSession> {
  const appDir = resolve(options.appDir);
  const envFile = options.envFile ? resolve(options.envFile) : undefined;
  const loadOptions = { ...(options.stackName ? { stackName: options.stackName } : {}), ...(options.parameterOverrides ? { parameterOverrides: options.parameterOverrides } : {}), region: DEV_REGION };
  let model: AppModel = await loadApp(appDir, loadOptions);
  let extraEnvironment = envFile ? await readEnvFile(envFile) : {};
  const inspected = inspectTargets(model, options.inspect, options.inspectPort);

  const nodes = await startDevNodes({
    dataDir: join(appDir, '.kuhiro', 'dev'),
    single: options.single,
    port: options.port,
    edges: options.edges,
    ...(inspected.length ? { inspect: { functionNames: inspected.map((target) => target.functionName), port: options.inspectPort } } : {}),
    show: options.out,
    onSpawned: onNodesSpawned,
  });
  nodes.onUnexpectedExit((name, how) => options.warn(`kuhiro dev: node ${name} exited (${how}); see ${join(appDir, '.kuhiro', 'dev', 'logs', `${name}.log`)}`));
  // Code goes to the primary PoP only: on a network, function replication takes it to the others
  // (as `kuhiro deploy --network` does).
  const clients: AppClients = createClients(resolveTarget('edge', { endpoint: nodes.primary.url, region: DEV_REGION }));
  const reloader = new FunctionReloader(clients, () => extraEnvironment);
  let watcher: DirectoryWatcher | undefined;
  let envWatcher: FSWatcher | undefined;
  const stop = async (): Promise<void> => {
    watcher?.close();
    envWatcher?.close();
    clients.destroy();
    await nodes.stop();
  };

  try {
    const deployOptions = (out: (line: string) => void): Omit<DeployOptions, 'target'> => ({
      appDir, ...loadOptions, out, warn: options.warn, extraEnvironment,
    });
    const deployAll = async (out: (line: string) => void): Promise<DeployState | undefined> => {
      const state = nodes.networkFile
        ? await deployToNetwork(nodes.networkFile, { ...deployOptions(out), region: DEV_REGION })
        : (await deployApp({ ...deployOptions(out), target: resolveTarget('edge', { endpoint: nodes.primary.url, region: DEV_REGION }) })).state;
      model = await loadApp(appDir, loadOptions);
      await reloader.recordDeployed(model.functions);
      return state;
    };

    const state = await deployAll((line) => options.out(`  ${line}`));
    printSummary(options.out, nodes, appDir, state, inspected);

    // Reloads run one after another; the watcher keeps collecting while one runs.
    let queue = Promise.resolve();
    const reload = async (paths: Set<string>, firstEventAt: number): Promise<void> => {
      const plan = planReload(paths, {
        templatePath: model.templatePath,
        ...(envFile ? { envFile } : {}),
        functions: model.functions.map((fn) => ({ logicalId: fn.logicalId, codeDir: fn.codeDir, inputs: reloader.inputsOf(fn.logicalId) })),
      });
      if (plan.kind === 'none') return;
      try {
        if (plan.kind === 'app') {
          if (envFile) extraEnvironment = await readEnvFile(envFile);
          const changes: string[] = [];
          await deployAll((line) => {
            if (/^ {2}(creating|updating) /.test(line)) changes.push(line.trim());
          });
          options.out(`reloaded app (${plan.reason}${changes.length ? `: ${changes.join(', ')}` : ', nothing to change'}) in ${elapsed(firstEventAt)}`);
          return;
        }
        const updated: string[] = [];
        for (const logicalId of plan.logicalIds) {
          const spec = model.functions.find((fn) => fn.logicalId === logicalId)!;
          const outcome = await reloader.reload(spec);
          if (outcome.kind === 'needsDeploy') {
            await deployAll(() => undefined);
            options.out(`reloaded app (configuration of ${logicalId} changed) in ${elapsed(firstEventAt)}`);
            return;
          }
          if (outcome.kind === 'updated') updated.push(logicalId);
        }
        if (updated.length) options.out(`reloaded ${updated.join(', ')} in ${elapsed(firstEventAt)}`);
      } catch (error) {
        options.warn(`reload failed: ${(error as Error).message} (the previous version keeps running)`);
      }
    };
    const onBatch = (paths: Set<string>, firstEventAt: number): void => {
      queue = queue.then(() => reload(paths, firstEventAt));
    };
    watcher = await watchDirectory(appDir, { skipDirectories: NEVER_WATCHED, debounceMs: DEBOUNCE_MS, onBatch, onError: (error) => options.warn(`watch: ${error.message}`) });
    if (envFile && !envFile.startsWith(appDir + '/')) {
      // An env file outside the app: watch its folder, for that one file.
      envWatcher = watch(dirname(envFile), (_event, name) => {
        if (name?.toString() === basename(envFile)) onBatch(new Set([envFile]), performance.now());
      });
    }
    options.out(devReadyLine(appDir));
    return { nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function printSummary(out: (line: string) => void, nodes: DevNodes, appDir: string, state: DeployState | undefined, inspected: InspectTarget[]): void {
  out(nodes.networkFile ? `Edge network (central + ${nodes.pops.length - 1} edges):` : 'Single node:');
  const rows: Array<[string, string]> = nodes.networkFile ? nodes.pops.map((pop) => [pop.name, pop.url]) : [['endpoint', nodes.primary.url]];
  if (nodes.networkFile) rows.push(['apps use', nodes.primary.url]);
  rows.push(['status page', `${nodes.primary.url}/_kuhiro/`], ['data', join(appDir, '.kuhiro', 'dev')]);
  for (const [id, fn] of Object.entries(state?.functions ?? {})) if (fn.url) rows.push([id, fn.url]);
  for (const target of inspected) rows.push([`inspect ${target.logicalId}`, `127.0.0.1:${target.port}`]);
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) out(`  ${name.padEnd(width)}  ${value}`);
  if (inspected.length) out(`  ${inspectorWithoutSandboxNote()}`);
}
