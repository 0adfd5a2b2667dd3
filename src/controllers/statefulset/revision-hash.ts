// ControllerRevision names: `<set>-<hash>`, where hash is the 32-bit FNV-1 (not 1a) of the
// revision's data bytes followed by the decimal collision count, written in decimal and mapped
// through apimachinery's SafeEncodeString alphabet so it never spells words.

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;
const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
const MAX_PREFIX = 223;

/** 32-bit FNV-1 of `bytes`; pass a previous result as `from` to continue it, as a second write to one hasher does. */
export function fnv1Hash32(bytes: Uint8Array, from: number = FNV32_OFFSET): number {
  let h = from;
  for (const b of bytes) h = (Math.imul(h, FNV32_PRIME) ^ b) >>> 0;
  return h;
}

export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

const utf8 = new TextEncoder();

/** HashControllerRevision: the encoded hash of `data` (JSON bytes) and, if given, the collision count. */
export function hashControllerRevision(data: string, collisionCount?: number): string {
  let hash = fnv1Hash32(utf8.encode(data));
  if (collisionCount !== undefined) hash = fnv1Hash32(utf8.encode(String(collisionCount)), hash);
  return safeEncodeString(String(hash));
}

export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > MAX_PREFIX ? prefix.slice(0, MAX_PREFIX) : prefix}-${hash}`;
}
