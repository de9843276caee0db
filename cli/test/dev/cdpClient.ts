import WebSocket from 'ws';

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** A minimal Chrome DevTools Protocol client: commands by id, events awaited by name. */
export class CdpClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  private readonly events: CdpMessage[] = [];
  private readonly waiters: Array<{ method: string; resolve: (params: Record<string, unknown>) => void }> = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as CdpMessage;
      if (message.id !== undefined) {
        const call = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) call?.reject(new Error(message.error.message));
        else call?.resolve(message.result ?? {});
        return;
      }
      const waiter = this.waiters.findIndex((w) => w.method === message.method);
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(message.params ?? {});
      else this.events.push(message);
    });
  }

  static connect(url: string): Promise<CdpClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new CdpClient(socket)));
      socket.once('error', reject);
    });
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The next event of that name (one already received counts). */
  next(method: string): Promise<Record<string, unknown>> {
    const index = this.events.findIndex((event) => event.method === method);
    if (index >= 0) return Promise.resolve(this.events.splice(index, 1)[0]!.params ?? {});
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  received(method: string): Array<Record<string, unknown>> {
    return this.events.filter((event) => event.method === method).map((event) => event.params ?? {});
  }

  close(): void {
    this.socket.terminate();
  }
}
