import { randomInt } from "node:crypto";

// The alphabet apimachinery's rand.String uses: no vowels (no accidental words), no 0/1/3 look-alikes.
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export function randomSuffix(length = 5): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
