// The PV controller's decisions (upstream pv_controller.go syncClaim / syncVolume): bind claims to
// volumes, keep both phases true, ask provisioners for volumes, and reclaim released volumes. It
// reads its own caches and acts through BindingWrites; the wiring feeds it and calls sync.
import type { EventRecorder } from "../../client/event-recorder.ts";
import { BindingWrites } from "./binding-writes.ts";
import { findBestMatchForClaim, type MatchNode } from "./find-matching-volume.ts";
import { ObjectCache } from "./object-cache.ts";
import type { VolumeDeleter } from "./static-volume-deleter.ts";
import {
  checkAccessModes,
  claimClass,
  claimHasClass,
  claimKey,
  claimRefKey,
  defaultClass,
  hasAnnotation,
  isDelayBinding,
  isPodTerminated,
  isVolumeBoundToClaim,
  quantityAtLeast,
  requestedStorage,
  volumeCapacity,
  volumeClass,
  volumeModeMismatch,
} from "./volume-helpers.ts";
import {
  annBindCompleted,
  annBoundByController,
  annDynamicallyProvisioned,
  annSelectedNode,
  hostnameLabel,
  reasons,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  type StorageClass,
} from "./volume-types.ts";
import type { VolumeWriter } from "./volume-writer.ts";

export interface BinderEnv {
  writer: VolumeWriter;
  events: EventRecorder;
  classes(): StorageClass[];
  /** Pods in the claim's namespace that name the claim in spec.volumes. */
  podsUsingClaim(namespace: string, claimName: string): Pod[];
  node(name: string): MatchNode | undefined;
  deleter: VolumeDeleter;
  /** Asks for another syncClaim soon (the claim's half of a binding is left to do). */
  enqueueClaim(key: string): void;
}

export function externalProvisioningMessage(provisioner: string): string {
  return (
    `Waiting for a volume to be created either by the external provisioner '${provisioner}' ` +
    "or manually by the system administrator. If volume creation is delayed, please verify that " +
    "the provisioner is running and correctly registered."
  );
}

/** checkVolumeSatisfyClaim: why a volume the claim names cannot serve it, or undefined. */
export function volumeMismatch(volume: PersistentVolume, claim: PersistentVolumeClaim): string | undefined {
  if (volume.metadata.deletionTimestamp) return `the volume is marked for deletion "${volume.metadata.name}"`;
  if (!quantityAtLeast(volumeCapacity(volume), requestedStorage(claim))) return "requested PV is too small";
  if (volumeClass(volume) !== claimClass(claim)) return "storageClassName does not match";
  if (volumeModeMismatch(claim, volume)) return "incompatible volumeMode";
  if (!checkAccessModes(claim, volume)) return "incompatible accessMode";
  return undefined;
}

export class PersistentVolumeBinder {
  readonly volumes = new ObjectCache<PersistentVolume>();
  readonly claims = new ObjectCache<PersistentVolumeClaim>();
  readonly #env: BinderEnv;
  readonly #w: BindingWrites;

  constructor(env: BinderEnv) {
    this.#env = env;
    this.#w = new BindingWrites(env.writer, env.events, this.volumes, this.claims);
  }

  #class(name: string): StorageClass | undefined {
    return name ? this.#env.classes().find((c) => c.metadata.name === name) : undefined;
  }

  async syncClaim(claim: PersistentVolumeClaim): Promise<void> {
    if (hasAnnotation(claim, annBindCompleted)) await this.#syncBoundClaim(claim);
    else await this.#syncUnboundClaim(claim);
  }

  async #syncUnboundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const events = this.#env.events;
    const volumeName = claim.spec.volumeName ?? "";
    if (volumeName === "") {
      const delayBinding = isDelayBinding(this.#class(claimClass(claim)));
      const selected = claim.metadata.annotations?.[annSelectedNode];
      // Upstream the scheduler binds late-binding claims to existing volumes itself; here it only
      // names the node, and matching against that node's labels happens in this controller.
      const node = delayBinding && selected ? (this.#env.node(selected) ?? { name: selected, labels: { [hostnameLabel]: selected } }) : undefined;
      const volume = findBestMatchForClaim(claim, this.volumes.list(), { delayBinding, node });
      if (volume) {
        await this.#w.bind(volume, claim);
        return;
      }
      if (!claimHasClass(claim)) {
        const fallback = defaultClass(this.#env.classes());
        if (fallback) {
          await this.#w.assignClass(claim, fallback.metadata.name ?? "");
          this.#env.enqueueClaim(claimKey(claim));
          return;
        }
      }
      if (delayBinding && !selected) {
        this.#emitDelayBindingEvent(claim);
      } else if (claimClass(claim) !== "") {
        await this.#provisionClaim(claim);
        return;
      } else {
        events.event(claim, "Normal", reasons.failedBinding, "no persistent volumes available for this claim and no storage class is set");
      }
      await this.#w.updateClaimStatus(claim, "Pending");
      return;
    }
    const volume = this.volumes.get(volumeName);
    if (!volume) {
      await this.#w.updateClaimStatus(claim, "Pending");
      return;
    }
    if (!volume.spec.claimRef) {
      const mismatch = volumeMismatch(volume, claim);
      if (mismatch) {
        events.event(claim, "Warning", reasons.volumeMismatch, `Cannot bind to requested volume "${volumeName}": ${mismatch}`);
        await this.#w.updateClaimStatus(claim, "Pending");
      } else {
        await this.#w.bind(volume, claim);
      }
      return;
    }
    if (isVolumeBoundToClaim(volume, claim)) {
      await this.#w.bind(volume, claim);
      return;
    }
    events.event(claim, "Warning", reasons.failedBinding, `volume "${volumeName}" already bound to a different claim.`);
    if (hasAnnotation(claim, annBoundByController)) {
      throw new Error(`invalid binding of claim "${claimKey(claim)}" to volume "${volumeName}": volume already claimed by "${claimRefKey(volume.spec.claimRef)}"`);
    }
    await this.#w.updateClaimStatus(claim, "Pending");
  }

  #emitDelayBindingEvent(claim: PersistentVolumeClaim): void {
    const waiting = this.#env
      .podsUsingClaim(claim.metadata.namespace ?? "", claim.metadata.name ?? "")
      .filter((p) => !isPodTerminated(p) && !p.spec?.nodeName)
      .map((p) => p.metadata.name ?? "");
    if (waiting.length === 0) {
      this.#env.events.event(claim, "Normal", reasons.waitForFirstConsumer, "waiting for first consumer to be created before binding");
    } else {
      const message = waiting.length > 1 ? `waiting for pods ${waiting.join(",")} to be scheduled` : `waiting for pod ${waiting[0]} to be scheduled`;
      this.#env.events.event(claim, "Normal", reasons.waitForPodScheduled, message);
    }
  }

  /**
   * Every provisioner is external to this controller (as CSI drivers and minikube's are): it names
   * the provisioner on the claim and waits for a PersistentVolume to appear.
   */
  async #provisionClaim(claim: PersistentVolumeClaim): Promise<void> {
    const name = claimClass(claim);
    const sc = this.#class(name);
    if (!sc) {
      this.#env.events.event(claim, "Warning", reasons.provisioningFailed, `storageclass.storage.k8s.io "${name}" not found`);
      return;
    }
    if (sc.provisioner.startsWith("kubernetes.io/")) {
      this.#env.events.event(claim, "Warning", reasons.provisioningFailed, `no volume plugin matched name: ${sc.provisioner}`);
      return;
    }
    const saved = await this.#w.setClaimProvisioner(claim, sc.provisioner);
    this.#env.events.event(saved, "Normal", reasons.externalProvisioning, externalProvisioningMessage(sc.provisioner));
  }

  async #syncBoundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const volumeName = claim.spec.volumeName ?? "";
    if (volumeName === "") {
      await this.#w.updateClaimStatusWithEvent(claim, "Lost", "Warning", reasons.claimLost, "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
      return;
    }
    const volume = this.volumes.get(volumeName);
    if (!volume) {
      await this.#w.updateClaimStatusWithEvent(claim, "Lost", "Warning", reasons.claimLost, "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
      return;
    }
    if (!volume.spec.claimRef || volume.spec.claimRef.uid === claim.metadata.uid) {
      await this.#w.bind(volume, claim);
      return;
    }
    await this.#w.updateClaimStatusWithEvent(claim, "Lost", "Warning", reasons.claimMisbound, "Two claims are bound to the same volume, this one is bound incorrectly");
  }

  async syncVolume(volume: PersistentVolume): Promise<void> {
    const ref = volume.spec.claimRef;
    if (!ref || !ref.uid) {
      await this.#w.updateVolumePhase(volume, "Available");
      return;
    }
    const claim = await this.#claimOf(volume);
    if (!claim) {
      let current = volume;
      if (current.status?.phase !== "Released" && current.status?.phase !== "Failed") current = await this.#w.updateVolumePhase(current, "Released");
      await this.#reclaim(current);
      return;
    }
    if (!claim.spec.volumeName) {
      if (volumeModeMismatch(claim, volume)) {
        this.#env.events.event(volume, "Warning", reasons.volumeMismatch, `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata.name}" due to incompatible volumeMode.`);
        this.#env.events.event(claim, "Warning", reasons.volumeMismatch, `Cannot bind PersistentVolume "${volume.metadata.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`);
        return;
      }
      this.#env.enqueueClaim(claimKey(claim));
      return;
    }
    if (claim.spec.volumeName === volume.metadata.name) {
      await this.#w.updateVolumePhase(volume, "Bound");
      return;
    }
    if (hasAnnotation(volume, annDynamicallyProvisioned) && volume.spec.persistentVolumeReclaimPolicy === "Delete") {
      let current = volume;
      if (current.status?.phase !== "Released" && current.status?.phase !== "Failed") current = await this.#w.updateVolumePhase(current, "Released");
      await this.#reclaim(current);
      return;
    }
    // Bound elsewhere: drop our half (or, for a user's pre-binding, only the stale UID).
    await this.#w.unbindVolume(volume);
  }

  /** The claim the volume points at, confirmed with a live read before the volume is released. */
  async #claimOf(volume: PersistentVolume): Promise<PersistentVolumeClaim | undefined> {
    const ref = volume.spec.claimRef!;
    let claim = this.claims.get(claimRefKey(ref));
    if (!claim && volume.status?.phase !== "Released" && volume.status?.phase !== "Failed") {
      claim = await this.#w.getClaimLive(ref.namespace ?? "", ref.name ?? "");
    }
    if (claim && claim.metadata.uid !== ref.uid) {
      claim = await this.#w.getClaimLive(ref.namespace ?? "", ref.name ?? "");
      if (claim && claim.metadata.uid !== ref.uid) claim = undefined;
    }
    return claim;
  }

  /** A volume needs reclaiming when its claim is gone or bound to another volume. */
  #isReleased(volume: PersistentVolume): boolean {
    const ref = volume.spec.claimRef;
    if (!ref || !ref.uid) return false;
    const claim = this.claims.get(claimRefKey(ref));
    if (claim && claim.metadata.uid === ref.uid) return !!claim.spec.volumeName && claim.spec.volumeName !== volume.metadata.name;
    return true;
  }

  async #reclaim(volume: PersistentVolume): Promise<void> {
    switch (volume.spec.persistentVolumeReclaimPolicy) {
      case "Retain":
        return;
      case "Recycle":
        if (this.#isReleased(volume)) {
          await this.#w.updateVolumePhaseWithEvent(volume, "Failed", "Warning", reasons.volumeFailedRecycle, "No recycler plugin found for the volume!");
        }
        return;
      case "Delete":
        await this.#deleteVolume(volume);
        return;
      default:
        await this.#w.updateVolumePhaseWithEvent(volume, "Failed", "Warning", reasons.volumeUnknownReclaimPolicy, "Volume has unrecognized PersistentVolumeReclaimPolicy");
    }
  }

  /** A failed deletion leaves the volume Failed; every later sync tries again. */
  async #deleteVolume(volume: PersistentVolume): Promise<void> {
    const current = await this.#w.getVolumeLive(volume.metadata.name ?? "");
    if (!current || !this.#isReleased(current)) return;
    let outcome;
    try {
      outcome = await this.#env.deleter.delete(current);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await this.#w.updateVolumePhaseWithEvent(current, "Failed", "Warning", reasons.volumeFailedDelete, message);
      return;
    }
    if (outcome === "deleted") await this.#w.deleteVolume(current);
  }
}
