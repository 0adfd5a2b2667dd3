// When a watch saw each pod of one StatefulSet appear, become Ready, start terminating and go, by
// UID; and from that, the controller's delay per OrderedReady step. Every moment is the watcher's
// receipt time, so each delay includes one watch delivery on top of the controller's own work.

/** The parts of a watch event the recorder reads. */
export interface PodWatchEvent {
  type: string;
  object: {
    metadata?: { name?: string; uid?: string; deletionTimestamp?: string };
    status?: { conditions?: { type?: string; status?: string }[] };
  };
}

export interface PodMoments {
  uid: string;
  ordinal: number;
  added?: number;
  ready?: number;
  terminating?: number;
  deleted?: number;
}

export class PodMomentLog {
  readonly #prefix: string;
  readonly #byUid = new Map<string, PodMoments>();

  /** Records the pods of the set `setName` (named `<setName>-<ordinal>`); others are ignored. */
  constructor(setName: string) {
    this.#prefix = `${setName}-`;
  }

  record(event: PodWatchEvent, at: number): void {
    const meta = event.object.metadata ?? {};
    const name = meta.name ?? "";
    if (!meta.uid || !name.startsWith(this.#prefix)) return;
    const ordinal = Number(name.slice(this.#prefix.length));
    if (!Number.isInteger(ordinal)) return;
    let m = this.#byUid.get(meta.uid);
    if (!m) this.#byUid.set(meta.uid, (m = { uid: meta.uid, ordinal }));
    if (event.type === "ADDED") m.added ??= at;
    if (event.type === "DELETED") m.deleted ??= at;
    if (event.type === "DELETED" || meta.deletionTimestamp) m.terminating ??= at;
    else if (event.object.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")) m.ready ??= at;
  }

  /** The pods of one ordinal, oldest first. */
  incarnations(ordinal: number): PodMoments[] {
    return [...this.#byUid.values()].filter((m) => m.ordinal === ordinal).sort((a, b) => (a.added ?? Infinity) - (b.added ?? Infinity));
  }

  /** True once every ordinal below `replicas` has a pod seen Ready after `since`. */
  allReadySince(replicas: number, since: number): boolean {
    for (let i = 0; i < replicas; i++) {
      if (!this.incarnations(i).some((m) => m.ready !== undefined && m.ready >= since)) return false;
    }
    return true;
  }
}

/** Scale-up: for each ordinal n >= 1, the first pod n's ADDED minus the first pod n-1's Ready. */
export function creationSteps(log: PodMomentLog, replicas: number): number[] {
  const out: number[] = [];
  for (let n = 1; n < replicas; n++) {
    const prev = log.incarnations(n - 1)[0];
    const next = log.incarnations(n)[0];
    if (prev?.ready !== undefined && next?.added !== undefined) out.push(next.added - prev.ready);
  }
  return out;
}

export interface UpdateSteps {
  /** New pod n seen Ready → old pod n-1 seen terminating. */
  readyToDelete: number[];
  /** Old pod n seen DELETED → its replacement seen ADDED. */
  deletedToCreated: number[];
}

/** A rolling update that replaced each ordinal once, from the highest down. */
export function updateSteps(log: PodMomentLog, replicas: number): UpdateSteps {
  const out: UpdateSteps = { readyToDelete: [], deletedToCreated: [] };
  for (let n = replicas - 1; n >= 0; n--) {
    const [old, replacement] = log.incarnations(n);
    if (old?.deleted !== undefined && replacement?.added !== undefined) out.deletedToCreated.push(replacement.added - old.deleted);
    const below = n > 0 ? log.incarnations(n - 1)[0] : undefined;
    if (replacement?.ready !== undefined && below?.terminating !== undefined) out.readyToDelete.push(below.terminating - replacement.ready);
  }
  return out;
}
