import { gzipSync } from 'node:zlib';
import { smithySigner } from './smithySigner.js';
import { rawRequest, type RawResponse } from './httpClient.js';

export interface Signer {
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
}

export interface CallOptions {
  gzipRequest?: boolean;
  acceptGzip?: boolean;
  /** Raw body text instead of JSON.stringify(input) (malformed JSON tests). */
  rawBody?: string;
  target?: string;
  unsigned?: boolean;
}

/**
 * A DynamoDB JSON call over raw HTTP, signed with the AWS SDK's signer the way the SDK sends
 * it (a compressed body is signed as compressed bytes).
 */
export async function callDynamoDb(
  baseUrl: string,
  signer: Signer,
  operation: string,
  input: unknown,
  options: CallOptions = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  let body: Buffer = Buffer.from(options.rawBody ?? JSON.stringify(input), 'utf8');
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': options.target ?? `DynamoDB_20120810.${operation}`,
  };
  if (options.gzipRequest) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
  }
  if (options.acceptGzip) headers['accept-encoding'] = 'gzip';
  if (options.unsigned) return rawRequest(baseUrl, { method: 'POST', path: '/', headers, body });
  const signed = await smithySigner({
    accessKeyId: signer.accessKeyId,
    secretAccessKey: signer.secretAccessKey,
    region: signer.region ?? 'us-east-1',
    service: 'dynamodb',
  }).sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers, body });
  return rawRequest(baseUrl, { method: 'POST', path: '/', headers: signed.headers as Record<string, string>, body });
}
