// Creates, updates and deletes a StatefulSet's pods and creates their claims, recording an Event
// for every attempt (StatefulPodControl). Claims are created before their pod; claim owner refs
// follow the retention policy. All reads and writes go through the ObjectManager seam.
import type { KubeObject } from "../../api/meta.ts";
import { isAlreadyExists, isConflict } from "../../api/status-error.ts";
import type { EventRecorder } from "../../client/event-recorder.ts";
import { aggregate, message } from "./_errors.ts";
import { claimOwnerRefsFor, hasStaleOwnerRef, hasUnexpectedController, isClaimOwnerUpToDate, retentionPolicy } from "./claim-retention.ts";
import type { ObjectManager } from "./object-manager.ts";
import { claimName, claimsFor, identityMatches, ordinalOf, storageMatches, updateIdentity, updateStorage } from "./pod-identity.ts";
import { podKind, statefulSetKind, type Pod, type StatefulSet } from "./stateful-set-types.ts";

const UPDATE_ATTEMPTS = 4;

type Verb = "create" | "update" | "delete";

export class StatefulPodControl {
  readonly #objects: ObjectManager;
  readonly #recorder: EventRecorder;

  constructor(objects: ObjectManager, recorder: EventRecorder) {
    this.#objects = objects;
    this.#recorder = recorder;
  }

  /** Claims first; a pod whose claims could not all be made is not created (R57). */
  async createStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.#createClaims(set, pod);
    } catch (e) {
      this.#podEvent("create", set, pod, e);
      throw e;
    }
    let createError: unknown;
    try {
      await this.#objects.createPod(pod);
    } catch (e) {
      if (isAlreadyExists(e)) throw e;
      createError = e;
    }
    try {
      await this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (e) {
      this.#podEvent("update", set, pod, e);
      throw e;
    }
    this.#podEvent("create", set, pod, createError);
    if (createError !== undefined) throw createError;
  }

  /** Repairs identity, storage and claim owner refs, retrying conflicts with the cached pod; no write when nothing differs. */
  async updateStatefulPod(set: StatefulSet, given: Pod): Promise<void> {
    let pod = structuredClone(given);
    let attempted = false;
    let failure: unknown;
    for (let attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
      let consistent = true;
      if (!identityMatches(set, pod)) {
        updateIdentity(set, pod);
        consistent = false;
      }
      if (!storageMatches(set, pod)) {
        updateStorage(set, pod);
        consistent = false;
        try {
          await this.#createClaims(set, pod);
        } catch (e) {
          this.#podEvent("update", set, pod, e);
          failure = e;
          break;
        }
      }
      try {
        if (!this.claimsMatchRetentionPolicy(set, pod)) {
          await this.updatePodClaimForRetentionPolicy(set, pod);
          consistent = false;
        }
      } catch (e) {
        this.#podEvent("update", set, pod, e);
        failure = e;
        break;
      }
      if (consistent) return;
      attempted = true;
      try {
        await this.#objects.updatePod(pod);
        failure = undefined;
        break;
      } catch (e) {
        failure = e;
        const cached = this.#objects.getPod(set.metadata.namespace ?? "", pod.metadata.name!);
        if (cached) pod = structuredClone(cached);
        if (!isConflict(e)) break;
      }
    }
    if (attempted) this.#podEvent("update", set, pod, failure);
    if (failure !== undefined) throw failure;
  }

  async deleteStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.#objects.deletePod(pod);
    } catch (e) {
      this.#podEvent("delete", set, pod, e);
      throw e;
    }
    this.#podEvent("delete", set, pod, undefined);
  }

  /** Whether every existing claim of the pod carries the owner refs the policy wants; missing claims are skipped. */
  claimsMatchRetentionPolicy(set: StatefulSet, pod: Pod): boolean {
    const ordinal = ordinalOf(pod);
    for (const template of set.spec.volumeClaimTemplates ?? []) {
      const name = claimName(set, template, ordinal);
      let claim;
      try {
        claim = this.#objects.getClaim(set.metadata.namespace ?? "", name);
      } catch {
        throw new Error(`Could not retrieve claim ${name} for ${pod.metadata.name} when checking PVC deletion policy`);
      }
      if (claim && !isClaimOwnerUpToDate(claim, set, pod)) return false;
    }
    return true;
  }

  async updatePodClaimForRetentionPolicy(set: StatefulSet, pod: Pod): Promise<void> {
    const ordinal = ordinalOf(pod);
    for (const template of set.spec.volumeClaimTemplates ?? []) {
      const name = claimName(set, template, ordinal);
      let claim;
      try {
        claim = this.#objects.getClaim(set.metadata.namespace ?? "", name);
      } catch (e) {
        throw new Error(`Could not retrieve claim ${name} not found for ${pod.metadata.name} when checking PVC deletion policy: ${message(e)}`);
      }
      if (!claim) continue;
      if (hasUnexpectedController(claim, set, pod)) {
        this.#recorder.event(
          eventTarget(set),
          "Warning",
          "ConflictingController",
          `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`,
        );
      }
      if (isClaimOwnerUpToDate(claim, set, pod)) continue;
      const updated = structuredClone(claim);
      const refs = claimOwnerRefsFor(claim, set, pod);
      if (refs.length) updated.metadata.ownerReferences = refs;
      else delete updated.metadata.ownerReferences;
      try {
        await this.#objects.updateClaim(updated);
      } catch (e) {
        throw new Error(`could not update claim ${name} for delete policy ownerRefs: ${message(e)}`, { cause: e });
      }
    }
  }

  /** Under whenScaled=Delete, a claim still owned by an earlier pod of this name blocks creation (R62). */
  podClaimIsStale(set: StatefulSet, pod: Pod): boolean {
    if (retentionPolicy(set).whenScaled === "Retain") return false;
    for (const { claim } of claimsFor(set, pod)) {
      const existing = this.#objects.getClaim(claim.metadata.namespace ?? "", claim.metadata.name!);
      if (existing && hasStaleOwnerRef(existing, pod, podKind)) return true;
    }
    return false;
  }

  /** For pending pods: re-create claims deleted under them, then fix owner refs (R58). */
  async createMissingPersistentVolumeClaims(set: StatefulSet, pod: Pod): Promise<void> {
    await this.#createClaims(set, pod);
    try {
      await this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (e) {
      this.#podEvent("update", set, pod, e);
      throw e;
    }
  }

  async #createClaims(set: StatefulSet, pod: Pod): Promise<void> {
    const errors: Error[] = [];
    for (const { claim } of claimsFor(set, pod)) {
      const name = claim.metadata.name!;
      let existing;
      try {
        existing = this.#objects.getClaim(claim.metadata.namespace ?? "", name);
      } catch (e) {
        errors.push(new Error(`failed to retrieve PVC ${name}: ${message(e)}`, { cause: e }));
        this.#claimEvent(set, pod, name, e);
        continue;
      }
      if (existing) {
        if (existing.metadata.deletionTimestamp) errors.push(new Error(`pvc ${name} is being deleted`));
        continue;
      }
      try {
        await this.#objects.createClaim(claim);
        this.#claimEvent(set, pod, name, undefined);
      } catch (e) {
        errors.push(new Error(`failed to create PVC ${name}: ${message(e)}`, { cause: e }));
        if (!isAlreadyExists(e)) this.#claimEvent(set, pod, name, e);
      }
    }
    const failure = aggregate(errors);
    if (failure) throw failure;
  }

  #podEvent(verb: Verb, set: StatefulSet, pod: Pod, error: unknown): void {
    const title = verb[0].toUpperCase() + verb.slice(1);
    const what = `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name}`;
    if (error === undefined) this.#recorder.event(eventTarget(set), "Normal", `Successful${title}`, `${what} successful`);
    else this.#recorder.event(eventTarget(set), "Warning", `Failed${title}`, `${what} failed error: ${message(error)}`);
  }

  #claimEvent(set: StatefulSet, pod: Pod, claim: string, error: unknown): void {
    const setName = set.metadata.name;
    if (error === undefined) {
      this.#recorder.event(eventTarget(set), "Normal", "SuccessfulCreate", `create Claim ${claim} Pod ${pod.metadata.name} in StatefulSet ${setName} success`);
    } else {
      this.#recorder.event(eventTarget(set), "Warning", "FailedCreate", `create Claim ${claim} for Pod ${pod.metadata.name} in StatefulSet ${setName} failed error: ${message(error)}`);
    }
  }
}

/** Events name the set with its kind even when the cached copy lacks apiVersion/kind. */
function eventTarget(set: StatefulSet): KubeObject {
  return { ...set, ...statefulSetKind };
}
