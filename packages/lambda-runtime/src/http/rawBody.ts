import express, { type RequestHandler } from 'express';

/**
 * The raw request body as a Buffer in `req.body`. The edge node's SigV4 step has usually read
 * it already (it must hash it) and left the Buffer there; only otherwise is the stream read.
 */
export function rawBodyParser(limitBytes: number): RequestHandler {
  const parse = express.raw({ type: () => true, limit: limitBytes });
  return (req, res, next) => {
    if (Buffer.isBuffer(req.body)) {
      next();
      return;
    }
    parse(req, res, next);
  };
}
