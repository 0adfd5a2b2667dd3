// The channel.k8s.io WebSocket framing: every binary message starts with a channel number, the rest
// is that channel's payload. Under v5 a message [255, n] means the client closed channel n.
import { Readable, Writable } from "node:stream";
import type { WebSocket } from "ws";

const CLOSE_CHANNEL = 255;

export class ChannelSocket {
  readonly #ws: WebSocket;
  readonly #closeSignal: boolean;
  readonly #readers = new Map<number, Readable>();
  /** Channels whose readers got their end (push(null)); pushing more would throw. */
  readonly #ended = new Set<number>();
  readonly #abort = new AbortController();
  readonly #closed: Promise<void>;

  /** `closeSignal`: the v5 protocol, where the client half-closes channels with [255, n]. */
  constructor(ws: WebSocket, opts: { closeSignal: boolean }) {
    this.#ws = ws;
    this.#closeSignal = opts.closeSignal;
    this.#closed = new Promise((resolve) => ws.once("close", () => resolve()));
    ws.on("message", (data, isBinary) => this.#receive(data as Buffer, isBinary));
    ws.on("error", () => ws.terminate());
    ws.once("close", () => {
      this.#abort.abort();
      for (const channel of this.#readers.keys()) this.#end(channel);
    });
  }

  /** Aborts when the connection is gone. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** What the client sends on `channel`; ends when it closes the channel or the connection. */
  reader(channel: number): Readable {
    let reader = this.#readers.get(channel);
    if (!reader) {
      reader = new Readable({ read: () => this.#ws.isPaused && this.#ws.resume() });
      this.#readers.set(channel, reader);
      if (this.signal.aborted) this.#end(channel);
    }
    return reader;
  }

  /** Each write becomes one message on `channel`; the callback waits for the socket. */
  writer(channel: number): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, callback) => this.send(channel, chunk, () => callback()),
    });
  }

  /**
   * Sends one message. Once the connection is gone the payload is dropped without an error: the
   * session learns of the loss through `signal`, and a writer error would only crash a pipe.
   */
  send(channel: number, payload: Uint8Array, callback: () => void = () => {}): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return callback();
    this.#ws.send(Buffer.concat([Buffer.from([channel]), payload]), { binary: true }, () => callback());
  }

  /** A normal closure (1000), resolved once the client answered or the socket went away. */
  close(): Promise<void> {
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.close(1000);
    return this.#closed;
  }

  #receive(data: Buffer, isBinary: boolean): void {
    if (!isBinary || data.length === 0) return;
    const channel = data[0];
    if (channel === CLOSE_CHANNEL && this.#closeSignal) {
      if (data.length === 2) this.#end(data[1]);
      return;
    }
    const reader = this.#readers.get(channel);
    if (!reader || this.#ended.has(channel)) return;
    if (!reader.push(data.subarray(1))) this.#ws.pause();
  }

  #end(channel: number): void {
    const reader = this.#readers.get(channel);
    if (!reader || this.#ended.has(channel)) return;
    this.#ended.add(channel);
    reader.push(null);
  }
}
