// The writing half of the wire format, for building request bodies in tests and round trips.
import { WireType } from "./wire-reader.ts";

export class WireWriter {
  readonly #bytes: number[] = [];

  varintField(field: number, value: number | bigint | boolean): this {
    this.#tag(field, WireType.varint);
    this.#varint(typeof value === "boolean" ? (value ? 1n : 0n) : BigInt(value));
    return this;
  }

  bytesField(field: number, value: Uint8Array): this {
    this.#tag(field, WireType.lengthDelimited);
    this.#varint(BigInt(value.length));
    for (const b of value) this.#bytes.push(b);
    return this;
  }

  stringField(field: number, value: string): this {
    return this.bytesField(field, Buffer.from(value, "utf8"));
  }

  messageField(field: number, build: (w: WireWriter) => void): this {
    const inner = new WireWriter();
    build(inner);
    return this.bytesField(field, inner.finish());
  }

  /** Appends bytes as they are, for tests that need hand-made or broken input. */
  raw(bytes: Iterable<number>): this {
    for (const b of bytes) this.#bytes.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  #tag(field: number, wireType: number): void {
    this.#varint(BigInt(field) * 8n + BigInt(wireType));
  }

  // Negative numbers go out as their 64-bit two's complement, ten bytes long, as proto int32/int64 do.
  #varint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.#bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.#bytes.push(Number(v));
  }
}
