// The binder's writes (upstream bind, unbindVolume, updateClaimStatus, updateVolumePhase, ...): each
// copies before changing, writes only when something changed, and records the written version in
// the binder's caches so that the next sync sees it before the informers do.
import { isDeepStrictEqual } from "node:util";
import type { EventRecorder, EventType } from "../../client/event-recorder.ts";
import type { ObjectCache } from "./object-cache.ts";
import { claimRefFor, hasAnnotation, isVolumeBoundToClaim } from "./volume-helpers.ts";
import {
  annBetaStorageProvisioner,
  annBindCompleted,
  annBoundByController,
  annStorageProvisioner,
  type ClaimPhase,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type VolumePhase,
} from "./volume-types.ts";
import type { VolumeWriter } from "./volume-writer.ts";

export class BindingWrites {
  readonly #writer: VolumeWriter;
  readonly #events: EventRecorder;
  readonly volumes: ObjectCache<PersistentVolume>;
  readonly claims: ObjectCache<PersistentVolumeClaim>;

  constructor(writer: VolumeWriter, events: EventRecorder, volumes: ObjectCache<PersistentVolume>, claims: ObjectCache<PersistentVolumeClaim>) {
    this.#writer = writer;
    this.#events = events;
    this.volumes = volumes;
    this.claims = claims;
  }

  async #saveClaim(claim: PersistentVolumeClaim, status: boolean): Promise<PersistentVolumeClaim> {
    const saved = status ? await this.#writer.updateClaimStatus(claim) : await this.#writer.updateClaim(claim);
    this.claims.store(saved);
    return saved;
  }

  async #saveVolume(volume: PersistentVolume, status: boolean): Promise<PersistentVolume> {
    const saved = status ? await this.#writer.updateVolumeStatus(volume) : await this.#writer.updateVolume(volume);
    this.volumes.store(saved);
    return saved;
  }

  /** Sets the claim's phase; a bound claim also shows its volume's access modes and capacity. */
  async updateClaimStatus(claim: PersistentVolumeClaim, phase: ClaimPhase, volume?: PersistentVolume): Promise<PersistentVolumeClaim> {
    const clone = structuredClone(claim);
    const status = (clone.status ??= {});
    let dirty = false;
    if (claim.status?.phase !== phase) {
      status.phase = phase;
      dirty = true;
    }
    if (!volume) {
      if (status.accessModes !== undefined) {
        delete status.accessModes;
        dirty = true;
      }
      if (status.capacity !== undefined) {
        delete status.capacity;
        dirty = true;
      }
    } else {
      if (!isDeepStrictEqual(status.accessModes, volume.spec.accessModes)) {
        status.accessModes = volume.spec.accessModes;
        dirty = true;
      }
      // Only while becoming bound: a later difference may be a filesystem resize in progress.
      if (claim.status?.phase !== phase) {
        if (volume.spec.capacity?.storage === undefined) throw new Error(`PersistentVolume "${volume.metadata.name}" is without a storage capacity`);
        if (!isDeepStrictEqual(status.capacity, volume.spec.capacity)) {
          status.capacity = structuredClone(volume.spec.capacity);
          dirty = true;
        }
      }
    }
    return dirty ? this.#saveClaim(clone, true) : claim;
  }

  /** Like updateClaimStatus, with an event, and only when the phase changes. */
  async updateClaimStatusWithEvent(claim: PersistentVolumeClaim, phase: ClaimPhase, type: EventType, reason: string, message: string): Promise<PersistentVolumeClaim> {
    if (claim.status?.phase === phase) return claim;
    const saved = await this.updateClaimStatus(claim, phase);
    this.#events.event(saved, type, reason, message);
    return saved;
  }

  async updateVolumePhase(volume: PersistentVolume, phase: VolumePhase, message = ""): Promise<PersistentVolume> {
    if (volume.status?.phase === phase) return volume;
    const clone = structuredClone(volume);
    const status = (clone.status ??= {});
    status.phase = phase;
    if (message) status.message = message;
    else delete status.message;
    return this.#saveVolume(clone, true);
  }

  async updateVolumePhaseWithEvent(volume: PersistentVolume, phase: VolumePhase, type: EventType, reason: string, message: string): Promise<PersistentVolume> {
    if (volume.status?.phase === phase) return volume;
    const saved = await this.updateVolumePhase(volume, phase, message);
    this.#events.event(saved, type, reason, message);
    return saved;
  }

  /** Points the volume at the claim (GetBindVolumeToClaim) and saves it if that changed anything. */
  async bindVolumeToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<PersistentVolume> {
    const clone = structuredClone(volume);
    let dirty = false;
    const ref = volume.spec.claimRef;
    if (!ref || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace || ref.uid !== claim.metadata.uid) {
      clone.spec.claimRef = claimRefFor(claim);
      dirty = true;
    }
    if (!isVolumeBoundToClaim(volume, claim) && !hasAnnotation(clone, annBoundByController)) {
      clone.metadata.annotations = { ...clone.metadata.annotations, [annBoundByController]: "yes" };
      dirty = true;
    }
    return dirty ? this.#saveVolume(clone, false) : volume;
  }

  async bindClaimToVolume(claim: PersistentVolumeClaim, volume: PersistentVolume): Promise<PersistentVolumeClaim> {
    const clone = structuredClone(claim);
    const annotations = (clone.metadata.annotations ??= {});
    let dirty = false;
    if (claim.spec.volumeName !== volume.metadata.name) {
      clone.spec.volumeName = volume.metadata.name;
      if (!Object.hasOwn(annotations, annBoundByController)) annotations[annBoundByController] = "yes";
      dirty = true;
    }
    if (!Object.hasOwn(annotations, annBindCompleted)) {
      annotations[annBindCompleted] = "yes";
      dirty = true;
    }
    return dirty ? this.#saveClaim(clone, false) : claim;
  }

  /** Saves both halves of the binding and both phases, the volume first. */
  async bind(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    let v = await this.bindVolumeToClaim(volume, claim);
    v = await this.updateVolumePhase(v, "Bound");
    const c = await this.bindClaimToVolume(claim, v);
    await this.updateClaimStatus(c, "Bound", v);
  }

  /** Rolls a binding back: the controller's own entirely, a user's pre-binding only to its name. */
  async unbindVolume(volume: PersistentVolume): Promise<void> {
    const clone = structuredClone(volume);
    if (hasAnnotation(volume, annBoundByController)) {
      delete clone.spec.claimRef;
      const annotations = { ...clone.metadata.annotations };
      delete annotations[annBoundByController];
      if (Object.keys(annotations).length) clone.metadata.annotations = annotations;
      else delete clone.metadata.annotations;
    } else if (clone.spec.claimRef) {
      clone.spec.claimRef = { ...clone.spec.claimRef, uid: "" };
    }
    const saved = await this.#saveVolume(clone, false);
    await this.updateVolumePhase(saved, "Available");
  }

  async assignClass(claim: PersistentVolumeClaim, className: string): Promise<PersistentVolumeClaim> {
    const clone = structuredClone(claim);
    clone.spec.storageClassName = className;
    return this.#saveClaim(clone, false);
  }

  /** Tells provisioners which of them should act (both the GA and the beta annotation). */
  async setClaimProvisioner(claim: PersistentVolumeClaim, provisioner: string): Promise<PersistentVolumeClaim> {
    const annotations = claim.metadata.annotations ?? {};
    if (annotations[annStorageProvisioner] === provisioner && annotations[annBetaStorageProvisioner] === provisioner) return claim;
    const clone = structuredClone(claim);
    clone.metadata.annotations = { ...annotations, [annStorageProvisioner]: provisioner, [annBetaStorageProvisioner]: provisioner };
    return this.#saveClaim(clone, false);
  }

  async deleteVolume(volume: PersistentVolume): Promise<void> {
    await this.#writer.deleteVolume(volume.metadata.name ?? "");
  }

  getVolumeLive(name: string): Promise<PersistentVolume | undefined> {
    return this.#writer.getVolume(name);
  }

  getClaimLive(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined> {
    return this.#writer.getClaim(namespace, name);
  }
}
