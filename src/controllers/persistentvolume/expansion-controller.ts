// Volume expansion for the built-in provisioners, playing the three upstream parts in turn: the
// expand controller hands the claim to a resizer, the external resizer grows the storage and the
// PV, the kubelet grows the filesystem. Each step is recorded in the claim's status before the next
// begins, so a crash resumes where it stopped.
import { quantityValue, parseQuantity } from "../../api/validation/quantity.ts";
import { rfc3339 } from "../../api/meta.ts";
import type { Client, ResourceClient } from "../../client/client.ts";
import { systemClock, type Clock } from "../../client/clock.ts";
import { ApiEventRecorder, type EventRecorder } from "../../client/event-recorder.ts";
import { WorkQueue, runWorkers } from "../../client/work-queue.ts";
import { retryingConflicts } from "./sync-retry.ts";
import type { Provisioner } from "../../storage/provisioner.ts";
import { mergeResizeConditions, planExpansion, resizeStatus } from "./expansion-plan.ts";
import { podUsesClaim } from "./pvc-protection-controller.ts";
import type { StorageInformers } from "./storage-informers.ts";
import { claimClass, claimKey, claimNamesOf, isPodTerminated } from "./volume-helpers.ts";
import { annDynamicallyProvisioned, annStorageResizer, claimsId, reasons, volumesId, type ClaimCondition, type PersistentVolume, type PersistentVolumeClaim, type Pod } from "./volume-types.ts";

export interface ExpansionControllerOptions {
  nodeName: string;
  clock?: Clock;
  /** One recorder for every part (tests); otherwise each part records under its upstream name. */
  events?: EventRecorder;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class ExpansionController {
  readonly #informers: StorageInformers;
  readonly #claims: ResourceClient;
  readonly #volumes: ResourceClient;
  readonly #provisioners: Map<string, Provisioner>;
  readonly #nodeName: string;
  readonly #clock: Clock;
  readonly #expandEvents: EventRecorder;
  readonly #kubeletEvents: EventRecorder;
  readonly #resizerEvents: (provisioner: string) => EventRecorder;
  readonly #queue = new WorkQueue({ baseDelayMs: 500, maxDelayMs: 60_000 });
  #running: Promise<void> = Promise.resolve();

  constructor(client: Client, informers: StorageInformers, provisioners: readonly Provisioner[], opts: ExpansionControllerOptions) {
    this.#informers = informers;
    this.#claims = client.resource(claimsId);
    this.#volumes = client.resource(volumesId);
    this.#provisioners = new Map(provisioners.flatMap((p) => p.names.map((n) => [n, p] as const)));
    this.#nodeName = opts.nodeName;
    this.#clock = opts.clock ?? systemClock;
    const resizers = new Map<string, EventRecorder>();
    this.#expandEvents = opts.events ?? new ApiEventRecorder(client, { component: "volume_expand" });
    this.#kubeletEvents = opts.events ?? new ApiEventRecorder(client, { component: "kubelet", host: opts.nodeName });
    this.#resizerEvents = (name) => {
      if (opts.events) return opts.events;
      let r = resizers.get(name);
      if (!r) resizers.set(name, (r = new ApiEventRecorder(client, { component: `external-resizer ${name}` })));
      return r;
    };
    const claimChanged = (c: PersistentVolumeClaim) => {
      if (planExpansion(c, informers.volume(c.spec.volumeName ?? "")).kind !== "none") this.#queue.add(claimKey(c));
    };
    informers.claims.on({ add: (o) => claimChanged(o as PersistentVolumeClaim), update: (_old, o) => claimChanged(o as PersistentVolumeClaim) });
    // A filesystem that can only grow offline waits for its pods to go.
    const podGone = (p: Pod) => {
      for (const name of claimNamesOf(p)) this.#queue.add(`${p.metadata.namespace}/${name}`);
    };
    informers.pods.on({ update: (_old, o) => isPodTerminated(o as Pod) && podGone(o as Pod), delete: (o) => podGone(o as Pod) });
  }

  start(): void {
    this.#running = runWorkers(this.#queue, 1, retryingConflicts(this.#queue, (key) => this.#sync(key)));
  }

  /** Resolves when the syncs under way have finished. */
  stop(): Promise<void> {
    this.#queue.shutDown();
    return this.#running;
  }

  async #sync(key: string): Promise<void> {
    const [namespace, name] = key.split("/");
    const claim = this.#informers.claim(namespace, name);
    if (!claim) return;
    const volume = this.#informers.volume(claim.spec.volumeName ?? "");
    const step = planExpansion(claim, volume);
    if (step.kind === "none" || !volume) return;
    if (!this.#informers.storageClass(claimClass(claim))?.allowVolumeExpansion) return;
    const provisionerName = volume.metadata.annotations?.[annDynamicallyProvisioned] ?? "";
    const provisioner = this.#provisioners.get(provisionerName);
    if (!provisioner?.expand) {
      if (step.kind === "controller" && claim.metadata.annotations?.[annStorageResizer] === undefined) {
        this.#expandEvents.event(claim, "Warning", reasons.externalExpanding, "waiting for an external controller to expand this PVC");
      }
      return;
    }
    if (step.kind === "controller") {
      if (claim.metadata.annotations?.[annStorageResizer] !== provisionerName) {
        const clone = structuredClone(claim);
        clone.metadata.annotations = { ...clone.metadata.annotations, [annStorageResizer]: provisionerName };
        await this.#claims.update(clone);
        this.#expandEvents.event(claim, "Warning", reasons.externalExpanding, "waiting for an external controller to expand this PVC");
        return;
      }
      const expanded = await this.#expandStorage(claim, volume, provisioner, provisionerName, step.size);
      if (expanded) await this.#expandFilesystem(expanded, volume, provisioner, step.size);
      return;
    }
    await this.#expandFilesystem(claim, volume, provisioner, step.size);
  }

  #condition(type: string, message?: string): ClaimCondition {
    return { type, status: "True", lastProbeTime: null, lastTransitionTime: rfc3339(this.#clock.now()), ...(message ? { message } : {}) };
  }

  async #writeStatus(claim: PersistentVolumeClaim, change: (c: PersistentVolumeClaim) => void): Promise<PersistentVolumeClaim> {
    const clone = structuredClone(claim);
    clone.status ??= {};
    change(clone);
    return (await this.#claims.updateStatus(clone)) as PersistentVolumeClaim;
  }

  /** The resizer's part; the claim as written when the filesystem must still grow. */
  async #expandStorage(claim: PersistentVolumeClaim, volume: PersistentVolume, provisioner: Provisioner, name: string, size: string): Promise<PersistentVolumeClaim | undefined> {
    const events = this.#resizerEvents(name);
    const pvName = volume.metadata.name ?? "";
    let current = await this.#writeStatus(claim, (c) => {
      c.status!.conditions = mergeResizeConditions(c.status!.conditions, [this.#condition("Resizing")]);
      c.status!.allocatedResources = { ...c.status!.allocatedResources, storage: size };
      c.status!.allocatedResourceStatuses = { ...c.status!.allocatedResourceStatuses, storage: resizeStatus.controllerInProgress };
    });
    events.event(current, "Normal", reasons.resizing, `External resizer is resizing volume ${pvName}`);
    let result;
    try {
      result = await provisioner.expand!(pvName, quantityValue(parseQuantity(size)));
    } catch (e) {
      events.event(current, "Warning", reasons.volumeResizeFailed, `resize volume "${pvName}" by resizer "${name}" failed: ${errorText(e)}`);
      throw e;
    }
    if (volume.spec.capacity?.storage !== size) {
      const pv = structuredClone(volume);
      pv.spec.capacity = { ...pv.spec.capacity, storage: size };
      await this.#volumes.update(pv);
    }
    if (result.nodeExpansionRequired) {
      current = await this.#writeStatus(current, (c) => {
        c.status!.conditions = mergeResizeConditions(c.status!.conditions, [
          this.#condition("Resizing"),
          this.#condition("FileSystemResizePending", "Waiting for user to (re-)start a pod to finish file system resize of volume on node."),
        ]);
        c.status!.allocatedResourceStatuses = { ...c.status!.allocatedResourceStatuses, storage: resizeStatus.nodePending };
      });
      events.event(current, "Normal", reasons.fileSystemResizeRequired, "Require file system resize of volume on node");
      return current;
    }
    current = await this.#finish(current, size);
    events.event(current, "Normal", reasons.volumeResizeSuccessful, "Resize volume succeeded");
    return undefined;
  }

  /** The kubelet's part: grow the filesystem now, or once no pod uses the volume. */
  async #expandFilesystem(claim: PersistentVolumeClaim, volume: PersistentVolume, provisioner: Provisioner, size: string): Promise<void> {
    if (!provisioner.expandOnNode) return;
    const pvName = volume.metadata.name ?? "";
    const name = claim.metadata.name ?? "";
    const inUse = this.#informers.podsUsingClaim(claim.metadata.namespace ?? "", name).some((p) => podUsesClaim(p, name) && !isPodTerminated(p));
    let outcome;
    try {
      outcome = await provisioner.expandOnNode(pvName, { inUse });
    } catch (e) {
      this.#kubeletEvents.event(claim, "Warning", "FileSystemResizeFailed", `MountVolume.NodeExpandVolume failed for volume "${pvName}" : ${errorText(e)}`);
      throw e;
    }
    if (outcome === "needs-restart") return;
    const done = await this.#finish(claim, size);
    this.#kubeletEvents.event(done, "Normal", reasons.fileSystemResizeSuccessful, `MountVolume.NodeExpandVolume succeeded for volume "${pvName}" ${this.#nodeName}`);
  }

  #finish(claim: PersistentVolumeClaim, size: string): Promise<PersistentVolumeClaim> {
    return this.#writeStatus(claim, (c) => {
      const status = c.status!;
      status.capacity = { ...status.capacity, storage: size };
      status.conditions = mergeResizeConditions(status.conditions, []);
      if (!status.conditions.length) delete status.conditions;
      const statuses = { ...status.allocatedResourceStatuses };
      delete statuses.storage;
      if (Object.keys(statuses).length) status.allocatedResourceStatuses = statuses;
      else delete status.allocatedResourceStatuses;
    });
  }
}
