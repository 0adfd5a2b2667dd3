// SPDY/3 frames: the typed shapes, their encoding, and the splitter that cuts a byte stream into
// frames. Header blocks are (de)compressed by the caller's per-connection zlib streams.
import { decodeHeaderBlock, encodeHeaderBlock, SpdyProtocolError, type HeaderDeflater, type HeaderInflater, type SpdyHeaders } from "./header-block.ts";

const SPDY_VERSION = 3;

const TYPE_CODES = {
  syn_stream: 1,
  syn_reply: 2,
  rst_stream: 3,
  settings: 4,
  ping: 6,
  goaway: 7,
  headers: 8,
  window_update: 9,
} as const;

/** RST_STREAM status codes used here. */
export const RST_PROTOCOL_ERROR = 1;
export const RST_REFUSED_STREAM = 3;
export const RST_CANCEL = 5;

/** The largest DATA payload the 24-bit length field can carry. */
const MAX_DATA_LENGTH = 0xffffff;

export type SpdyFrame =
  | { type: "data"; streamId: number; fin: boolean; data: Buffer }
  | { type: "syn_stream"; streamId: number; associatedId: number; priority: number; fin: boolean; unidirectional: boolean; headers: SpdyHeaders }
  | { type: "syn_reply"; streamId: number; fin: boolean; headers: SpdyHeaders }
  | { type: "rst_stream"; streamId: number; status: number }
  | { type: "settings"; entries: { flags: number; id: number; value: number }[] }
  | { type: "ping"; id: number }
  | { type: "goaway"; lastGoodStreamId: number; status: number }
  | { type: "headers"; streamId: number; fin: boolean; headers: SpdyHeaders }
  | { type: "window_update"; streamId: number; delta: number };

/** A frame cut from the byte stream, payload still encoded. */
export type RawFrame =
  | { control: true; version: number; typeCode: number; flags: number; payload: Buffer }
  | { control: false; streamId: number; flags: number; payload: Buffer };

const FLAG_FIN = 0x01;
const FLAG_UNIDIRECTIONAL = 0x02;
const STREAM_ID_MASK = 0x7fffffff;

export function encodeFrame(frame: SpdyFrame, deflater: HeaderDeflater): Buffer {
  if (frame.type === "data") {
    if (frame.data.length > MAX_DATA_LENGTH) throw new SpdyProtocolError("data frame too large");
    const head = Buffer.alloc(8);
    head.writeUInt32BE(frame.streamId & STREAM_ID_MASK, 0);
    head.writeUInt32BE(frame.data.length, 4);
    head[4] = frame.fin ? FLAG_FIN : 0;
    return Buffer.concat([head, frame.data]);
  }
  let flags = 0;
  let body: Buffer;
  switch (frame.type) {
    case "syn_stream": {
      flags = (frame.fin ? FLAG_FIN : 0) | (frame.unidirectional ? FLAG_UNIDIRECTIONAL : 0);
      const fixed = Buffer.alloc(10);
      fixed.writeUInt32BE(frame.streamId & STREAM_ID_MASK, 0);
      fixed.writeUInt32BE(frame.associatedId & STREAM_ID_MASK, 4);
      fixed[8] = (frame.priority & 0x7) << 5;
      body = Buffer.concat([fixed, deflater.compress(encodeHeaderBlock(frame.headers))]);
      break;
    }
    case "syn_reply":
    case "headers":
      flags = frame.fin ? FLAG_FIN : 0;
      body = Buffer.concat([words(frame.streamId & STREAM_ID_MASK), deflater.compress(encodeHeaderBlock(frame.headers))]);
      break;
    case "rst_stream":
      body = words(frame.streamId & STREAM_ID_MASK, frame.status);
      break;
    case "settings":
      body = words(frame.entries.length, ...frame.entries.flatMap((e) => [((e.flags << 24) | e.id) >>> 0, e.value]));
      break;
    case "ping":
      body = words(frame.id);
      break;
    case "goaway":
      body = words(frame.lastGoodStreamId & STREAM_ID_MASK, frame.status);
      break;
    case "window_update":
      body = words(frame.streamId & STREAM_ID_MASK, frame.delta);
      break;
  }
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  head.writeUInt16BE(TYPE_CODES[frame.type], 2);
  head.writeUInt32BE(body.length, 4);
  head[4] = flags;
  return Buffer.concat([head, body]);
}

function words(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

/** True when decoding this frame needs the inflater (and so must wait for it). */
export function carriesHeaders(raw: RawFrame): boolean {
  return raw.control && (raw.typeCode === TYPE_CODES.syn_stream || raw.typeCode === TYPE_CODES.syn_reply || raw.typeCode === TYPE_CODES.headers);
}

/** Decodes a frame without a header block; undefined for control types SPDY/3 lets us ignore. */
export function decodeFrame(raw: RawFrame): SpdyFrame | undefined {
  const p = raw.payload;
  if (!raw.control) return { type: "data", streamId: raw.streamId, fin: (raw.flags & FLAG_FIN) !== 0, data: p };
  if (raw.version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${raw.version}`);
  const need = (n: number) => {
    if (p.length < n) throw new SpdyProtocolError(`control frame ${raw.typeCode} too short`);
  };
  switch (raw.typeCode) {
    case TYPE_CODES.rst_stream:
      need(8);
      return { type: "rst_stream", streamId: p.readUInt32BE(0) & STREAM_ID_MASK, status: p.readUInt32BE(4) };
    case TYPE_CODES.settings: {
      need(4);
      const count = p.readUInt32BE(0);
      need(4 + count * 8);
      const entries = [];
      for (let i = 0; i < count; i++) {
        const idWord = p.readUInt32BE(4 + i * 8);
        entries.push({ flags: idWord >>> 24, id: idWord & 0xffffff, value: p.readUInt32BE(8 + i * 8) });
      }
      return { type: "settings", entries };
    }
    case TYPE_CODES.ping:
      need(4);
      return { type: "ping", id: p.readUInt32BE(0) };
    case TYPE_CODES.goaway:
      need(8);
      return { type: "goaway", lastGoodStreamId: p.readUInt32BE(0) & STREAM_ID_MASK, status: p.readUInt32BE(4) };
    case TYPE_CODES.window_update:
      need(8);
      return { type: "window_update", streamId: p.readUInt32BE(0) & STREAM_ID_MASK, delta: p.readUInt32BE(4) & STREAM_ID_MASK };
    default:
      if (carriesHeaders(raw)) throw new SpdyProtocolError("header-bearing frame needs decodeHeaderFrame");
      return undefined;
  }
}

/** Decodes SYN_STREAM, SYN_REPLY and HEADERS, continuing the connection's inbound zlib stream. */
export async function decodeHeaderFrame(raw: RawFrame & { control: true }, inflater: HeaderInflater): Promise<SpdyFrame> {
  const p = raw.payload;
  const fin = (raw.flags & FLAG_FIN) !== 0;
  const fixed = raw.typeCode === TYPE_CODES.syn_stream ? 10 : 4;
  if (p.length < fixed) throw new SpdyProtocolError(`control frame ${raw.typeCode} too short`);
  const streamId = p.readUInt32BE(0) & STREAM_ID_MASK;
  if (streamId === 0) throw new SpdyProtocolError("stream id zero is disallowed");
  const headers = decodeHeaderBlock(await inflater.inflate(p.subarray(fixed)));
  if (raw.typeCode === TYPE_CODES.syn_stream) {
    return {
      type: "syn_stream",
      streamId,
      associatedId: p.readUInt32BE(4) & STREAM_ID_MASK,
      priority: p[8] >> 5,
      fin,
      unidirectional: (raw.flags & FLAG_UNIDIRECTIONAL) !== 0,
      headers,
    };
  }
  return raw.typeCode === TYPE_CODES.syn_reply ? { type: "syn_reply", streamId, fin, headers } : { type: "headers", streamId, fin, headers };
}

/** Cuts frames out of a byte stream that arrives in arbitrary pieces. */
export class FrameSplitter {
  #chunks: Buffer[] = [];
  #length = 0;

  push(chunk: Buffer): RawFrame[] {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    const frames: RawFrame[] = [];
    while (this.#length >= 8) {
      const head = this.#peek(8);
      const payloadLength = head.readUInt32BE(4) & 0xffffff;
      if (this.#length < 8 + payloadLength) break;
      const bytes = this.#take(8 + payloadLength);
      const flags = bytes[4];
      const payload = bytes.subarray(8);
      const first = bytes.readUInt32BE(0);
      frames.push(
        first & 0x80000000
          ? { control: true, version: (first >>> 16) & 0x7fff, typeCode: first & 0xffff, flags, payload }
          : { control: false, streamId: first & STREAM_ID_MASK, flags, payload },
      );
    }
    return frames;
  }

  #peek(n: number): Buffer {
    if (this.#chunks[0].length >= n) return this.#chunks[0];
    const joined = Buffer.concat(this.#chunks);
    this.#chunks = [joined];
    return joined;
  }

  #take(n: number): Buffer {
    const parts: Buffer[] = [];
    let left = n;
    while (left > 0) {
      const head = this.#chunks[0];
      if (head.length <= left) {
        parts.push(head);
        this.#chunks.shift();
        left -= head.length;
      } else {
        parts.push(head.subarray(0, left));
        this.#chunks[0] = head.subarray(left);
        left = 0;
      }
    }
    this.#length -= n;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }
}
