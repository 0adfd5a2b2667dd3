// What a benchmark scenario (bench/<name>.ts) hands back to `ordinal bench`.

export interface ScenarioOptions {
  /** A short run (< 20 s) instead of the full one (< 2 min). */
  quick: boolean;
  /** Progress for a human; never on stdout, which carries the result. */
  log: (line: string) => void;
  /** Aborted on SIGINT: the scenario stops early and still cleans up. */
  signal: AbortSignal;
}

/** A goal the figure should meet on the reference machine. */
export interface Target {
  op: ">=" | "<";
  value: number;
}

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** The same work done without the system under test, in the same run; the ratio is value / baseline. */
  baseline?: number;
  target?: Target;
}

export interface ScenarioResult {
  rows: BenchRow[];
  /** The machine-readable result: flat, camelCase keys, milliseconds and megabytes as plain numbers. */
  json: Record<string, number | string | boolean>;
}

export type Scenario = (opts: ScenarioOptions) => Promise<ScenarioResult>;

export function meetsTarget(value: number, target: Target): boolean {
  return target.op === ">=" ? value >= target.value : value < target.value;
}
