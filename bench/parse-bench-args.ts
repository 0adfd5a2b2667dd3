// Arguments of `ordinal bench NAME [--quick] [--json]`.
import { parseArgs } from "node:util";

export interface BenchArgs {
  /** Undefined when no scenario was named. */
  name?: string;
  quick: boolean;
  json: boolean;
  help: boolean;
}

/** Throws an Error whose message names the offending argument. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      quick: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (positionals.length > 1) throw new Error(`bench: expected one scenario name, got ${positionals.join(" ")}`);
  return { name: positionals[0], quick: values.quick!, json: values.json!, help: values.help! };
}
