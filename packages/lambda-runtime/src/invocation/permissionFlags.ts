/**
 * Node's permission model: `--experimental-permission` on Node 20 and 21, `--permission` from
 * Node 22 (stable from 23.5/22.13). Node 20.20 refuses comma-separated `--allow-fs-read` lists
 * ("Passing a comma-separated list of paths is no longer valid"), so every path is its own flag.
 */
export function permissionFlag(): string {
  return process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
}

export interface SandboxPaths {
  readable: string[];
  writable: string[];
}

export function permissionArgs(paths: SandboxPaths): string[] {
  return [
    permissionFlag(),
    ...paths.readable.map((readable) => `--allow-fs-read=${readable}`),
    ...paths.writable.map((writable) => `--allow-fs-write=${writable}`),
    // The warning would land in every function's log; the flag exists from Node 20.11 / 21.3.
    ...(process.allowedNodeEnvironmentFlags.has('--disable-warning') ? ['--disable-warning=ExperimentalWarning'] : []),
  ];
}

/**
 * Whether a sandboxed process can still open its inspector. Node 20 silently ignores `--inspect`
 * under the permission model (measured on 20.20: no "Debugger listening" line, `inspector.url()`
 * undefined); newer Node lines accept `--allow-inspector` for it.
 */
export function inspectorWorksUnderPermission(): boolean {
  return process.allowedNodeEnvironmentFlags.has('--allow-inspector');
}
