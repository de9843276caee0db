import net from 'node:net';
import { driveLoad, type LoadResult, type SendRequest } from './loadResult.js';
import type { SignedRequest } from './signedRequests.js';

/**
 * The load of `driveLoad` (`concurrency` loops, one keep-alive connection each, each request
 * timed from write to the end of its response), spoken as HTTP/1.1 bytes over
 * net.Socket: every distinct request is serialized once, and a response is parsed by reading the
 * status line, Content-Length or chunked framing, nothing more.
 *
 * Why: on the 2-core bench box the client shares the CPU with the servers it measures. node:http
 * costs ~0.2-0.3 ms of client CPU per request (measured with process.cpuUsage around a run), as
 * much as a whole Lambda invoke costs the node; that fixed cost sits in every latency figure and
 * caps both targets' throughput alike, so it hides the servers' differences. This client costs a
 * small fraction of that. Both targets of a bench get the same client.
 */
export async function runRawLoad(endpoint: URL, requests: SignedRequest[], concurrency: number, maxSeconds: number): Promise<LoadResult> {
  const encoded = new Map<SignedRequest, Buffer>();
  const bytesOf = (request: SignedRequest): Buffer => {
    let bytes = encoded.get(request);
    if (!bytes) {
      bytes = encodeRequest(endpoint, request);
      encoded.set(request, bytes);
    }
    return bytes;
  };
  const connections: Connection[] = [];
  // Each loop keeps one connection, and opens a new one after a failure.
  const senderForLoop = (): SendRequest => {
    let connection: Connection | undefined;
    return async (request) => {
      try {
        if (!connection || connection.closed) {
          connection = await Connection.open(endpoint);
          connections.push(connection);
        }
        return await connection.exchange(bytesOf(request));
      } catch (error) {
        connection?.destroy();
        connection = undefined;
        throw error;
      }
    };
  };
  try {
    return await driveLoad(requests, concurrency, maxSeconds, senderForLoop);
  } finally {
    for (const connection of connections) connection.destroy();
  }
}

function encodeRequest(endpoint: URL, request: SignedRequest): Buffer {
  const lines = [`POST ${request.path} HTTP/1.1`];
  const names = new Set<string>();
  for (const [name, value] of Object.entries(request.headers)) {
    names.add(name.toLowerCase());
    lines.push(`${name}: ${value}`);
  }
  if (!names.has('host')) lines.push(`host: ${endpoint.host}`);
  if (!names.has('content-length')) lines.push(`content-length: ${request.body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), request.body]);
}

interface Response {
  status: number;
  body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One keep-alive connection with at most one request in flight (no pipelining). */
class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private pending: { resolve: (response: Response) => void; reject: (error: Error) => void } | undefined;
  closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
      this.tryParse();
    });
    const fail = (error: Error): void => {
      this.closed = true;
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by the server')));
  }

  static open(endpoint: URL): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: endpoint.hostname, port: Number(endpoint.port) });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new Connection(socket));
      });
      socket.once('error', reject);
    });
  }

  exchange(request: Buffer): Promise<Response> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(request);
    });
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  /** Resolves the pending request once its whole response is buffered. */
  private tryParse(): void {
    const headerEnd = this.buffered.indexOf(HEADER_END);
    if (headerEnd < 0 || !this.pending) return;
    const head = this.buffered.toString('latin1', 0, headerEnd);
    const status = Number(head.slice(9, 12));
    const contentLength = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const chunked = /\r\ntransfer-encoding:\s*chunked/i.test(head);
    const closes = /\r\nconnection:\s*close/i.test(head);
    const bodyStart = headerEnd + HEADER_END.length;
    let body: Buffer | undefined;
    let end: number;
    if (chunked) {
      const decoded = decodeChunked(this.buffered, bodyStart);
      if (!decoded) return;
      ({ body, end } = decoded);
    } else {
      const length = contentLength ? Number(contentLength[1]) : 0;
      end = bodyStart + length;
      if (this.buffered.length < end) return;
      body = this.buffered.subarray(bodyStart, end);
    }
    const pending = this.pending;
    this.pending = undefined;
    const text = body.toString('utf8');
    this.buffered = this.buffered.length === end ? Buffer.alloc(0) : this.buffered.subarray(end);
    if (closes) this.destroy();
    pending.resolve({ status, body: text });
  }
}

/** A complete chunked body starting at `from`, or undefined while more bytes are due. */
function decodeChunked(buffer: Buffer, from: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    if (Number.isNaN(size)) throw new Error('bad chunk size in response');
    const dataStart = lineEnd + 2;
    if (size === 0) {
      // No trailers are sent by either target: the last chunk is followed by one CRLF.
      if (buffer.length < dataStart + 2) return undefined;
      return { body: Buffer.concat(parts), end: dataStart + 2 };
    }
    if (buffer.length < dataStart + size + 2) return undefined;
    parts.push(buffer.subarray(dataStart, dataStart + size));
    at = dataStart + size + 2;
  }
}
