// Builders and the table runner for the binder tests, after upstream's framework_test.go: each case
// lists initial and expected volumes and claims, expected events (type and reason prefixes),
// errors to inject, and which sync to call once.
import assert from "node:assert/strict";
import { FakeEventRecorder } from "../../client/event-recorder.ts";
import { FakeVolumeWriter, type WriteVerb } from "./fake-volume-writer.ts";
import type { MatchNode } from "./find-matching-volume.ts";
import { PersistentVolumeBinder } from "./persistent-volume-binder.ts";
import type { DeleteOutcome, VolumeDeleter } from "./static-volume-deleter.ts";
import type { ClaimPhase, PersistentVolume, PersistentVolumeClaim, Pod, ReclaimPolicy, StorageClass, VolumePhase } from "./volume-types.ts";

export const noVolumes: PersistentVolume[] = [];
export const noClaims: PersistentVolumeClaim[] = [];

export function volume(name: string, capacity: string, claimUid: string, claimName: string, phase: VolumePhase, policy: ReclaimPolicy, ...annotations: string[]): PersistentVolume {
  const pv: PersistentVolume = {
    metadata: { name, uid: `${name}-uid` },
    spec: { capacity: { storage: capacity }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: policy, volumeMode: "Filesystem", hostPath: { path: `/tmp/${name}` } },
    status: { phase },
  };
  if (claimName) {
    pv.spec.claimRef = { kind: "PersistentVolumeClaim", namespace: "default", name: claimName, apiVersion: "v1" };
    if (claimUid) pv.spec.claimRef.uid = claimUid;
  }
  if (annotations.length) pv.metadata.annotations = Object.fromEntries(annotations.map((a) => [a, "yes"]));
  return pv;
}

export function claim(name: string, uid: string, request: string, volumeName: string, phase: ClaimPhase, ...annotations: string[]): PersistentVolumeClaim {
  const pvc: PersistentVolumeClaim = {
    metadata: { name, namespace: "default", uid },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: request } }, volumeMode: "Filesystem" },
    status: { phase },
  };
  if (volumeName) pvc.spec.volumeName = volumeName;
  if (phase === "Bound") pvc.status = { phase, accessModes: ["ReadWriteOnce"], capacity: { storage: request } };
  if (annotations.length) pvc.metadata.annotations = Object.fromEntries(annotations.map((a) => [a, "yes"]));
  return pvc;
}

export function storageClass(name: string, provisioner: string, extra: Partial<StorageClass> = {}): StorageClass {
  return { metadata: { name, creationTimestamp: "2026-01-01T00:00:00Z" }, provisioner, reclaimPolicy: "Delete", volumeBindingMode: "Immediate", ...extra };
}

/** Applies `change` to copies of the objects, for the with* modifiers. */
export function each<T extends PersistentVolume | PersistentVolumeClaim>(objects: T[], change: (o: T) => void): T[] {
  return objects.map((o) => {
    const copy = structuredClone(o);
    change(copy);
    return copy;
  });
}

export const withClass = <T extends PersistentVolume | PersistentVolumeClaim>(name: string, objects: T[]) =>
  each(objects, (o) => void (o.spec.storageClassName = name));
export const withModes = <T extends PersistentVolume | PersistentVolumeClaim>(modes: string[], objects: T[]) =>
  each(objects, (o) => {
    o.spec.accessModes = modes;
    const status = o.status as { accessModes?: string[] } | undefined;
    if (status?.accessModes) status.accessModes = modes;
  });
export const withAnnotation = <T extends PersistentVolume | PersistentVolumeClaim>(key: string, value: string, objects: T[]) =>
  each(objects, (o) => void (o.metadata.annotations = { ...o.metadata.annotations, [key]: value }));
export const withCapacity = (storage: string, claims: PersistentVolumeClaim[]) => each(claims, (c) => void (c.status!.capacity = { storage }));

export interface BinderCase {
  name: string;
  initialVolumes: PersistentVolume[];
  expectedVolumes: PersistentVolume[];
  initialClaims: PersistentVolumeClaim[];
  expectedClaims: PersistentVolumeClaim[];
  expectedEvents?: string[];
  errors?: { verb: WriteVerb; error: Error }[];
  classes?: StorageClass[];
  pods?: Pod[];
  nodes?: MatchNode[];
  /** Which sync runs once on every initial object of that kind; "claim-error" expects a throw. */
  test: "claim" | "volume" | "claim-error";
  /** Claim keys the sync asked to be synced again. */
  expectedRequeues?: string[];
}

export class RecordingDeleter implements VolumeDeleter {
  readonly deleted: string[] = [];
  readonly #inner: VolumeDeleter;
  constructor(inner: VolumeDeleter) {
    this.#inner = inner;
  }
  async delete(volume: PersistentVolume): Promise<DeleteOutcome> {
    const outcome = await this.#inner.delete(volume);
    if (outcome === "deleted") this.deleted.push(volume.metadata.name ?? "");
    return outcome;
  }
}

/** Volumes and claims without server bookkeeping, so cases compare what the binder decided. */
function normalized<T extends PersistentVolume | PersistentVolumeClaim>(objects: Iterable<T>): T[] {
  return [...objects]
    .map((o) => {
      const copy = structuredClone(o);
      delete copy.metadata.resourceVersion;
      const ref = (copy as PersistentVolume).spec.claimRef;
      if (ref) {
        delete ref.resourceVersion;
        if (ref.uid === "") delete ref.uid;
      }
      return copy;
    })
    .sort((a, b) => ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
}

export async function runBinderCase(c: BinderCase, deleter: VolumeDeleter): Promise<void> {
  const writer = new FakeVolumeWriter(c.initialVolumes, c.initialClaims);
  writer.errors.push(...(c.errors ?? []));
  const events = new FakeEventRecorder();
  const requeued: string[] = [];
  const binder = new PersistentVolumeBinder({
    writer,
    events,
    classes: () => c.classes ?? [],
    podsUsingClaim: (ns, name) => (c.pods ?? []).filter((p) => p.metadata.namespace === ns && (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === name)),
    node: (name) => c.nodes?.find((n) => n.name === name),
    deleter,
    enqueueClaim: (key) => requeued.push(key),
  });
  for (const v of writer.volumes.values()) binder.volumes.store(structuredClone(v));
  for (const pvc of writer.claims.values()) binder.claims.store(structuredClone(pvc));
  if (c.test === "volume") {
    for (const v of binder.volumes.list()) await binder.syncVolume(v);
  } else {
    for (const pvc of binder.claims.list()) {
      if (c.test === "claim-error") await assert.rejects(binder.syncClaim(pvc));
      else await binder.syncClaim(pvc);
    }
  }
  assert.deepEqual(normalized(writer.volumes.values()), normalized(c.expectedVolumes), `${c.name}: volumes`);
  assert.deepEqual(normalized(writer.claims.values()), normalized(c.expectedClaims), `${c.name}: claims`);
  const expected = c.expectedEvents ?? [];
  assert.equal(events.events.length, expected.length, `${c.name}: events ${JSON.stringify(events.events)}`);
  expected.forEach((prefix, i) => assert.ok(events.events[i].startsWith(prefix), `${c.name}: event ${i} is ${events.events[i]}, wanted ${prefix}`));
  if (c.expectedRequeues) assert.deepEqual(requeued, c.expectedRequeues, `${c.name}: requeued`);
}
