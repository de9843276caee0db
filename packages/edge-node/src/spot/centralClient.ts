import { SPOT_PATH, signSpotRequest } from './spotSignature.js';

/** Central could not be asked, or gave no usable answer. `applied` = it may have executed the write. */
export class CentralUnavailableError extends Error {
  constructor(
    message: string,
    readonly maybeApplied: boolean,
  ) {
    super(message);
  }
}

export interface CentralClientOptions {
  centralUrl: string;
  networkSecret: string;
  nodeName: string;
  /** Per request (default 5000 ms). */
  timeoutMs?: number;
  now?: () => number;
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** Signed JSON calls from a PoP to central's `POST /_kuhiro/spot`. */
export function createCentralClient(options: CentralClientOptions): <T>(message: object) => Promise<T> {
  const url = new URL(SPOT_PATH, options.centralUrl).toString();
  const now = options.now ?? Date.now;
  return async <T>(message: object): Promise<T> => {
    const body = JSON.stringify(message);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signSpotRequest(options.networkSecret, options.nodeName, body, now()) },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      const refused = code !== undefined && CONNECT_ERRORS.has(code) && code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET';
      throw new CentralUnavailableError(`central unreachable: ${code ?? (err as Error).name}`, !refused);
    }
    const text = await response.text().catch(() => '');
    if (response.status !== 200) throw new CentralUnavailableError(`central answered ${response.status}: ${text.slice(0, 200)}`, false);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CentralUnavailableError('central answered with malformed JSON', true);
    }
  };
}
