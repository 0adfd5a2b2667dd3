// At most one pod per namespace/name runs on the node: a pod that reuses the name of one still
// stopping (a StatefulSet replacement after a force delete) waits until the old one is gone.

export class NameFence {
  readonly #holders = new Map<string, string>();
  readonly #waiters = new Map<string, Set<() => void>>();

  /** True when `uid` holds `key` (now or already); otherwise `onFree` runs once the holder leaves. */
  acquire(key: string, uid: string, onFree: () => void): boolean {
    const holder = this.#holders.get(key);
    if (holder === undefined || holder === uid) {
      this.#holders.set(key, uid);
      return true;
    }
    let waiters = this.#waiters.get(key);
    if (!waiters) this.#waiters.set(key, (waiters = new Set()));
    waiters.add(onFree);
    return false;
  }

  holder(key: string): string | undefined {
    return this.#holders.get(key);
  }

  release(key: string, uid: string): void {
    if (this.#holders.get(key) !== uid) return;
    this.#holders.delete(key);
    const waiters = this.#waiters.get(key);
    this.#waiters.delete(key);
    for (const w of waiters ?? []) w();
  }
}
