import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CentralEscrow } from '../escrow/centralEscrow.js';
import type { EscrowRequest } from '../escrow/escrowMessages.js';
import type { Logger } from '../log/logger.js';
import { readBody } from '../server/readBody.js';
import type { RequestContext } from '../server/services.js';
import type { CentralResult } from './centralExecutor.js';
import { SPOT_PATH, verifySpotRequest } from './spotSignature.js';

/** A forwarded DynamoDB write, as a PoP sends it to central. */
export interface ForwardedWrite {
  kind: 'write';
  ctx: Omit<RequestContext, 'requestId'> & { requestId?: string };
  operation: string;
  body: unknown;
}

export interface CentralEndpointOptions {
  role: 'edge' | 'central';
  networkSecret: string;
  execute: (ctx: RequestContext, operation: string, body: unknown) => Promise<CentralResult>;
  escrow: CentralEscrow | undefined;
  lock: <T>(task: () => Promise<T>) => Promise<T>;
  log: Logger;
  now?: () => number;
}

/** DynamoDB's own request limit plus room for the envelope. */
const MAX_BODY_BYTES = 17 * 1024 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * `POST /_kuhiro/spot` at central: forwarded writes and escrow messages from PoPs, each signed
 * with the network secret (spotSignature.ts). Returns false for any other request so the
 * caller routes it on. Only central serves it; an edge answers 404 (a misconfigured PoP
 * pointing at another edge must not have its writes executed there).
 */
export function createCentralEndpoint(options: CentralEndpointOptions) {
  const now = options.now ?? Date.now;
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if ((req.url ?? '').split('?')[0] !== SPOT_PATH) return false;
    void (async () => {
      if (req.method !== 'POST') return send(res, 405, { message: 'Method not allowed' });
      if (options.role !== 'central') return send(res, 404, { message: 'This node is not central' });
      const text = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
      const node = verifySpotRequest(options.networkSecret, req.headers, text, now());
      if (node === undefined) {
        options.log.warn('refused a SPOT request with a bad signature', { remote: req.socket.remoteAddress });
        return send(res, 403, { message: 'Bad signature' });
      }
      let message: ForwardedWrite | EscrowRequest;
      try {
        message = JSON.parse(text) as ForwardedWrite | EscrowRequest;
      } catch {
        return send(res, 400, { message: 'Malformed JSON' });
      }
      if (message.kind === 'write') {
        const ctx = { ...message.ctx, requestId: message.ctx.requestId ?? '' };
        return send(res, 200, await options.execute(ctx, message.operation, message.body));
      }
      if (message.kind === 'escrow' && options.escrow) {
        // The holder must be the signing node: a PoP cannot report for another.
        if (!message.holder.startsWith(`${node}/`)) return send(res, 403, { message: 'Holder is not the signing node' });
        const escrow = options.escrow;
        return send(res, 200, await options.lock(() => escrow.handle(message as EscrowRequest)));
      }
      return send(res, 400, { message: 'Unknown message kind' });
    })().catch((err: unknown) => {
      options.log.error('SPOT request failed', { error: err });
      if (!res.headersSent) send(res, 500, { message: 'Internal error' });
      else res.destroy();
    });
    return true;
  };
}
