import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../../src/start/freePorts.js';
import { progress } from './progress.js';

/** scripts/bench/peers/serverless-offline, found from the compiled file (scripts/dist/bench/support). */
const PEER_DIR = fileURLToPath(new URL('../../../bench/peers/serverless-offline/', import.meta.url));
const SERVERLESS_BIN = path.join(PEER_DIR, 'node_modules', 'serverless', 'bin', 'serverless.js');
const READY_LINE = /Offline \[http for lambda\] listening on/;

/** serverless v3 phones home unless told not to; the bench machine may have no internet at all. */
const QUIET_ENV = { SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*', SLS_TRACKING_DISABLED: '1' };

export interface PeerFunction {
  name: string;
  /** CommonJS source of index.js; its handler is `exports.handler`. */
  source: string;
  environment?: Record<string, string>;
}

export interface ServerlessOfflineProcess {
  /** Lambda-invoke-compatible endpoint (lambdaPort). */
  endpoint: string;
  /** The name to invoke a function by (`<service>-<stage>-<name>`). */
  functionName(name: string): string;
  /** From spawn to the ready line. */
  startMs: number;
  /** The `serverless` process (the root of its process tree). */
  pid: number;
  stop(): Promise<void>;
}

/** Installs the peer from its lock file once (`npm ci --prefix`), so the root install stays lean. */
export async function ensureServerlessOffline(): Promise<void> {
  if (existsSync(SERVERLESS_BIN)) return;
  progress('installing serverless@3 + serverless-offline into scripts/bench/peers/serverless-offline (once)');
  await promisify(execFile)('npm', ['ci', '--prefix', PEER_DIR, '--no-audit', '--no-fund'], { timeout: 600_000 });
}

/**
 * Generates a serverless.yml service (provider aws, nodejs20.x, one function per handler) in a temp
 * dir and runs `serverless offline start` in its own process group, so stop() takes down every
 * process it started. Handler folders get a node_modules link to the repo's, so `@aws-sdk/*`
 * resolves as on Lambda's runtime.
 */
export async function startServerlessOffline(functions: PeerFunction[], sdkNodeModules: string): Promise<ServerlessOfflineProcess> {
  await ensureServerlessOffline();
  const dir = await mkdtemp(path.join(tmpdir(), 'kuhiro-sls-'));
  await symlink(path.join(PEER_DIR, 'node_modules'), path.join(dir, 'node_modules'));
  const lines = ['service: kuhiro-bench', "frameworkVersion: '3'", 'provider:', '  name: aws', '  runtime: nodejs20.x', '  region: us-east-1', 'plugins:', '  - serverless-offline', 'functions:'];
  for (const fn of functions) {
    await mkdir(path.join(dir, fn.name));
    await writeFile(path.join(dir, fn.name, 'index.js'), fn.source);
    await symlink(sdkNodeModules, path.join(dir, fn.name, 'node_modules'));
    lines.push(`  ${fn.name}:`, `    handler: ${fn.name}/index.handler`);
    const variables = Object.entries(fn.environment ?? {});
    if (variables.length > 0) lines.push('    environment:', ...variables.map(([key, value]) => `      ${key}: ${JSON.stringify(value)}`));
  }
  await writeFile(path.join(dir, 'serverless.yml'), lines.join('\n') + '\n');

  const httpPort = await freePort();
  const lambdaPort = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [SERVERLESS_BIN, 'offline', 'start', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort), '--host', '127.0.0.1', '--noPrependStageInUrl'], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...QUIET_ENV, AWS_ACCESS_KEY_ID: 'AKIAKUHIROBENCH00001', AWS_SECRET_ACCESS_KEY: 'kuhiro-bench-secret', AWS_REGION: 'us-east-1' },
  });
  let output = '';
  const collect = (chunk: string): void => {
    output = (output + chunk).slice(-8000);
  };
  child.stdout!.setEncoding('utf8').on('data', collect);
  child.stderr!.setEncoding('utf8').on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serverless offline not ready after 90 s; output:\n${output}`)), 90_000);
      const check = (): void => {
        if (!READY_LINE.test(output)) return;
        clearTimeout(timer);
        resolve();
      };
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`serverless offline exited with ${code} before ready; output:\n${output}`));
      });
    });
    return {
      endpoint: `http://127.0.0.1:${lambdaPort}`,
      functionName: (name) => `kuhiro-bench-dev-${name}`,
      startMs: performance.now() - started,
      pid: child.pid!,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

