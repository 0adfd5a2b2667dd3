// Shared plumbing for the Backend contract suites: a fresh backend per test, closed and cleaned up
// afterwards whatever happens, and a restart that reopens durable backends over the same storage.
import type { Backend, JsonObject } from "../backend.ts";
import type { StoreOptions } from "../state/versioned-store.ts";

export type ContractOptions = Pick<StoreOptions, "historyMaxEvents" | "historyMaxAgeMs" | "clock">;

export interface BackendFixture {
  backend: Backend;
  /** Opens a new backend over the same storage (the suite closes the old one first). */
  reopen?: () => Promise<Backend>;
  cleanup: () => Promise<void>;
}

export type MakeBackend = (opts?: ContractOptions) => Promise<BackendFixture>;

export interface Harness {
  backend: Backend;
  /** Closes and reopens a durable backend; a non-durable one is returned as it is. */
  restart(): Promise<Backend>;
  /** Runs `check` on the backend, restarts it, and runs `check` again. */
  checkAcrossRestart(check: (backend: Backend) => void): Promise<void>;
}

export async function withBackend(
  make: MakeBackend,
  opts: ContractOptions | undefined,
  fn: (h: Harness) => Promise<void>,
): Promise<void> {
  const fixture = await make(opts);
  const h: Harness = {
    backend: fixture.backend,
    async restart() {
      if (!fixture.reopen) return h.backend;
      await h.backend.close();
      h.backend = await fixture.reopen();
      return h.backend;
    },
    async checkAcrossRestart(check) {
      check(h.backend);
      check(await h.restart());
    },
  };
  try {
    await fn(h);
  } finally {
    await h.backend.close();
    await fixture.cleanup();
  }
}

export const podKey = (ns: string, name: string): string => `/registry/core/pods/${ns}/${name}`;

export const podValue = (name: string, n = 0): JsonObject => ({ metadata: { name }, spec: { n } });

/** Deterministic shuffle, so insertion order differs from key order without flaky tests. */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_700_000_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}
