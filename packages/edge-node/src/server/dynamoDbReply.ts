import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { toWireJson } from '@kuhiro/dynamodb-api';
import { corsHeaders } from './cors.js';
import { LIMITS } from './limits.js';

const gzipAsync = promisify(gzip);

export const DYNAMODB_CONTENT_TYPE = 'application/x-amz-json-1.0';

function acceptsGzip(req: IncomingMessage): boolean {
  const accept = req.headers['accept-encoding'];
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    return !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

/**
 * Sends a DynamoDB JSON answer. `x-amz-crc32` is the CRC32 of the bytes on the wire, i.e. of
 * the gzipped body when compressed: that is what DynamoDB does and what the Go SDK v2 and
 * botocore verify (which is why AWS's own clients only accept gzip when they can check it
 * before decompressing). The SDK for JavaScript v3 does not check it.
 */
export async function sendDynamoDbReply(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId: string,
): Promise<void> {
  // toWireJson: JSON.stringify, except that items read from the store go out as their stored text.
  let payload = Buffer.from(typeof body === 'string' ? body : toWireJson(body), 'utf8');
  let compressed = false;
  if (payload.length >= LIMITS.minGzipResponseBytes && acceptsGzip(req)) {
    payload = await gzipAsync(payload);
    compressed = true;
  }
  // A client that sent plain application/json gets it back, as DynamoDB does.
  const contentType = req.headers['content-type'] === 'application/json' ? 'application/json' : DYNAMODB_CONTENT_TYPE;
  const headers: Record<string, string | number> = {
    ...corsHeaders(req),
    'Content-Type': contentType,
    'Content-Length': payload.length,
    'x-amzn-RequestId': requestId,
    'x-amz-crc32': crc32(payload) >>> 0,
  };
  if (compressed) headers['Content-Encoding'] = 'gzip';
  res.writeHead(status, headers);
  res.end(payload);
}
