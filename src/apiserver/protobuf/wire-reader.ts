// A reader for the protobuf wire format: just enough to walk Kubernetes' proto2 messages.
// Every malformed input ends in a ProtobufDecodeError, which the decoder turns into a 400.

export const WireType = {
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2,
  startGroup: 3,
  endGroup: 4,
  fixed32: 5,
} as const;

export class ProtobufDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtobufDecodeError";
  }
}

export interface FieldTag {
  field: number;
  wireType: number;
}

const MAX_FIELD_NUMBER = 2 ** 29 - 1;

export class WireReader {
  readonly #buf: Uint8Array;
  readonly #end: number;
  #pos: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.#buf = buf;
    this.#pos = start;
    this.#end = end;
  }

  done(): boolean {
    return this.#pos >= this.#end;
  }

  readTag(): FieldTag {
    const tag = this.readVarint();
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (field <= 0 || field > MAX_FIELD_NUMBER) throw new ProtobufDecodeError(`illegal field number ${tag >> 3n}`);
    return { field, wireType };
  }

  /** The raw 64-bit varint, unsigned. Bits past the 64th are dropped, as Go's generated code does. */
  readVarint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.#byte();
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    throw new ProtobufDecodeError("varint is longer than 10 bytes");
  }

  readInt64(): number {
    return Number(BigInt.asIntN(64, this.readVarint()));
  }

  readInt32(): number {
    return Number(BigInt.asIntN(32, this.readVarint()));
  }

  readBool(): boolean {
    return this.readVarint() !== 0n;
  }

  readBytes(): Uint8Array {
    const length = this.readVarint();
    if (length > BigInt(this.#end - this.#pos)) throw new ProtobufDecodeError("length-delimited field runs past the end");
    const start = this.#pos;
    this.#pos += Number(length);
    return this.#buf.subarray(start, this.#pos);
  }

  readString(): string {
    return Buffer.from(this.readBytes()).toString("utf8");
  }

  /** A reader over the next length-delimited field, sharing the buffer. */
  readMessage(): WireReader {
    const bytes = this.readBytes();
    return new WireReader(bytes);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WireType.varint:
        this.readVarint();
        return;
      case WireType.fixed64:
        this.#advance(8);
        return;
      case WireType.lengthDelimited:
        this.readBytes();
        return;
      case WireType.fixed32:
        this.#advance(4);
        return;
      case WireType.startGroup:
        this.#skipGroup();
        return;
      default:
        throw new ProtobufDecodeError(`unexpected wire type ${wireType}`);
    }
  }

  // Iterative with a depth count: nested groups in hostile input must not exhaust the stack.
  #skipGroup(): void {
    let depth = 1;
    while (depth > 0) {
      if (this.done()) throw new ProtobufDecodeError("group is not closed");
      const { wireType } = this.readTag();
      if (wireType === WireType.startGroup) depth++;
      else if (wireType === WireType.endGroup) depth--;
      else this.skip(wireType);
    }
  }

  #advance(n: number): void {
    if (this.#end - this.#pos < n) throw new ProtobufDecodeError("fixed-width field runs past the end");
    this.#pos += n;
  }

  #byte(): number {
    if (this.#pos >= this.#end) throw new ProtobufDecodeError("unexpected end of data");
    return this.#buf[this.#pos++];
  }
}
