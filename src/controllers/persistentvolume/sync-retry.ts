// Conflicts are the normal outcome of several controllers writing the same objects from caches a
// moment old: the key is synced again shortly, from a fresher cache, without logging a failure.
import { isConflict } from "../../api/status-error.ts";
import type { WorkQueue } from "../../client/work-queue.ts";

export function retryingConflicts(queue: WorkQueue, sync: (key: string) => Promise<void>, delayMs = 50): (key: string) => Promise<void> {
  return async (key) => {
    try {
      await sync(key);
    } catch (e) {
      if (!isConflict(e)) throw e;
      queue.addAfter(key, delayMs);
    }
  };
}
