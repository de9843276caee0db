import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SdkLocation {
  /** The node_modules folder that holds `@aws-sdk/*` (NODE_PATH, and the code dir's node_modules link). */
  nodeModules: string;
  /** Every package folder the SDK needs at run time: the only node_modules paths a worker may read. */
  packageDirs: string[];
}

/**
 * Finds the node's installed AWS SDK for JavaScript v3, as Lambda's Node.js runtimes provide it
 * to code that does not bundle it, and the closure of packages it depends on.
 */
export function locateSdk(): SdkLocation | undefined {
  const nodeModules = findNodeModulesWithSdk(path.dirname(fileURLToPath(import.meta.url)));
  if (!nodeModules) return undefined;
  const sdkScope = path.join(nodeModules, '@aws-sdk');
  const roots = readdirSync(sdkScope).map((name) => path.join(sdkScope, name));
  return { nodeModules, packageDirs: dependencyClosure(nodeModules, roots) };
}

function findNodeModulesWithSdk(fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules');
    if (existsSync(path.join(candidate, '@aws-sdk'))) return realpathSync(candidate);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Walks dependencies as Node resolves them: nested node_modules first, then each ancestor's. */
function dependencyClosure(nodeModules: string, roots: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const dir = queue.pop()!;
    if (seen.has(dir)) continue;
    const manifestPath = path.join(dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    const names = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    for (const name of names) {
      const resolved = resolvePackageDir(dir, name, nodeModules);
      if (resolved) queue.push(resolved);
    }
  }
  return [...seen].sort();
}

function resolvePackageDir(fromPackageDir: string, name: string, topNodeModules: string): string | undefined {
  for (let dir = fromPackageDir; dir.startsWith(path.dirname(topNodeModules)); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  return undefined;
}
