import type WebSocket from 'ws';
import { decodeMessage, encodeMessage } from '../protocol/frameCodec.js';
import type { Message } from '../protocol/messages.js';

/** An open WebSocket speaking replication frames; counts bytes and frames. */
export class Connection {
  bytesSent = 0;
  framesSent = 0;
  bytesReceived = 0;
  lastReceivedAt: number;
  private handler: ((message: Message, byteLength: number) => void) | undefined;
  private closeHandlers: Array<() => void> = [];
  private buffered: Array<[Message, number]> = [];
  closed = false;
  /** Injected one-way delay for frames sent (set by the link from LinkFaults); 0 = none. */
  outboundDelayMs: () => number = () => 0;
  private lastDeliveryAt = 0;

  constructor(readonly socket: WebSocket, private readonly clock: () => number, onProtocolError: (error: Error) => void) {
    this.lastReceivedAt = clock();
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.closed) return;
      this.lastReceivedAt = this.clock();
      this.bytesReceived += data.length;
      let message: Message;
      try {
        if (!isBinary) throw new Error('text frame');
        message = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (error) {
        onProtocolError(error as Error);
        this.terminate();
        return;
      }
      if (this.handler !== undefined) this.handler(message, data.length);
      else this.buffered.push([message, data.length]);
    });
    socket.on('close', () => this.markClosed());
    socket.on('error', () => this.terminate());
  }

  /** Messages received before a handler was set are delivered to it in order. */
  onMessage(handler: (message: Message, byteLength: number) => void): void {
    this.handler = handler;
    // A handler may pause delivery (pauseMessages) while handling one of these.
    for (let current = this.handler; current !== undefined && this.buffered.length > 0; current = this.handler) {
      const [message, length] = this.buffered.shift()!;
      current(message, length);
    }
  }

  /** Buffers further messages until the next onMessage. */
  pauseMessages(): void {
    this.handler = undefined;
  }

  onClose(handler: () => void): void {
    if (this.closed) handler();
    else this.closeHandlers.push(handler);
  }

  send(message: Message): number {
    if (this.closed) return 0;
    const bytes = encodeMessage(message);
    const delay = this.outboundDelayMs();
    if (delay > 0 || this.lastDeliveryAt > Date.now()) this.sendDelayed(bytes, delay);
    else this.socket.send(bytes, { binary: true });
    this.bytesSent += bytes.length;
    this.framesSent++;
    return bytes.length;
  }

  /** Frames keep their order: a frame never overtakes one sent earlier with a longer delay. */
  private sendDelayed(bytes: Uint8Array, delayMs: number): void {
    const now = Date.now();
    const at = Math.max(now + delayMs, this.lastDeliveryAt);
    this.lastDeliveryAt = at;
    setTimeout(() => {
      if (!this.closed) this.socket.send(bytes, { binary: true });
    }, at - now);
  }

  /** Bytes handed to ws but not yet written to the socket. */
  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  close(code = 1000, reason = ''): void {
    if (this.closed) return;
    try {
      this.socket.close(code, reason);
    } catch {
      this.socket.terminate();
    }
    // A peer that never answers the close handshake must not hold the link open.
    setTimeout(() => this.terminate(), 1000).unref();
    this.markClosed();
  }

  terminate(): void {
    this.socket.terminate();
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    const handlers = this.closeHandlers;
    this.closeHandlers = [];
    for (const handler of handlers) handler();
  }
}
