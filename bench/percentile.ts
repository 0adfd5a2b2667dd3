// Latency statistics for the benchmarks: nearest-rank percentiles, as most load tools report them.

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** The nearest-rank p-th percentile (0 < p <= 100) of samples in any order; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile: p must be in (0, 100], got ${p}`);
  if (samples.length === 0) return Number.NaN;
  return nearestRank(Float64Array.from(samples).sort(), p);
}

export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = Float64Array.from(samples).sort();
  return { count: sorted.length, p50: nearestRank(sorted, 50), p99: nearestRank(sorted, 99), max: sorted[sorted.length - 1] };
}

function nearestRank(sorted: Float64Array, p: number): number {
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}
