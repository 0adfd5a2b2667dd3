// A SPDY/3.1 session over any byte stream (a TLS socket after an HTTP upgrade, or a WebSocket
// carrying SPDY for kubectl's tunnelled port-forward), compatible with moby/spdystream, which is
// what kubectl and the kubelet speak:
// - spdystream ignores WINDOW_UPDATE and never sends one, so flow-control windows are not kept
//   here either; backpressure comes from the transport instead;
// - pings from the peer are echoed, SETTINGS are ignored, GOAWAY stops new streams only;
// - spdystream drops DATA for a stream it opened until the SYN_REPLY came, so a server stream
//   replies before its first DATA frame.
import { EventEmitter, once } from "node:events";
import type { Duplex } from "node:stream";
import { carriesHeaders, decodeFrame, decodeHeaderFrame, encodeFrame, FrameSplitter, RST_PROTOCOL_ERROR, RST_REFUSED_STREAM, type RawFrame, type SpdyFrame } from "./frame.ts";
import { HeaderDeflater, HeaderInflater, type SpdyHeaders } from "./header-block.ts";
import { SpdyStream } from "./stream.ts";

export interface SpdyConnectionOptions {
  /** The server accepts odd (client) stream ids and would open even ones; the client the reverse. */
  role: "server" | "client";
  /** Bytes that arrived with the upgrade request, before the connection took over the transport. */
  head?: Buffer;
}

interface SpdyConnectionEvents {
  stream: [SpdyStream];
  goaway: [];
  close: [];
}

export class SpdyConnection extends EventEmitter<SpdyConnectionEvents> {
  readonly #transport: Duplex;
  readonly #role: "server" | "client";
  readonly #deflater = new HeaderDeflater();
  readonly #inflater = new HeaderInflater();
  readonly #splitter = new FrameSplitter();
  readonly #streams = new Map<number, SpdyStream>();
  readonly #pausedBy = new Set<SpdyStream>();
  #queue: RawFrame[] = [];
  #draining = false;
  #lastRemoteId = 0;
  #nextLocalId: number;
  #goneAway = false;
  #closed = false;
  #graceTimer: NodeJS.Timeout | undefined;

  constructor(transport: Duplex, opts: SpdyConnectionOptions) {
    super();
    this.#transport = transport;
    this.#role = opts.role;
    this.#nextLocalId = opts.role === "server" ? 2 : 1;
    transport.on("data", (chunk: Buffer) => this.#receive(chunk));
    transport.on("end", () => this.destroy());
    transport.on("close", () => this.destroy());
    transport.on("error", () => this.destroy());
    if (opts.head?.length) this.#receive(opts.head);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Opens a stream from this side (the client role's way to start an exchange). */
  openStream(headers: SpdyHeaders, opts: { fin?: boolean } = {}): SpdyStream {
    const id = this.#nextLocalId;
    this.#nextLocalId += 2;
    const stream = new SpdyStream(this, id, headers, { initiated: true });
    this.#streams.set(id, stream);
    this.send({ type: "syn_stream", streamId: id, associatedId: 0, priority: 0, fin: opts.fin ?? false, unidirectional: false, headers });
    if (opts.fin) stream.end();
    return stream;
  }

  /** Tells the peer no new streams will be accepted; existing ones go on. */
  goAway(status = 0): void {
    if (this.#closed) return;
    this.#goneAway = true;
    this.send({ type: "goaway", lastGoodStreamId: this.#lastRemoteId, status });
  }

  /**
   * Finishes the session: GOAWAY, then a half-close of the transport so everything written still
   * reaches the peer (a full close with unread input would reset the connection and lose it). The
   * transport is destroyed when the peer closes too, or after `graceMs` (long: a slow reader may
   * still be taking in output that is already written).
   */
  end(graceMs = 15 * 60_000): void {
    if (this.#closed) return;
    this.goAway();
    this.#transport.end();
    this.#graceTimer ??= setTimeout(() => this.destroy(), graceMs).unref();
  }

  destroy(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#graceTimer);
    for (const stream of this.#streams.values()) stream.destroy();
    this.#streams.clear();
    this.#queue = [];
    this.#inflater.close();
    this.#transport.destroy();
    this.emit("close");
  }

  /** @internal Writes one frame; false when the transport asks the writer to wait for 'drain'. */
  send(frame: SpdyFrame): boolean {
    if (this.#closed || this.#transport.writableEnded) return true;
    return this.#transport.write(encodeFrame(frame, this.#deflater));
  }

  /** @internal Resolves when the transport drained or went away. */
  async drained(): Promise<void> {
    if (this.#closed || !this.#transport.writableNeedDrain) return;
    const ac = new AbortController();
    await Promise.race([once(this.#transport, "drain", { signal: ac.signal }), once(this, "close", { signal: ac.signal })]).catch(() => {});
    ac.abort();
  }

  /** @internal A stream's reader is full: stop reading the transport until it asks for more. */
  pauseFor(stream: SpdyStream): void {
    this.#pausedBy.add(stream);
    this.#transport.pause();
  }

  /** @internal */
  resumeFor(stream: SpdyStream): void {
    if (this.#pausedBy.delete(stream) && this.#pausedBy.size === 0 && !this.#closed) this.#transport.resume();
  }

  /** @internal Both directions of the stream are finished or it was reset. */
  forget(stream: SpdyStream): void {
    this.#streams.delete(stream.id);
    this.resumeFor(stream);
  }

  #receive(chunk: Buffer): void {
    if (this.#closed) return;
    this.#queue.push(...this.#splitter.push(chunk));
    void this.#drain();
  }

  /** Handles frames strictly in order; only header blocks make it wait (for zlib). */
  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#queue.length && !this.#closed) {
        const raw = this.#queue.shift()!;
        const frame = raw.control && carriesHeaders(raw) ? await decodeHeaderFrame(raw, this.#inflater) : decodeFrame(raw);
        if (frame && !this.#closed) this.#handle(frame);
      }
    } catch {
      // A peer that breaks framing or compression cannot be resynchronised.
      this.destroy();
    } finally {
      this.#draining = false;
    }
  }

  #handle(frame: SpdyFrame): void {
    switch (frame.type) {
      case "data": {
        const stream = this.#streams.get(frame.streamId);
        if (!stream) return;
        if (frame.data.length) stream.receive(frame.data);
        if (frame.fin) stream.receiveFin();
        return;
      }
      case "syn_stream":
        return this.#accept(frame);
      case "syn_reply":
        this.#streams.get(frame.streamId)?.receiveReply(frame.headers, frame.fin);
        return;
      case "headers":
        if (frame.fin) this.#streams.get(frame.streamId)?.receiveFin();
        return;
      case "rst_stream":
        this.#streams.get(frame.streamId)?.receiveReset();
        return;
      case "ping":
        // Our own pings would carry our parity; only the peer's are answered.
        if ((frame.id & 1) === (this.#role === "server" ? 1 : 0)) this.send(frame);
        return;
      case "goaway":
        this.#goneAway = true;
        this.emit("goaway");
        return;
      case "settings":
      case "window_update":
        return;
    }
  }

  #accept(frame: Extract<SpdyFrame, { type: "syn_stream" }>): void {
    const peerParity = this.#role === "server" ? 1 : 0;
    if ((frame.streamId & 1) !== peerParity || frame.streamId <= this.#lastRemoteId) {
      this.send({ type: "rst_stream", streamId: frame.streamId, status: RST_PROTOCOL_ERROR });
      return;
    }
    this.#lastRemoteId = frame.streamId;
    if (this.#goneAway) {
      this.send({ type: "rst_stream", streamId: frame.streamId, status: RST_REFUSED_STREAM });
      return;
    }
    const stream = new SpdyStream(this, frame.streamId, frame.headers, { initiated: false });
    this.#streams.set(frame.streamId, stream);
    this.emit("stream", stream);
    if (frame.fin) stream.receiveFin();
  }
}
