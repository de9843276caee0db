import type { Socket } from 'node:net';

/**
 * Node's IPC protocol in `serialization: 'json'` mode, spoken over a plain socket: one
 * `JSON.stringify(message)` per line. The worker's end is a real IPC channel (NODE_CHANNEL_FD),
 * so its `process.send` / `process.on('message')` work unchanged.
 */
export class JsonLineChannel {
  private pending: string[] = [];
  private readonly listeners: Array<(message: unknown) => void> = [];

  constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    // The worker died or closed the channel: its exit is reported separately.
    socket.on('error', () => socket.destroy());
  }

  get open(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  readonly closed = (): Promise<void> =>
    new Promise((resolve) => (this.socket.closed ? resolve() : this.socket.once('close', () => resolve())));

  send(message: unknown): void {
    if (this.open) this.socket.write(JSON.stringify(message) + '\n');
  }

  onMessage(listener: (message: unknown) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.socket.destroy();
  }

  /** Splits on newlines, scanning each chunk once (a 6 MB payload arrives in many chunks). */
  private receive(chunk: string): void {
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline >= 0) {
      const line = this.pending.length > 0 ? this.pending.join('') + chunk.slice(start, newline) : chunk.slice(start, newline);
      this.pending = [];
      if (line !== '') this.deliver(line);
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) this.pending.push(chunk.slice(start));
  }

  private deliver(line: string): void {
    const message: unknown = JSON.parse(line);
    // Node's own messages (handle passing, cluster) are not the application's, as in Node's IPC.
    const cmd = (message as { cmd?: unknown } | null)?.cmd;
    if (typeof cmd === 'string' && cmd.startsWith('NODE_')) return;
    for (const listener of this.listeners) listener(message);
  }
}
