import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { DEVELOPMENT_ACCOUNT_ID } from '../credentials/tenants.js';

/** Where an operator may fix the admin token instead of taking the generated one. */
export const ADMIN_TOKEN_ENV = 'KUHIRO_ADMIN_TOKEN';
/** The header naming the account (namespace) an admin request acts on, in accounts mode. */
export const ACCOUNT_HEADER = 'x-kuhiro-account';

/** Who an admin API request acts for, in `res.locals.kuhiroAdmin`. */
export interface AdminCaller {
  tenant: string;
  accountId: string;
}

/**
 * The admin API's access rule.
 * - Development mode: the node has one namespace and no secrets, so the admin API is open and
 *   always acts on that namespace (as every access key does).
 * - Accounts mode: every request needs `Authorization: Bearer <admin token>`, and names the
 *   account it acts on (`X-Kuhiro-Account: <12 digits>`); a request only ever reads or writes
 *   that one account's tables and functions. The token is the operator's, never a tenant's:
 *   a tenant's AWS keys do not open it.
 */
export interface AdminAccess {
  readonly mode: 'development' | 'accounts';
  /** The token in accounts mode; undefined in development mode. */
  readonly token: string | undefined;
  /** Checks the token and resolves the account; answers 401/400 itself. */
  middleware: RequestHandler;
}

export function createAdminAccess(mode: 'development' | 'accounts', configuredToken?: string): AdminAccess {
  if (mode === 'development') {
    return {
      mode,
      token: undefined,
      middleware: (_req, res, next) => {
        const caller: AdminCaller = { tenant: DEVELOPMENT_ACCOUNT_ID, accountId: DEVELOPMENT_ACCOUNT_ID };
        res.locals.kuhiroAdmin = caller;
        next();
      },
    };
  }
  // 32 random bytes: unguessable, and short enough to paste into the page from the log.
  const token = configuredToken && configuredToken.length > 0 ? configuredToken : randomBytes(32).toString('base64url');
  const expected = Buffer.from(token, 'utf8');
  return {
    mode,
    token,
    middleware: (req, res, next) => {
      const header = req.headers.authorization ?? '';
      const given = Buffer.from(header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '', 'utf8');
      // Constant-time compare so the token cannot be found a byte at a time from timings.
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).set('WWW-Authenticate', 'Bearer realm="kuhiro-admin"').json({
          __type: 'UnauthorizedException',
          message: 'The admin API of a node with a credentials file needs its admin token (see the node log).',
        });
        return;
      }
      const account = req.headers[ACCOUNT_HEADER];
      if (typeof account !== 'string' || !/^\d{12}$/.test(account)) {
        res.status(400).json({ __type: 'ValidationException', message: `Name the account to act on in the ${ACCOUNT_HEADER} header (12 digits).` });
        return;
      }
      const caller: AdminCaller = { tenant: account, accountId: account };
      res.locals.kuhiroAdmin = caller;
      next();
    },
  };
}
