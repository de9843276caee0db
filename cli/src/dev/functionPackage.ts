import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Message } from 'esbuild';
import { zipSync, type Zippable } from 'fflate';
import type { FunctionSpec } from '../app/appModel.js';
import { TemplateError } from '../app/templateError.js';
import { zipDirectory, type CodePackage } from '../app/zipDirectory.js';

/** What Lambda's Node.js runtime tries for a handler module, in its order; any of them means plain JavaScript. */
const JAVASCRIPT_EXTENSIONS = ['', '.js', '.mjs', '.cjs'];
const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx'];
/** As zipDirectory: never shipped. node_modules is left out too: the bundle holds what the handler imports. */
const SKIPPED = new Set(['.kuhiro', '.env', '.git', '.aws-sam', 'node_modules']);
const FIXED_MTIME = new Date('1980-01-01T00:00:00Z');
/**
 * The bundle is ESM (top-level await works, ESM-only packages bundle); CommonJS packages inside
 * it may still call require() for Node's built-ins, which ESM lacks, so it gets one.
 */
const REQUIRE_SHIM = "import { createRequire as __kuhiroCreateRequire } from 'node:module'; const require = __kuhiroCreateRequire(import.meta.url);";
const SOURCE_MAPS_FLAG = '--enable-source-maps';

export interface FunctionPackage {
  code: CodePackage;
  /** The spec to deploy: with NODE_OPTIONS=--enable-source-maps added when the code was bundled. */
  spec: FunctionSpec;
  /** The TypeScript entry that was bundled (absolute), if any. */
  typescriptEntry?: string;
  /** Every source file the bundle was built from (absolute), also those outside CodeUri: a change to one changes the code. */
  bundleInputs: string[];
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/** `dir/app.handler` -> the handler module's path without extension (Lambda's split: first dot of the last segment). */
function handlerModuleStem(spec: FunctionSpec): string {
  const lastSegment = spec.Handler.slice(spec.Handler.lastIndexOf('/') + 1);
  const moduleRoot = spec.Handler.slice(0, spec.Handler.length - lastSegment.length);
  const moduleName = lastSegment.includes('.') ? lastSegment.slice(0, lastSegment.indexOf('.')) : lastSegment;
  return resolve(spec.codeDir, moduleRoot, moduleName);
}

/** The handler's TypeScript file, when the handler module exists only as TypeScript. */
export async function typescriptEntryOf(spec: FunctionSpec): Promise<string | undefined> {
  const stem = handlerModuleStem(spec);
  for (const extension of JAVASCRIPT_EXTENSIONS) if (await isFile(stem + extension)) return undefined;
  for (const extension of TYPESCRIPT_EXTENSIONS) if (await isFile(stem + extension)) return stem + extension;
  return undefined;
}

/** nodejs20.x -> node20: what the Lambda runtime's Node supports. */
function esbuildTarget(runtime: string): string {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return `node${match ? match[1] : '20'}`;
}

function describeMessage(message: Message): string {
  const where = message.location ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: ` : '';
  return `${where}${message.text}`;
}

/** The handler and what it imports, as one ESM file with an inline source map, so traces name the .ts files. */
async function bundle(entry: string, spec: FunctionSpec): Promise<{ path: string; bytes: Uint8Array; inputs: string[] }> {
  const outfile = entry.replace(/\.(ts|mts|cts|tsx)$/, '.mjs');
  try {
    const result = await build({
      entryPoints: [entry],
      outfile,
      absWorkingDir: spec.codeDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: esbuildTarget(spec.Runtime),
      sourcemap: 'inline',
      // Sources resolve to the files on this machine: stack traces and debuggers (VS Code
      // attached to `kuhiro dev --inspect`) point at the developer's own files, not at the
      // node's per-version copy of the code.
      sourceRoot: pathToFileURL(dirname(outfile)).href + '/',
      // The runtime provides the AWS SDK, as Lambda's does.
      external: ['@aws-sdk/*'],
      banner: { js: REQUIRE_SHIM },
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    const output = result.outputFiles.find((file) => file.path === outfile) ?? result.outputFiles[0]!;
    const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(spec.codeDir, input));
    return { path: outfile, bytes: output.contents, inputs };
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors;
    const detail = errors?.length ? errors.map(describeMessage).join('; ') : (err as Error).message;
    throw new TemplateError(`function ${spec.logicalId}: cannot compile ${relative(spec.codeDir, entry)}: ${detail}`);
  }
}

async function listShippedFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listShippedFiles(path)));
    else if (entry.isFile() && !TYPESCRIPT_EXTENSIONS.some((extension) => entry.name.endsWith(extension))) out.push(path);
  }
  return out;
}

function zipPath(codeDir: string, file: string): string {
  return relative(codeDir, file).split(sep).join('/');
}

function withSourceMaps(spec: FunctionSpec): FunctionSpec {
  const current = spec.Environment.NODE_OPTIONS ?? '';
  if (current.split(/\s+/).includes(SOURCE_MAPS_FLAG)) return spec;
  return { ...spec, Environment: { ...spec.Environment, NODE_OPTIONS: `${current} ${SOURCE_MAPS_FLAG}`.trim() } };
}

/**
 * The code package of one function. JavaScript is zipped as it is; a handler written in
 * TypeScript is bundled with esbuild (@aws-sdk/* external, inline source map) into the .mjs that
 * Lambda's runtime finds for the same handler name, the TypeScript sources and node_modules stay
 * out, and NODE_OPTIONS gets --enable-source-maps (as SAM's esbuild builds recommend), so stack
 * traces name .ts lines on the edge and on AWS alike.
 */
export async function packageFunction(spec: FunctionSpec): Promise<FunctionPackage> {
  const entry = await typescriptEntryOf(spec);
  if (!entry) return { code: await zipDirectory(spec.codeDir), spec, bundleInputs: [] };
  const bundled = await bundle(entry, spec);
  const files: Zippable = {};
  const names = (await listShippedFiles(spec.codeDir)).map((file) => [zipPath(spec.codeDir, file), file] as const);
  const bundleName = zipPath(spec.codeDir, bundled.path);
  const entries = new Map<string, Uint8Array>();
  for (const [name, file] of names) entries.set(name, await readFile(file));
  entries.set(bundleName, bundled.bytes);
  for (const name of [...entries.keys()].sort()) files[name] = [entries.get(name)!, { mtime: FIXED_MTIME, level: 6 }];
  const zip = zipSync(files);
  return {
    code: { zip, sha256: createHash('sha256').update(zip).digest('base64') },
    spec: withSourceMaps(spec),
    typescriptEntry: entry,
    bundleInputs: bundled.inputs,
  };
}
