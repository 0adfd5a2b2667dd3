// Notices containers ending: conmon writes <exit dir>/<container id> once it has reaped one. An
// inotify watch on the directory reports that at once; waiters also look for the file on a short
// poll, so a missed event costs a little latency, never an exit.
import { existsSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";

const POLL_MS = 200;

export type ExitWait = "exited" | "gone" | "aborted";

export class ExitWatcher {
  readonly #dir: string;
  readonly #onExit: (id: string) => void;
  readonly #waiters = new Map<string, Set<() => void>>();
  #watcher: FSWatcher | undefined;

  constructor(dir: string, onExit: (id: string) => void) {
    this.#dir = dir;
    this.#onExit = onExit;
  }

  /** The directory must exist. */
  start(): void {
    this.#watcher = watch(this.#dir, (_event, file) => {
      if (file) this.#notify(String(file));
    });
    this.#watcher.on("error", () => {
      // The poll in wait() still finds exits; only the prompt notice is lost.
      this.#watcher?.close();
      this.#watcher = undefined;
    });
  }

  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    for (const set of this.#waiters.values()) for (const wake of set) wake();
    this.#waiters.clear();
  }

  exited(id: string): boolean {
    return existsSync(join(this.#dir, id));
  }

  /**
   * Resolves "exited" once the container's exit file exists, "aborted" when `signal` aborts
   * first, "gone" when `gone` (asked on each poll) says the container ended without one.
   */
  wait(id: string, signal?: AbortSignal, gone?: () => Promise<boolean>): Promise<ExitWait> {
    if (this.exited(id)) return Promise.resolve("exited");
    return new Promise((resolve) => {
      let set = this.#waiters.get(id);
      if (!set) this.#waiters.set(id, (set = new Set()));
      let polling = false;
      const done = (result: ExitWait) => {
        clearInterval(timer);
        set!.delete(wake);
        if (set!.size === 0 && this.#waiters.get(id) === set) this.#waiters.delete(id);
        signal?.removeEventListener("abort", onAbort);
        resolve(result);
      };
      const wake = () => done(this.exited(id) ? "exited" : "aborted");
      const onAbort = () => done("aborted");
      const timer = setInterval(async () => {
        if (this.exited(id)) return done("exited");
        if (!gone || polling) return;
        polling = true;
        try {
          if (await gone()) done(this.exited(id) ? "exited" : "gone");
        } catch {
          // asked again on the next poll
        } finally {
          polling = false;
        }
      }, POLL_MS);
      set.add(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
      if (signal?.aborted) onAbort();
    });
  }

  #notify(id: string): void {
    if (!this.exited(id)) return;
    for (const wake of this.#waiters.get(id) ?? []) wake();
    this.#onExit(id);
  }
}
