import type { IncomingMessage } from 'node:http';
import type { Principal, Tenants } from '../credentials/tenants.js';
import { headersFromRaw, verifySigV4 } from './sigv4.js';

/** SigV4 signing names of the APIs a node serves. */
export type SigningService = 'dynamodb' | 'lambda';

export interface Authenticator {
  /** Throws SignatureError when the request is not properly signed by a known key. */
  authenticate(req: IncomingMessage, rawBody: Buffer, service: SigningService): Principal;
}

export interface AuthenticatorOptions {
  region: string;
  tenants: Tenants;
  /** Injected so tests can sign at a fixed instant. */
  now?: () => Date;
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const now = options.now ?? (() => new Date());
  return {
    authenticate(req, rawBody, service) {
      return verifySigV4(
        { method: req.method ?? 'GET', url: req.url ?? '/', headers: headersFromRaw(req.rawHeaders), body: rawBody },
        { region: options.region, service, lookup: (key) => options.tenants.lookup(key), now: now() },
      );
    },
  };
}
