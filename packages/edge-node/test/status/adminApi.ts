import { jsonOf, rawRequest } from '../helpers/httpClient.js';

export interface AdminAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** One call to the node's admin JSON API (`/_kuhiro/...`), as the status page makes it. */
export async function adminCall(
  baseUrl: string,
  method: string,
  path: string,
  options: { query?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
): Promise<AdminAnswer> {
  const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await rawRequest(baseUrl, {
    method,
    path: `/_kuhiro${path}${query}`,
    headers,
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
  });
  return { status: res.status, headers: res.headers, body: res.raw.length ? jsonOf(res) : {} };
}
