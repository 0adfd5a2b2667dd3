// One SPDY stream as a node Duplex: reading yields the peer's DATA, writing sends DATA frames,
// end() sends FIN, destroy() without both FINs sends RST_STREAM. A reset from the peer destroys it.
import { Duplex } from "node:stream";
import type { SpdyConnection } from "./connection.ts";
import { RST_CANCEL } from "./frame.ts";
import type { SpdyHeaders } from "./header-block.ts";

/** Small frames let several streams share the connection fairly (Go's io.Copy writes 32 KiB). */
const FRAME_PAYLOAD = 32 * 1024;

export class SpdyStream extends Duplex {
  readonly id: number;
  /** The SYN_STREAM headers: the peer's for accepted streams, ours for opened ones. */
  readonly headers: SpdyHeaders;
  readonly #conn: SpdyConnection;
  readonly #initiated: boolean;
  readonly #replied: Promise<SpdyHeaders>;
  #resolveReply!: (headers: SpdyHeaders) => void;
  #rejectReply!: (error: Error) => void;
  #replySent = false;
  #localFin = false;
  #remoteFin = false;
  #reset = false;

  constructor(conn: SpdyConnection, id: number, headers: SpdyHeaders, opts: { initiated: boolean }) {
    super({ allowHalfOpen: true });
    this.#conn = conn;
    this.id = id;
    this.headers = headers;
    this.#initiated = opts.initiated;
    this.#replied = new Promise((resolve, reject) => {
      this.#resolveReply = resolve;
      this.#rejectReply = reject;
    });
    // A stream can be destroyed with nobody waiting for its reply.
    this.#replied.catch(() => {});
  }

  /** Answers a stream the peer opened (SYN_REPLY). Writing replies with no headers if not done. */
  reply(headers: SpdyHeaders = {}): void {
    if (this.#initiated || this.#replySent || this.#reset) return;
    this.#replySent = true;
    this.#conn.send({ type: "syn_reply", streamId: this.id, fin: false, headers });
  }

  /** The peer's SYN_REPLY to a stream this side opened. */
  get replied(): Promise<SpdyHeaders> {
    return this.#replied;
  }

  /** Abandons the stream in both directions (RST_STREAM with CANCEL). */
  reset(): void {
    this.destroy();
  }

  /** @internal */
  receive(data: Buffer): void {
    if (this.#remoteFin || this.destroyed) return;
    if (!this.push(data)) this.#conn.pauseFor(this);
  }

  /** @internal */
  receiveFin(): void {
    if (this.#remoteFin) return;
    this.#remoteFin = true;
    this.push(null);
    this.#settle();
  }

  /** @internal */
  receiveReply(headers: SpdyHeaders, fin: boolean): void {
    this.#resolveReply(headers);
    if (fin) this.receiveFin();
  }

  /** @internal */
  receiveReset(): void {
    this.#reset = true;
    this.destroy();
  }

  override _read(): void {
    this.#conn.resumeFor(this);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#sendData(chunk, false).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#sendData(Buffer.alloc(0), true).then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#reset && !(this.#localFin && this.#remoteFin)) {
      this.#reset = true;
      this.#conn.send({ type: "rst_stream", streamId: this.id, status: RST_CANCEL });
    }
    this.#rejectReply(new Error(`spdy stream ${this.id} closed before its reply`));
    this.#conn.forget(this);
    callback(error);
  }

  async #sendData(data: Buffer, fin: boolean): Promise<void> {
    if (this.#initiated) await this.#replied.catch(() => {});
    else this.reply();
    if (this.#reset || this.#conn.closed) return;
    for (let off = 0; off < data.length; off += FRAME_PAYLOAD) {
      const last = off + FRAME_PAYLOAD >= data.length;
      this.#conn.send({ type: "data", streamId: this.id, fin: fin && last, data: data.subarray(off, off + FRAME_PAYLOAD) });
    }
    if (fin && data.length === 0) this.#conn.send({ type: "data", streamId: this.id, fin: true, data });
    if (fin) {
      this.#localFin = true;
      this.#settle();
    }
    await this.#conn.drained();
  }

  #settle(): void {
    if (this.#localFin && this.#remoteFin) this.#conn.forget(this);
  }
}
