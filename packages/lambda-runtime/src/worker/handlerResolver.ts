import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RuntimeError } from './errorShape.js';

export type LambdaHandler = (event: unknown, context: unknown, callback?: (error?: unknown, result?: unknown) => void) => unknown;

/**
 * Resolves `_HANDLER` the way Lambda's Node.js runtime interface client does: `dir/file.export.nested`
 * splits at the first dot of the last path segment; the module is tried extensionless, then `.js`
 * (required unless the nearest package.json says `"type": "module"`, then imported), `.mjs`
 * (imported), `.cjs` (required); the export path is walked property by property.
 */
export async function resolveHandler(taskRoot: string, fullHandler: string): Promise<LambdaHandler> {
  const handlerString = path.basename(fullHandler);
  const moduleRoot = fullHandler.slice(0, fullHandler.indexOf(handlerString));
  if (moduleRoot.includes('..')) {
    throw new RuntimeError('MalformedHandlerName', "'../' not allowed in handler name. Use absolute path instead.");
  }
  const match = /^([^.]*)\.(.*)$/.exec(handlerString);
  if (!match) throw new RuntimeError('MalformedHandlerName', 'Bad handler');
  const [, moduleName, exportPath] = match as unknown as [string, string, string];

  const loaded = await loadModule(taskRoot, moduleRoot, moduleName);
  const handler = exportPath.split('.').reduce<unknown>((object, property) => (object as Record<string, unknown> | undefined)?.[property], loaded);
  if (handler === undefined || handler === null) {
    throw new RuntimeError('HandlerNotFound', `${fullHandler} is undefined or not exported`);
  }
  if (typeof handler !== 'function') throw new RuntimeError('HandlerNotFound', `${fullHandler} is not a function`);
  return handler as LambdaHandler;
}

async function loadModule(taskRoot: string, moduleRoot: string, moduleName: string): Promise<unknown> {
  const lambdaStylePath = path.resolve(taskRoot, moduleRoot, moduleName);
  const requireFromTask = createRequire(path.join(taskRoot, 'index.js'));
  try {
    if (existsSync(lambdaStylePath) && !isDirectory(lambdaStylePath)) return requireFromTask(lambdaStylePath);
    const typeModule = nearestPackageIsModule(path.dirname(lambdaStylePath), taskRoot);
    if (existsSync(`${lambdaStylePath}.js`)) {
      return typeModule ? await import(pathToFileURL(`${lambdaStylePath}.js`).href) : requireFromTask(`${lambdaStylePath}.js`);
    }
    if (existsSync(`${lambdaStylePath}.mjs`)) return await import(pathToFileURL(`${lambdaStylePath}.mjs`).href);
    if (existsSync(`${lambdaStylePath}.cjs`)) return requireFromTask(`${lambdaStylePath}.cjs`);
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new RuntimeError('UserCodeSyntaxError', `${error.name}: ${error.message}`);
    }
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' || (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new RuntimeError('ImportModuleError', `Error: ${(error as Error).message}`);
    }
    throw error;
  }
  // Lambda's wording when no file matches, e.g. "Error: Cannot find module 'index'\nRequire stack:\n- /var/runtime/index.mjs".
  throw new RuntimeError('ImportModuleError', `Error: Cannot find module '${moduleName}'\nRequire stack:\n- /var/runtime/index.mjs`);
}

function isDirectory(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function nearestPackageIsModule(fromDir: string, taskRoot: string): boolean {
  for (let dir = fromDir; dir.startsWith(taskRoot); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dir === taskRoot) break;
  }
  return false;
}
