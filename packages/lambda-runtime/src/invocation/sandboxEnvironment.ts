/**
 * Function settings may set environment variables that the process reads before or beside
 * Node's permission model, and some would undo the sandbox:
 * - NODE_OPTIONS="--allow-fs-read=*" (or --allow-child-process) widens the permission model
 *   exactly as the command line does (measured on Node 20.20); so NODE_OPTIONS keeps only flags
 *   known to be harmless, and other NODE_* variables only when listed here;
 * - LD_PRELOAD / LD_LIBRARY_PATH / LD_AUDIT (and macOS DYLD_*) load a shared object from the code
 *   package into the process before Node starts; GCONV_PATH does the same through iconv;
 * - OPENSSL_CONF / OPENSSL_MODULES / OPENSSL_ENGINES can make OpenSSL load a provider or engine .so.
 * Lambda allows these (its boundary is a microVM); here the process is the boundary, so they go.
 */
const SAFE_NODE_VARIABLES = new Set(['NODE_ENV', 'NODE_DEBUG', 'NODE_NO_WARNINGS', 'NODE_PENDING_DEPRECATION', 'NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_EXTRA_CA_CERTS']);

/** Flags (name before any "=") a function may pass in NODE_OPTIONS. */
const SAFE_NODE_OPTIONS = new Set([
  '--enable-source-maps', '--stack-trace-limit', '--max-http-header-size', '--unhandled-rejections', '--no-deprecation',
  '--no-warnings', '--trace-warnings', '--trace-deprecation', '--throw-deprecation', '--dns-result-order', '--use-openssl-ca',
  '--use-bundled-ca', '--tls-min-v1.2', '--tls-min-v1.3', '--experimental-vm-modules', '--no-experimental-fetch',
]);

export interface FilteredEnvironment {
  variables: Record<string, string>;
  /** What was left out, for the node's log. */
  dropped: string[];
}

const NATIVE_LOADER_VARIABLE = /^(LD_|DYLD_|OPENSSL_)|^GCONV_PATH$/;

export function filterSandboxEnvironment(variables: Record<string, string>): FilteredEnvironment {
  const kept: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(variables)) {
    if (name === 'NODE_OPTIONS') {
      const tokens = value.split(/\s+/).filter((token) => token !== '');
      const safe = tokens.filter((token) => SAFE_NODE_OPTIONS.has(token.split('=')[0]!));
      dropped.push(...tokens.filter((token) => !safe.includes(token)).map((token) => `NODE_OPTIONS ${token}`));
      if (safe.length > 0) kept.NODE_OPTIONS = safe.join(' ');
    } else if ((name.startsWith('NODE_') && !SAFE_NODE_VARIABLES.has(name)) || NATIVE_LOADER_VARIABLE.test(name)) {
      dropped.push(name);
    } else {
      kept[name] = value;
    }
  }
  return { variables: kept, dropped };
}
