// A LogBackend over records held in memory, for tests: append() feeds followers, stop() ends them
// as a container exit would.
import type { ContainerLog, ContainerRef, LogBackend, LogRecord } from "./backend.ts";

interface Instance {
  records: LogRecord[];
  running: boolean;
  wake: (() => void)[];
}

export class MemoryLogBackend implements LogBackend {
  readonly #logs = new Map<string, Instance>();

  #instance(key: string): Instance {
    let inst = this.#logs.get(key);
    if (!inst) this.#logs.set(key, (inst = { records: [], running: true, wake: [] }));
    return inst;
  }

  /** Adds records to a container's log; `previous` addresses the instance before the current. */
  append(container: string, records: LogRecord[], opts: { previous?: boolean } = {}): void {
    const inst = this.#instance(`${container}${opts.previous ? "#previous" : ""}`);
    inst.records.push(...records);
    for (const wake of inst.wake.splice(0)) wake();
  }

  /** The container stopped: followers end once they have everything. */
  stop(container: string): void {
    const inst = this.#instance(container);
    inst.running = false;
    for (const wake of inst.wake.splice(0)) wake();
  }

  async openLog(target: ContainerRef, opts: { previous: boolean }): Promise<ContainerLog> {
    const inst = this.#instance(`${target.container}${opts.previous ? "#previous" : ""}`);
    if (opts.previous) inst.running = false;
    let position = 0;
    return {
      async *read() {
        const end = inst.records.length;
        for (; position < end; position++) yield inst.records[position];
      },
      async *follow(signal: AbortSignal) {
        while (!signal.aborted) {
          while (position < inst.records.length) yield inst.records[position++];
          if (!inst.running) return;
          await new Promise<void>((resolve) => {
            const done = () => {
              signal.removeEventListener("abort", done);
              resolve();
            };
            inst.wake.push(done);
            signal.addEventListener("abort", done);
          });
        }
      },
    };
  }
}
