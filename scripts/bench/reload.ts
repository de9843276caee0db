import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Goal } from './support/goals.js';
import { residentMegabytes } from './support/processMemory.js';
import { progress } from './support/progress.js';

/**
 * `kuhiro dev` reload: an app with one function, `kuhiro dev --single` watching it.
 * 1. latency: from writing a new handler file to the first invoke that returns the new code's
 *    output (invokes back to back meanwhile), BENCH_EDITS (default 50) edits, p50 / p99;
 * 2. memory: the node process's RSS (/proc/PID/status) before and after BENCH_RELOADS (default
 *    500) more reloads, each confirmed by an invoke; plus the node's worker processes and the
 *    code packages left on disk afterwards (old code a reload leaves behind).
 */

const EDITS = Number(process.env.BENCH_EDITS ?? '50');
const RELOADS = Number(process.env.BENCH_RELOADS ?? '500');
const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../cli/dist/src/bin.js');
const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  ReloadFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: reload-bench
      CodeUri: src/
      Handler: index.handler
      Runtime: nodejs20.x
`;

function handler(version: number): string {
  return `exports.handler = async () => ({ version: ${version} });\n`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Dev {
  child: ChildProcess;
  endpoint: string;
}

/** The durations `kuhiro dev` itself prints ("reloaded X in N ms": save event to the node's UpdateFunctionCode answer). */
const reportedReloads: number[] = [];

function startDev(appDir: string): Promise<Dev> {
  const child = spawn(process.execPath, [BIN, 'dev', '--single', '--port', '0', '--dir', appDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      for (const match of chunk.matchAll(/^reloaded ReloadFunction in (\d+) ms$/gm)) reportedReloads.push(Number(match[1]));
      // Keep only what the ready check needs: every invoke prints its START/END/REPORT lines.
      if (stdout.length < 100_000) stdout += chunk;
      const endpoint = /^ {2}endpoint\s+(http:\/\/\S+)$/m.exec(stdout)?.[1];
      if (endpoint && /^kuhiro dev: watching /m.test(stdout)) resolve({ child, endpoint });
    });
    child.once('exit', (code) => reject(new Error(`kuhiro dev exited (${code}) before it was ready:\n${stderr}`)));
  });
}

/** Direct children of a process, from /proc/<pid>/stat (field 4 is the parent pid). */
async function childPids(parent: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

async function nodePidOf(devPid: number): Promise<number> {
  for (const pid of await childPids(devPid)) {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    if (cmdline.includes('node') && cmdline.some((arg) => arg.endsWith('bin.js'))) return pid;
  }
  throw new Error('the dev node process was not found');
}

/** Code packages kept on disk (`<functions>/<tenant>/<function>/<sha256>/`) and their total size. */
async function codePackagesOnDisk(dir: string): Promise<{ packages: number; kilobytes: number }> {
  let bytes = 0;
  let packages = 0;
  const walk = async (path: string, depth: number): Promise<void> => {
    for (const entry of await readdir(path, { withFileTypes: true }).catch(() => [])) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (depth === 2) packages++;
        await walk(child, depth + 1);
      } else bytes += (await stat(child)).size;
    }
  };
  await walk(dir, 0);
  return { packages, kilobytes: Math.round(bytes / 1024) };
}

async function invokeVersion(lambda: LambdaClient): Promise<number> {
  const result = await lambda.send(new InvokeCommand({ FunctionName: 'reload-bench', Payload: Buffer.from('{}') }));
  if (result.FunctionError) return -1; // a half-written file; the next save fixes it
  return (JSON.parse(Buffer.from(result.Payload!).toString()) as { version: number }).version;
}

/** Writes version `version` and invokes until it answers; milliseconds from the write. */
async function editAndWait(appDir: string, lambda: LambdaClient, version: number): Promise<number> {
  const startedAt = performance.now();
  await writeFile(join(appDir, 'src', 'index.js'), handler(version));
  for (;;) {
    if ((await invokeVersion(lambda)) === version) return performance.now() - startedAt;
    if (performance.now() - startedAt > 30_000) throw new Error(`version ${version} not live after 30 s`);
  }
}

export async function run(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const root = await mkdtemp(join(tmpdir(), 'kuhiro-bench-reload-'));
  const appDir = join(root, 'reload-app');
  await mkdir(join(appDir, 'src'), { recursive: true });
  await writeFile(join(appDir, 'template.yaml'), TEMPLATE);
  await writeFile(join(appDir, 'src', 'index.js'), handler(0));
  progress('starting kuhiro dev --single');
  const dev = await startDev(appDir);
  const lambda = new LambdaClient({ endpoint: dev.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  try {
    const nodePid = await nodePidOf(dev.child.pid!);
    let version = 0;
    while ((await invokeVersion(lambda)) !== 0) await new Promise((r) => setTimeout(r, 50));
    progress(`latency: ${EDITS} edits`);
    const latencies: number[] = [];
    for (let i = 0; i < EDITS; i++) latencies.push(await editAndWait(appDir, lambda, ++version));
    latencies.sort((a, b) => a - b);
    const updates = [...reportedReloads].sort((a, b) => a - b);
    const rssBeforeMb = await residentMegabytes(nodePid);
    const devRssBeforeMb = await residentMegabytes(dev.child.pid!);
    progress(`memory: ${RELOADS} reloads (node RSS ${rssBeforeMb} MB)`);
    for (let i = 0; i < RELOADS; i++) {
      await editAndWait(appDir, lambda, ++version);
      if ((i + 1) % 100 === 0) progress(`  ${i + 1} reloads, node RSS ${await residentMegabytes(nodePid)} MB`);
    }
    // Let the retired workers' exits and the sockets of the last invokes settle.
    await new Promise((r) => setTimeout(r, 2000));
    const rssAfterMb = await residentMegabytes(nodePid);
    const devRssAfterMb = await residentMegabytes(dev.child.pid!);
    // Workers are children of the node's spawner helper (itself the node's child), so count the
    // node's grandchildren; the spawner itself is not a worker.
    const workerProcesses = (await Promise.all((await childPids(nodePid)).map((pid) => childPids(pid)))).flat().length;
    const onDisk = await codePackagesOnDisk(join(appDir, '.kuhiro', 'dev', 'node', 'lambda', 'runtime', 'functions'));
    const p50 = Math.round(percentile(latencies, 50));
    const p99 = Math.round(percentile(latencies, 99));
    const growth = Math.round((rssAfterMb - rssBeforeMb) * 10) / 10;
    const goals: Goal[] = [
      { name: 'save to first invoke running the new code, p50', target: '< 300 ms', measured: `${p50} ms`, met: p50 < 300 },
      { name: `node RSS growth after ${RELOADS} reloads`, target: '< 20 MB', measured: `${growth} MB`, met: growth < 20 },
    ];
    process.stdout.write(
      JSON.stringify({
        benchmark: 'reload', edits: EDITS, p50Ms: p50, p99Ms: p99, minMs: Math.round(latencies[0]!), maxMs: Math.round(latencies.at(-1)!),
        updateAcknowledgedP50Ms: updates.length ? percentile(updates, 50) : null, loadAverage1m: loadavg()[0],
        reloads: RELOADS, nodeRssBeforeMb: rssBeforeMb, nodeRssAfterMb: rssAfterMb, nodeRssGrowthMb: growth,
        devRssBeforeMb, devRssAfterMb, workerProcessesAfter: workerProcesses, codePackagesOnDisk: onDisk.packages, codePackagesOnDiskKb: onDisk.kilobytes, goals,
      }) + '\n',
    );
  } finally {
    lambda.destroy();
    dev.child.kill('SIGTERM');
    await new Promise((resolve) => dev.child.once('exit', resolve));
    await rm(root, { recursive: true, force: true });
  }
}
