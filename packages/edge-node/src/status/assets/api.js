// The page's only way to the node: its admin JSON API under /_kuhiro/api/ (and /_kuhiro/network).

const credentials = {
  token: sessionStorage.getItem('kuhiro.adminToken') ?? '',
  account: sessionStorage.getItem('kuhiro.adminAccount') ?? '',
};

/** Accounts mode: the admin token and the account the page acts on (kept for this tab only). */
export function setCredentials(token, account) {
  credentials.token = token;
  credentials.account = account;
  sessionStorage.setItem('kuhiro.adminToken', token);
  sessionStorage.setItem('kuhiro.adminAccount', account);
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? body?.Message ?? `HTTP ${status}`);
    this.status = status;
    this.type = (body?.__type ?? '').split('#').pop();
  }
}

/** JSON request to the node; throws ApiError with the node's (DynamoDB-worded) message. */
export async function api(path, { method = 'GET', query, body } = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null) url.searchParams.set(name, value);
  const headers = { Accept: 'application/json' };
  if (credentials.token) headers.Authorization = `Bearer ${credentials.token}`;
  if (credentials.account) headers['X-Kuhiro-Account'] = credentials.account;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : {}; } catch { json = { message: text }; }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

/** Another PoP's public metrics (CORS-open); undefined when it cannot be reached. */
export async function remoteMetrics(baseUrl) {
  try {
    // A network config may name PoPs by their ws:// replication URL; metrics are on the same port.
    const httpBase = baseUrl.replace(/^ws(s?):/, 'http$1:');
    const res = await fetch(new URL('/_kuhiro/api/metrics', httpBase), { signal: AbortSignal.timeout(2000) });
    return res.ok ? await res.json() : undefined;
  } catch {
    return undefined;
  }
}
