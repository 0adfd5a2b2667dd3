// The Backend without durability, for tests and throwaway servers: the same engine, revisions,
// group commit and watch history as SqliteBackend, with a sink that keeps nothing.
import { emptySnapshot, memorySink } from "../state/commit-sink.ts";
import { VersionedStore, type StoreOptions } from "../state/versioned-store.ts";

export class MemoryBackend extends VersionedStore {
  constructor(opts: StoreOptions = {}) {
    super(memorySink, emptySnapshot(), opts);
  }
}
