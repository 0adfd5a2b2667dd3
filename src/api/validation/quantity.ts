// resource.Quantity: parsing ("1Gi", "500m", "1e3", plain numbers), comparison and the canonical
// form a real server writes back ("1024Mi" -> "1Gi", "0.5" -> "500m"). Values are exact: a BigInt
// times a power of ten, so nothing is lost to floating point.

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

export interface Quantity {
  /** value = n * 10^scale */
  readonly n: bigint;
  readonly scale: number;
  /** How the value is written back: the suffix family it was given in. */
  readonly format: QuantityFormat;
}

export const quantityFormatError =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const suffixError = "unable to parse quantity's suffix";

export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuantityError";
  }
}

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalByExponent = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binaryByExponent = new Map(Object.entries(binarySuffixes).map(([s, e]) => [e, s]));

const shape = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;

const pow10 = (k: number): bigint => 10n ** BigInt(k);

/** Divides by 10^k, rounding away from zero as resource.Quantity does. */
function divRoundAway(n: bigint, k: number): bigint {
  const d = pow10(k);
  const q = n / d;
  if (n % d === 0n) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/** Parses a quantity string or JSON number; throws QuantityError with upstream's message. */
export function parseQuantity(input: string | number): Quantity {
  const text = typeof input === "number" ? String(input) : input.trim();
  const m = shape.exec(text);
  if (!m || text.length === 0 || (m[2] === "" && m[3] === undefined)) throw new QuantityError(quantityFormatError);
  const [, sign, intPart, fracPart = "", suffix] = m;

  let format: QuantityFormat;
  let exponent: number;
  let binary = false;
  if (Object.hasOwn(decimalSuffixes, suffix)) {
    format = "DecimalSI";
    exponent = decimalSuffixes[suffix];
  } else if (Object.hasOwn(binarySuffixes, suffix)) {
    format = "BinarySI";
    exponent = binarySuffixes[suffix];
    binary = true;
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    format = "DecimalExponent";
    exponent = Number.parseInt(suffix.slice(1), 10);
  } else {
    throw new QuantityError(suffixError);
  }

  let n = BigInt(`${intPart}${fracPart}` || "0");
  let scale = -fracPart.length;
  if (binary) n *= 2n ** BigInt(exponent);
  else scale += exponent;
  if (sign === "-") n = -n;
  // Precision below a nano-unit is rounded up, as the server does on decode.
  if (scale < -9) {
    n = divRoundAway(n, -9 - scale);
    scale = -9;
  }
  return { n, scale, format };
}

/** The parsed quantity, or undefined when the value is not a valid quantity. */
export function tryParseQuantity(v: unknown): Quantity | undefined {
  if (typeof v !== "string" && typeof v !== "number") return undefined;
  try {
    return parseQuantity(v);
  } catch {
    return undefined;
  }
}

export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const s = Math.min(a.scale, b.scale);
  const x = a.n * pow10(a.scale - s);
  const y = b.n * pow10(b.scale - s);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const quantitySign = (q: Quantity): -1 | 0 | 1 => (q.n < 0n ? -1 : q.n > 0n ? 1 : 0);

/** Rounds to at most `scale` decimal places of precision (e.g. -3 for milli), away from zero. */
export function roundUpQuantity(q: Quantity, scale: number): Quantity {
  if (q.scale >= scale) return q;
  return { n: divRoundAway(q.n, scale - q.scale), scale, format: q.format };
}

/** Quantity.Value(): the value in whole units, rounded away from zero. */
export function quantityValue(q: Quantity): number {
  return Number(q.scale >= 0 ? q.n * pow10(q.scale) : divRoundAway(q.n, -q.scale));
}

/** Quantity.MilliValue(): the value in thousandths, rounded away from zero. */
export function quantityMilliValue(q: Quantity): number {
  const milli = q.scale + 3;
  return Number(milli >= 0 ? q.n * pow10(milli) : divRoundAway(q.n, -milli));
}

function formatDecimal(n: bigint, scale: number, format: QuantityFormat): string {
  let mantissa = n;
  let exp = scale;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exp++;
  }
  const r = ((exp % 3) + 3) % 3;
  mantissa *= pow10(r);
  exp -= r;
  if (format === "DecimalExponent") return exp === 0 ? `${mantissa}` : `${mantissa}e${exp}`;
  const suffix = decimalByExponent.get(exp);
  return suffix === undefined ? `${mantissa}e${exp}` : `${mantissa}${suffix}`;
}

/** The canonical string resource.Quantity marshals to. */
export function formatQuantity(q: Quantity): string {
  if (q.n === 0n) return "0";
  if (q.format === "BinarySI") {
    const whole = q.scale >= 0 || q.n % pow10(-q.scale) === 0n;
    const value = q.scale >= 0 ? q.n * pow10(q.scale) : q.n / pow10(-q.scale);
    if (whole && (value >= 1024n || value <= -1024n)) {
      let mantissa = value;
      let exp = 0;
      while (exp < 60 && mantissa % 1024n === 0n) {
        mantissa /= 1024n;
        exp += 10;
      }
      return `${mantissa}${binaryByExponent.get(exp) ?? ""}`;
    }
    return formatDecimal(q.n, q.scale, "DecimalSI");
  }
  return formatDecimal(q.n, q.scale, q.format);
}

/** Canonical form of a quantity string or number, or undefined when it does not parse. */
export function canonicalQuantity(v: unknown): string | undefined {
  const q = tryParseQuantity(v);
  return q ? formatQuantity(q) : undefined;
}

/**
 * %#v of a resource.Quantity decoded from `text`, as upstream prints one in a bad-value message: the
 * int64 mantissa and scale as parsed, and the original string when it was already canonical.
 */
export function goQuantity(text: string): string {
  const m = shape.exec(text.trim());
  const q = tryParseQuantity(text);
  if (!m || !q) return `resource.Quantity{i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:""}`;
  const [, , intPart, fracPart = "", suffix] = m;
  const shifted = `${intPart.replace(/^0+(?=.)/, "")}${fracPart}`;
  const big = q.format === "BinarySI" ? fracPart.length > 0 : q.scale < -9;
  const dec = big ? "(*inf.Dec)(0xc000010000)" : "(*inf.Dec)(nil)";
  const amount = big ? "value:0, scale:0" : `value:${q.n * (q.scale > 0 && q.format === "BinarySI" ? pow10(q.scale) : 1n)}, scale:${q.format === "BinarySI" ? 0 : q.scale}`;
  let canonical: boolean;
  if (q.format === "BinarySI") canonical = !big && (BigInt(shifted || "0") & 7n) !== 0n;
  else canonical = !big && q.scale % 3 === 0 && !shifted.endsWith("000") && !shifted.startsWith("0");
  const s = canonical && suffix === suffix.trim() ? text.trim() : "";
  return `resource.Quantity{i:resource.int64Amount{${amount}}, d:resource.infDecAmount{Dec:${dec}}, s:"${s}", Format:"${q.format}"}`;
}
