// `ordinal bench NAME [--quick] [--json]`: runs a scenario from bench/ and prints a table, or one
// JSON object on stdout with --json. Progress goes to stderr; Ctrl-C stops the run and cleans up.
import { formatTable } from "../../../bench/format-table.ts";
import { parseBenchArgs, type BenchArgs } from "../../../bench/parse-bench-args.ts";
import { scenarios } from "../../../bench/scenarios.ts";

function usage(): string {
  const width = Math.max(...Object.keys(scenarios).map((n) => n.length));
  const list = Object.entries(scenarios)
    .map(([name, s]) => `  ${name.padEnd(width)}   ${s.summary}`)
    .join("\n");
  return `Usage: ordinal bench NAME [--quick] [--json]

Scenarios:
${list}

  --quick   a short run (under 20 s) instead of the full one (under 2 min)
  --json    print one JSON object with the results on stdout`;
}

export async function bench(argv: string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (e) {
    console.error(`ordinal bench: ${e instanceof Error ? e.message : String(e)}\n\n${usage()}`);
    return 2;
  }
  if (args.help) {
    console.log(usage());
    return 0;
  }
  const entry = args.name === undefined ? undefined : scenarios[args.name];
  if (!entry) {
    console.error(args.name === undefined ? usage() : `ordinal bench: unknown scenario "${args.name}"\n\n${usage()}`);
    return 2;
  }

  const interrupted = new AbortController();
  const onSigint = () => {
    if (interrupted.signal.aborted) process.exit(130);
    console.error("ordinal bench: interrupted, cleaning up (Ctrl-C again to quit at once)");
    interrupted.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    const scenario = await entry.load();
    const started = performance.now();
    const log = (line: string) => console.error(`bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s: ${line}`);
    const result = await scenario({ quick: args.quick, log, signal: interrupted.signal });
    const seconds = (performance.now() - started) / 1000;
    if (args.json) console.log(JSON.stringify({ scenario: args.name, durationSeconds: seconds, ...result.json }));
    else console.log(`${formatTable(result.rows)}\n\n${args.name}${args.quick ? " --quick" : ""}: ${seconds.toFixed(1)} s`);
    return 0;
  } catch (e) {
    if (interrupted.signal.aborted) return 130;
    throw e;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
