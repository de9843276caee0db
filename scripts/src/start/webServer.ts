import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { SHOP_WEB_DIR } from './repoPaths.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};
// Only the page's own files are served: no path from the URL ever reaches the file system.
const PAGE_FILES = new Set(['index.html', 'app.js', 'style.css']);

export interface ShopWebServer {
  readonly url: string;
  /** The shop page for one PoP, e.g. http://127.0.0.1:8080/edge-1/ */
  shopUrl(pop: string): string;
  close(): Promise<void>;
}

/**
 * Serves demo-shop/web once per PoP: /<pop>/ is the page, /<pop>/config.json points it at that
 * PoP's function URLs. All PoPs share one origin, so the page's session (localStorage) follows
 * the shopper from one PoP to the next, as one site behind a geo-steered DNS name would.
 */
export async function startShopWebServer(configs: Map<string, Record<string, string>>, port: number): Promise<ShopWebServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', 'Method Not Allowed', { allow: 'GET, HEAD' });
    if (path === '/') return send(200, CONTENT_TYPES['.html']!, indexPage([...configs.keys()]));
    const [, pop, file = ''] = /^\/([^/]+)(?:\/(.*))?$/.exec(path) ?? [];
    const config = pop === undefined ? undefined : configs.get(pop);
    if (!config) return send(404, 'text/plain', 'Not Found');
    if (!path.startsWith(`/${pop}/`)) return send(301, 'text/plain', '', { location: `/${pop}/` });
    if (file === 'config.json') return send(200, CONTENT_TYPES['.json']!, JSON.stringify(config, null, 2));
    const name = file === '' ? 'index.html' : file;
    if (!PAGE_FILES.has(name)) return send(404, 'text/plain', 'Not Found');
    readFile(join(SHOP_WEB_DIR, name)).then(
      (body) => send(200, CONTENT_TYPES[extname(name)] ?? 'application/octet-stream', body),
      () => send(404, 'text/plain', 'Not Found'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('web server has no port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    shopUrl: (pop) => `${url}/${encodeURIComponent(pop)}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function indexPage(pops: string[]): string {
  const links = pops.map((pop) => `<li><a href="/${encodeURIComponent(pop)}/">${pop}</a></li>`).join('\n');
  return `<!doctype html><meta charset="utf-8"><title>Fjord &amp; Trail on Kuhiro</title>
<h1>Fjord &amp; Trail</h1><p>The same shop at each PoP of the local edge network:</p><ul>${links}</ul>`;
}
