import { sep } from 'node:path';

export interface WatchedFunction {
  logicalId: string;
  codeDir: string;
  /** Bundle inputs outside codeDir count too (a TypeScript handler importing ../shared). */
  inputs: string[];
}

export type ReloadPlan =
  | { kind: 'none' }
  /** The template or the env file changed: tables and functions are planned again. */
  | { kind: 'app'; reason: string }
  | { kind: 'functions'; logicalIds: string[] };

function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** Editors' scratch files (vim's swap and 4913 probe, emacs locks and backups) change no code. */
function isEditorScratch(path: string): boolean {
  const name = path.slice(path.lastIndexOf(sep) + 1);
  return /\.sw[px]$|~$|^\.#|^4913$|^#.*#$/.test(name);
}

/** Which reload a batch of changed paths calls for. */
export function planReload(paths: Iterable<string>, app: { templatePath: string; envFile?: string; functions: WatchedFunction[] }): ReloadPlan {
  const ids = new Set<string>();
  for (const path of paths) {
    if (path === app.templatePath) return { kind: 'app', reason: 'template changed' };
    if (app.envFile !== undefined && path === app.envFile) return { kind: 'app', reason: 'env file changed' };
    if (isEditorScratch(path)) continue;
    for (const fn of app.functions) {
      if (isInside(path, fn.codeDir) || fn.inputs.includes(path)) ids.add(fn.logicalId);
    }
  }
  return ids.size > 0 ? { kind: 'functions', logicalIds: [...ids] } : { kind: 'none' };
}
