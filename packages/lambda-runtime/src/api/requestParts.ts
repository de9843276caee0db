import type { Request } from 'express';
import { parseFunctionReference, type FunctionReference } from '../arn.js';
import { InvalidRequestContentException } from '../errors.js';

/** The request body as JSON; Lambda refuses a body that is not JSON with this wording. */
export function jsonBody(req: Request): Record<string, unknown> {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new InvalidRequestContentException(`Could not parse request body into json: ${(error as Error).message}`);
  }
}

export function rawBody(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

export function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function queryStrings(req: Request, name: string): string[] {
  const value = req.query[name];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** The `{FunctionName}` path label (name, partial or full ARN) with the Qualifier query parameter. */
export function functionRef(req: Request): FunctionReference {
  return parseFunctionReference(String(req.params.functionName), queryString(req, 'Qualifier'));
}
