import { InvalidRequestContentException, RequestTooLargeException, validationErrors } from '../errors.js';
import { LIMITS } from '../limits.js';

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

export interface InvokeInput {
  invocationType: InvocationType;
  tail: boolean;
  payload: string;
  clientContext?: unknown;
}

/** A request header by name (any case), as express's `req.header` and the node's hot path read it. */
export type HeaderReader = (name: string) => string | undefined;

/** Reads Invoke's headers and payload, checked in Lambda's order and words. */
export function readInvokeInput(header: HeaderReader, body: Buffer): InvokeInput {
  const invocationType = (header('X-Amz-Invocation-Type') ?? 'RequestResponse') as InvocationType;
  if (!['RequestResponse', 'Event', 'DryRun'].includes(invocationType)) {
    throw validationErrors([`Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`]);
  }
  const logType = header('X-Amz-Log-Type') ?? 'None';
  if (!['None', 'Tail'].includes(logType)) {
    throw validationErrors([`Value '${logType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]`]);
  }
  const limit = invocationType === 'Event' ? LIMITS.asyncPayloadBytes : LIMITS.syncPayloadBytes;
  if (body.byteLength > limit) throw new RequestTooLargeException(`Request must be smaller than ${limit} bytes for the InvokeFunction operation`);
  const payload = body.toString('utf8');
  if (payload.trim() !== '') {
    try {
      JSON.parse(payload);
    } catch (error) {
      throw new InvalidRequestContentException(`Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`);
    }
  }
  const input: InvokeInput = { invocationType, tail: logType === 'Tail', payload };
  const clientContext = header('X-Amz-Client-Context');
  if (clientContext) input.clientContext = decodeClientContext(clientContext);
  return input;
}

function decodeClientContext(encoded: string): unknown {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    return parsed;
  } catch {
    throw new InvalidRequestContentException('Client context must be a valid Base64-encoded JSON object.');
  }
}
