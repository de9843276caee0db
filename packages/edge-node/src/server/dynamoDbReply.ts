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
  const text = typeof body === 'string' ? body : toWireJson(body);
  // A client that sent plain application/json gets it back, as DynamoDB does.
  const contentType = req.headers['content-type'] === 'application/json' ? 'application/json' : DYNAMODB_CONTENT_TYPE;
  const length = Buffer.byteLength(text);
  if (length >= LIMITS.minGzipResponseBytes && acceptsGzip(req)) {
    const payload = await gzipAsync(text);
    res.writeHead(status, replyHeaders(req, contentType, payload.length, requestId, crc32(payload), 'gzip'));
    res.end(payload);
    return;
  }
  // Uncompressed (most answers): the text goes out as it is. Node prepends the header block to a
  // string body and encodes both in one go; a Buffer body cost a UTF-8 copy here first (~4% of a
  // Query's CPU in the profile). crc32 of a string is the CRC32 of its UTF-8 bytes, the bytes on the wire.
  res.writeHead(status, replyHeaders(req, contentType, length, requestId, crc32(text), undefined));
  res.end(text);
}

function replyHeaders(
  req: IncomingMessage,
  contentType: string,
  length: number,
  requestId: string,
  checksum: number,
  encoding: 'gzip' | undefined,
): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    'Content-Type': contentType,
    'Content-Length': length,
    'x-amzn-RequestId': requestId,
    'x-amz-crc32': checksum >>> 0,
  };
  if (encoding !== undefined) headers['Content-Encoding'] = encoding;
  if (req.headers.origin) Object.assign(headers, corsHeaders(req));
  return headers;
}
