import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { headersFromRaw, type RequestToVerify } from '@kuhiro/edge-node';

/** The hash constructor smithy's signer expects (an HMAC when given a secret), over node:crypto. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash =
      secret === undefined
        ? createHash('sha256')
        : createHmac('sha256', typeof secret === 'string' ? secret : Buffer.from(secret as Uint8Array));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : Buffer.from(data as Uint8Array));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

export interface SignerOptions {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
}

/** The AWS SDK's own signer, so our verifier is checked against what real clients send. */
export function smithySigner(options: SignerOptions): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    region: options.region,
    service: options.service,
    sha256: NodeSha256,
  });
}

export interface PlainRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

export function toSmithyRequest(request: PlainRequest): HttpRequest {
  return {
    method: request.method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    path: request.path,
    query: request.query ?? {},
    headers: { ...request.headers },
    ...(request.body !== undefined ? { body: request.body } : {}),
  } as HttpRequest;
}

/** How an HTTP client puts a signed smithy request on the wire, as our verifier receives it. */
export function toWire(signed: HttpRequest, body?: string | Buffer): RequestToVerify {
  const query = Object.entries(signed.query ?? {})
    .flatMap(([key, value]) => (Array.isArray(value) ? value.map((v) => [key, v]) : [[key, value ?? '']]))
    .map(([key, value]) => `${encodeURIComponent(key!)}=${encodeURIComponent(value as string)}`)
    .join('&');
  const raw: string[] = [];
  for (const [name, value] of Object.entries(signed.headers)) raw.push(name, value);
  return {
    method: signed.method,
    url: signed.path + (query === '' ? '' : `?${query}`),
    headers: headersFromRaw(raw),
    body: body === undefined ? (signed.body === undefined ? Buffer.alloc(0) : Buffer.from(signed.body as string)) : Buffer.from(body),
  };
}
