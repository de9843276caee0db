import { UsageError } from '../usageError.js';

export type TargetName = 'edge' | 'aws';

export const DEFAULT_EDGE_ENDPOINT = 'http://127.0.0.1:4566';

/** Where the SDK clients go: an edge node, or AWS (optionally a stand-in via KUHIRO_AWS_ENDPOINT). */
export interface Target {
  name: TargetName;
  /** Undefined: the SDK's own endpoint for the region (real AWS). */
  endpoint?: string;
  region: string;
  /** Fixed credentials for the edge; undefined: the SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * A node in development mode accepts any key, so these only make the request well formed. Not
 * the SDK's default chain on the edge: on a laptop without AWS credentials it would end probing
 * the EC2 instance metadata service, which is slow and pointless for a local node.
 */
export const DEV_CREDENTIALS = { accessKeyId: 'kuhiro', secretAccessKey: 'kuhiro-development-mode' };

function envCredentials(env: NodeJS.ProcessEnv): Target['credentials'] {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

export function parseTargetName(value: string): TargetName {
  if (value !== 'edge' && value !== 'aws') throw new UsageError(`target must be edge or aws, not ${value}`);
  return value;
}

export function checkEndpoint(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be a URL like ${DEFAULT_EDGE_ENDPOINT}, not ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} must be an http:// or https:// URL, not ${value}`);
  return value.replace(/\/+$/, '');
}

export interface TargetFlags {
  endpoint?: string;
  region?: string;
}

/** Resolves a target from flags and the environment (`env` is a parameter so tests can pass their own). */
export function resolveTarget(name: TargetName, flags: TargetFlags, env: NodeJS.ProcessEnv = process.env): Target {
  if (name === 'edge') {
    return {
      name,
      endpoint: checkEndpoint(flags.endpoint ?? DEFAULT_EDGE_ENDPOINT, '--endpoint'),
      region: flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
      credentials: envCredentials(env) ?? DEV_CREDENTIALS,
    };
  }
  const endpoint = flags.endpoint ?? env.KUHIRO_AWS_ENDPOINT;
  const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new UsageError('no AWS region: pass --region or set AWS_REGION');
  return { name, region, ...(endpoint ? { endpoint: checkEndpoint(endpoint, 'KUHIRO_AWS_ENDPOINT') } : {}) };
}

export function describeTarget(target: Target): string {
  return target.endpoint ? `${target.name} (${target.endpoint})` : `${target.name} (${target.region})`;
}
