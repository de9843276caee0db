import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Target } from './target.js';

/** One line as the node's log route returns it. */
export interface FunctionLogLine {
  /** ms since the epoch. */
  timestamp: number;
  message: string;
}

/** node:crypto behind the hash interface SignatureV4 expects. */
type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

class NodeSha256 {
  private hash: Hash | Hmac;
  private readonly secret: string | Uint8Array | undefined;
  constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : bytes(secret);
    this.hash = this.secret ? createHmac('sha256', this.secret) : createHash('sha256');
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.secret ? createHmac('sha256', this.secret) : createHash('sha256');
  }
}

/**
 * `GET /_kuhiro/functions/{name}/logs?sinceMs=&limit=`, signed with SigV4 for service `lambda`
 * (logs belong to one account, so the node must know whose function is meant); the answer is
 * `{"FunctionName": "...", "Lines": [{"timestamp": ms, "message": "..."}]}`, oldest first,
 * lines newer than `sinceMs` only.
 */
export async function fetchFunctionLogs(target: Target, functionName: string, options: { sinceMs?: number; limit?: number } = {}): Promise<FunctionLogLine[]> {
  const url = new URL(`/_kuhiro/functions/${encodeURIComponent(functionName)}/logs`, target.endpoint);
  const query: Record<string, string> = {};
  if (options.sinceMs !== undefined) query.sinceMs = String(options.sinceMs);
  if (options.limit !== undefined) query.limit = String(options.limit);
  const signer = new SignatureV4({ service: 'lambda', region: target.region, credentials: target.credentials!, sha256: NodeSha256 });
  const signed = await signer.sign({
    method: 'GET', protocol: url.protocol, hostname: url.hostname, ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname, query, headers: { host: url.host },
  });
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await fetch(url, { headers: signed.headers as Record<string, string> });
  const text = await response.text();
  if (response.status === 404 && /No admin API/.test(text))
    throw new Error(`the node at ${target.endpoint} has no log route (GET /_kuhiro/functions/{name}/logs); it needs a newer kuhiro node`);
  let body: { Lines?: FunctionLogLine[]; Message?: string; message?: string };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`unexpected answer from ${url.origin} (${response.status}): ${text.slice(0, 200)}`);
  }
  if (!response.ok) throw new Error(body.Message ?? body.message ?? `the node answered ${response.status}`);
  return body.Lines ?? [];
}

export function formatLogLine(line: FunctionLogLine): string {
  return `${new Date(line.timestamp).toISOString()}  ${line.message.replace(/\n$/, '')}`;
}
