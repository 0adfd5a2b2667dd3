// For `ordinal bench pods`: when each pod was created and when a watch first saw it Running with an
// IP, then Ready. Times are performance.now() readings of the benchmark process, so every latency
// includes the API round trips and one watch delivery, as a user of the API sees it.

export interface PodWatchObject {
  metadata?: { name?: string };
  status?: { phase?: string; podIP?: string; conditions?: Array<{ type?: string; status?: string }> };
}

interface Moments {
  created?: number;
  running?: number;
  ready?: number;
}

export interface PodLatencies {
  /** create → Running with a pod IP, in milliseconds, one per pod that got there. */
  running: number[];
  /** create → Ready. */
  ready: number[];
  /** Pods that did not reach Ready. */
  missing: string[];
}

export class PodLatencyLog {
  readonly #pods = new Map<string, Moments>();

  #moments(name: string): Moments {
    let m = this.#pods.get(name);
    if (!m) this.#pods.set(name, (m = {}));
    return m;
  }

  /** Call just before sending the create request. */
  created(name: string, at: number): void {
    this.#moments(name).created = at;
  }

  /** Every watch event on the pods, with when it arrived. */
  observe(pod: PodWatchObject, at: number): void {
    const name = pod.metadata?.name;
    if (!name) return;
    const m = this.#moments(name);
    if (m.running === undefined && pod.status?.phase === "Running" && pod.status.podIP) m.running = at;
    if (m.ready === undefined && pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")) m.ready = at;
  }

  isReady(name: string): boolean {
    return this.#pods.get(name)?.ready !== undefined;
  }

  /** When the last of `names` became Ready; NaN unless all did. */
  lastReady(names: readonly string[]): number {
    let last = -Infinity;
    for (const n of names) {
      const ready = this.#pods.get(n)?.ready;
      if (ready === undefined) return Number.NaN;
      last = Math.max(last, ready);
    }
    return last;
  }

  latencies(names: readonly string[]): PodLatencies {
    const out: PodLatencies = { running: [], ready: [], missing: [] };
    for (const n of names) {
      const m = this.#pods.get(n);
      if (m?.created === undefined) {
        out.missing.push(n);
        continue;
      }
      if (m.running !== undefined) out.running.push(m.running - m.created);
      if (m.ready !== undefined) out.ready.push(m.ready - m.created);
      else out.missing.push(n);
    }
    return out;
  }
}
