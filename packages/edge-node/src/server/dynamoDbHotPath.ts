import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  SerializationException,
  UnknownOperationException,
  UnrecognizedClientException,
  toWireError,
  type DynamoDbError,
} from '@kuhiro/dynamodb-api';
import type { Authenticator } from '../auth/authenticator.js';
import { SignatureError } from '../auth/signatureError.js';
import type { Principal } from '../credentials/tenants.js';
import type { Logger } from '../log/logger.js';
import { BadContentEncodingError, BodyTooLargeError, decodeBody, readBody } from './readBody.js';
import { sendDynamoDbReply } from './dynamoDbReply.js';
import { LIMITS } from './limits.js';
import { newRequestId } from './requestId.js';
import type { DynamoDbHandler, DynamoDbInterceptor } from './services.js';
import { countOperation } from '../status/metrics.js';
import type { FaultRegistry } from '../faults/faultRegistry.js';
import { dynamoDbFault } from '../faults/dynamoDbFault.js';

/** The only JSON API version DynamoDB speaks today (the 2011 one is long retired). */
export const DYNAMODB_TARGET_PREFIX = 'DynamoDB_20120810.';
/** DynamoDB Streams: same endpoint, same JSON 1.0 protocol and signing name. */
export const STREAMS_TARGET_PREFIX = 'DynamoDBStreams_20120810.';

export interface DynamoDbHotPathDeps {
  api: DynamoDbHandler;
  /** The DynamoDB Streams API, if the node serves it. */
  streams?: DynamoDbHandler;
  authenticator: Authenticator;
  region: string;
  log: Logger;
  /**
   * Optional (src/spot): sees every authenticated request before `api.handle`; an answer it
   * returns (SPOT forwarding, escrow, read-your-writes headers) replaces the local API's.
   */
  interceptWrite?: DynamoDbInterceptor;
  /** Injected faults (src/faults); consulted only while a request rule is set. */
  faults?: FaultRegistry;
}

function signatureErrorToDynamoDb(err: SignatureError): DynamoDbError {
  switch (err.code) {
    case 'MissingAuthenticationTokenException':
      return new MissingAuthenticationTokenException(err.message);
    case 'IncompleteSignatureException':
      return new IncompleteSignatureException(err.message);
    case 'InvalidSignatureException':
      return new InvalidSignatureException(err.message);
    case 'UnrecognizedClientException':
      return new UnrecognizedClientException(err.message);
  }
}

/**
 * `POST /` with `X-Amz-Target`: the DynamoDB JSON protocol, handled without express because it
 * is the hot path. The checks run in the order DynamoDB runs them (as recorded by dynalite):
 * body size, JSON syntax, target, authentication, then the operation.
 */
export async function handleDynamoDbRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: DynamoDbHotPathDeps,
): Promise<void> {
  const requestId = newRequestId();
  // Only the debug line reads the start time.
  const started = deps.log.isEnabled('debug') ? process.hrtime.bigint() : 0n;
  const reply = (status: number, body: unknown) => sendDynamoDbReply(req, res, status, body, requestId);
  const fail = (err: unknown) => {
    const wire = toWireError(err);
    return reply(wire.status, wire.body);
  };
  let operation = '';
  try {
    let raw: Buffer;
    let text: string;
    try {
      raw = await readBody(req, LIMITS.maxRequestBytes);
      // Most requests are not compressed: no decoding step (and no await) for them.
      const encoding = req.headers['content-encoding'];
      text = (encoding === undefined ? raw : await decodeBody(raw, encoding, LIMITS.maxRequestBytes)).toString('utf8');
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        // DynamoDB answers an oversized body with a bare 413 and closes the connection.
        res.writeHead(413, { 'x-amzn-RequestId': requestId, 'Content-Length': 0, Connection: 'close' });
        res.end();
        return;
      }
      if (err instanceof BadContentEncodingError) return await fail(new SerializationException(err.message));
      throw err;
    }

    let input: unknown;
    if (text !== '') {
      try {
        input = JSON.parse(text);
      } catch {
        return await fail(new SerializationException());
      }
    }

    const target = req.headers['x-amz-target'];
    const toStreams = deps.streams !== undefined && typeof target === 'string' && target.startsWith(STREAMS_TARGET_PREFIX);
    const prefix = toStreams ? STREAMS_TARGET_PREFIX : DYNAMODB_TARGET_PREFIX;
    operation = typeof target === 'string' && target.startsWith(prefix) ? target.slice(prefix.length) : '';
    if (operation === '' || operation.includes('.')) return await fail(new UnknownOperationException());

    let principal: Principal;
    try {
      principal = deps.authenticator.authenticate(req, raw, 'dynamodb');
    } catch (err) {
      if (err instanceof SignatureError) return await fail(signatureErrorToDynamoDb(err));
      throw err;
    }

    // An empty body is not an empty object to DynamoDB: it is a serialization fault (checked
    // after auth, as AWS does). Other JSON shapes are the API layer's to judge.
    if (input === undefined) return await fail(new SerializationException());

    const ctx = { tenant: principal.tenant, accountId: principal.accountId, region: deps.region, requestId };
    if (toStreams) {
      const answer = await deps.streams!.handle(ctx, operation, input);
      return await reply(answer.status, answer.body);
    }
    countOperation(deps.api, operation); // ops/s on the status page (authenticated requests only)
    const fault = deps.faults?.active ? await dynamoDbFault(deps.faults, ctx.tenant, operation, input) : undefined;
    if (fault) return await reply(fault.status, fault.body);
    const session = req.headers['x-kuhiro-session'];
    const intercepted = deps.interceptWrite
      ? await deps.interceptWrite(ctx, operation, input, { session: typeof session === 'string' ? session : undefined })
      : undefined;
    const result = intercepted ?? (await deps.api.handle(ctx, operation, input));
    if (intercepted?.headers) for (const [name, value] of Object.entries(intercepted.headers)) res.setHeader(name, value);
    await reply(result.status, result.body);
  } catch (err) {
    // A bug, not the client's fault: log it with the request id and answer InternalServerError.
    deps.log.error('DynamoDB request failed', { requestId, operation, error: err });
    if (!res.headersSent) await fail(err).catch(() => res.destroy());
    else res.destroy();
  } finally {
    if (deps.log.isEnabled('debug'))
      deps.log.debug('dynamodb request', {
        requestId,
        operation,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      });
  }
}
