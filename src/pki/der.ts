// The few ASN.1 DER encodings an X.509 certificate needs (ITU-T X.690). Each function returns one
// complete TLV (tag, length, value).

function tlv(tag: number, value: Uint8Array): Uint8Array {
  const n = value.length;
  let header: number[];
  if (n < 0x80) header = [tag, n];
  else if (n < 0x100) header = [tag, 0x81, n];
  else if (n < 0x10000) header = [tag, 0x82, n >> 8, n & 0xff];
  else header = [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(header.length + n);
  out.set(header);
  out.set(value, header.length);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

export const der = {
  sequence: (...items: Uint8Array[]) => tlv(0x30, concat(items)),
  set: (...items: Uint8Array[]) => tlv(0x31, concat(items)),
  boolean: (value: boolean) => tlv(0x01, Uint8Array.of(value ? 0xff : 0x00)),

  /** A non-negative integer given as big-endian bytes; adds the sign byte and drops redundant zeros. */
  unsignedInteger(bytes: Uint8Array): Uint8Array {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.subarray(start);
    const value = trimmed.length > 0 && trimmed[0] >= 0x80 ? concat([Uint8Array.of(0), trimmed]) : trimmed;
    return tlv(0x02, value.length ? value : Uint8Array.of(0));
  },

  smallInteger: (n: number) => der.unsignedInteger(Uint8Array.of(n)),

  oid(dotted: string): Uint8Array {
    const arcs = dotted.split(".").map(Number);
    const bytes: number[] = [40 * arcs[0] + arcs[1]];
    for (const arc of arcs.slice(2)) {
      const chunk: number[] = [arc & 0x7f];
      for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
      bytes.push(...chunk);
    }
    return tlv(0x06, Uint8Array.from(bytes));
  },

  utf8String: (s: string) => tlv(0x0c, Buffer.from(s, "utf8")),
  octetString: (bytes: Uint8Array) => tlv(0x04, bytes),
  /** A bit string whose last `unusedBits` bits are padding. */
  bitString: (bytes: Uint8Array, unusedBits = 0) => tlv(0x03, concat([Uint8Array.of(unusedBits), bytes])),

  /** UTCTime through 2049, GeneralizedTime after, as RFC 5280 requires. */
  time(date: Date): Uint8Array {
    const iso = date.toISOString(); // 2034-05-06T07:08:09.000Z
    const digits = iso.slice(0, 19).replace(/[-:T]/g, "") + "Z";
    const year = date.getUTCFullYear();
    return year < 2050 ? tlv(0x17, Buffer.from(digits.slice(2), "ascii")) : tlv(0x18, Buffer.from(digits, "ascii"));
  },

  /** [n] EXPLICIT: wraps a complete TLV. */
  explicit: (n: number, inner: Uint8Array) => tlv(0xa0 | n, inner),
  /** [n] IMPLICIT over a primitive value: replaces the tag, keeps the contents. */
  implicitPrimitive: (n: number, contents: Uint8Array) => tlv(0x80 | n, contents),
};

/** The complete TLVs directly inside a constructed TLV such as a SEQUENCE. */
export function derChildren(encoded: Uint8Array): Uint8Array[] {
  const { contentStart, end } = header(encoded, 0);
  const children: Uint8Array[] = [];
  for (let pos = contentStart; pos < end; ) {
    const child = header(encoded, pos);
    children.push(encoded.subarray(pos, child.end));
    pos = child.end;
  }
  return children;
}

function header(bytes: Uint8Array, pos: number): { contentStart: number; end: number } {
  const first = bytes[pos + 1];
  if (first === undefined) throw new Error("DER: truncated header");
  let length = first;
  let contentStart = pos + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i];
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > bytes.length) throw new Error("DER: length runs past the end");
  return { contentStart, end };
}
