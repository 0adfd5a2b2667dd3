// An in-memory ObjectManager for control-logic tests, with the knobs a test needs: pods move through
// phases on request, deletions can be graceful (the pod stays, terminating, until finished), and
// each verb has a RequestTracker for injected failures.
import { rfc3339, type KubeObject } from "../../api/meta.ts";
import type { LabelMatcher } from "../../api/selectors/label-selector.ts";
import { StatusError } from "../../api/status-error.ts";
import type { ObjectManager } from "./object-manager.ts";
import { ordinalOf } from "./pod-identity.ts";
import { RequestTracker } from "./request-tracker.ts";
import type { PersistentVolumeClaim, Pod, PodCondition } from "./stateful-set-types.ts";

const podsResource = { group: "", resource: "pods" };
const claimsResource = { group: "", resource: "persistentvolumeclaims" };
const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

export interface FakeObjectManagerOptions {
  /** Deleted pods stay as terminating until finishTermination(); otherwise they vanish at once. */
  gracefulDelete?: boolean;
  now?: () => Date;
}

export class FakeObjectManager implements ObjectManager {
  readonly pods = new Map<string, Pod>();
  readonly claims = new Map<string, PersistentVolumeClaim>();
  readonly createPodTracker = new RequestTracker();
  readonly updatePodTracker = new RequestTracker();
  readonly deletePodTracker = new RequestTracker();
  readonly createClaimTracker = new RequestTracker();
  readonly updateClaimTracker = new RequestTracker();
  readonly getClaimTracker = new RequestTracker();
  gracefulDelete: boolean;
  /** Creates refused because an object with the name existed: the identity fence being tested. */
  readonly createsOverExisting: string[] = [];
  readonly #now: () => Date;
  #uids = 0;
  #rv = 0;

  constructor(opts: FakeObjectManagerOptions = {}) {
    this.gracefulDelete = opts.gracefulDelete ?? false;
    this.#now = opts.now ?? (() => new Date());
  }

  async createPod(pod: Pod): Promise<void> {
    await this.createPodTracker.inFlight(() => {
      this.createPodTracker.check();
      if (this.pods.has(key(pod))) {
        this.createsOverExisting.push(pod.metadata.name!);
        throw StatusError.alreadyExists(podsResource, pod.metadata.name!);
      }
      const stored = structuredClone(pod);
      stored.metadata.uid = `${pod.metadata.name}-uid-${++this.#uids}`;
      stored.metadata.creationTimestamp = rfc3339(this.#now());
      stored.status = { phase: "Pending" };
      this.#store(stored);
    });
  }

  getPod(namespace: string, name: string): Pod | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  async updatePod(pod: Pod): Promise<void> {
    this.updatePodTracker.check();
    const current = this.pods.get(key(pod));
    if (!current) throw StatusError.notFound(podsResource, pod.metadata.name!);
    if (pod.metadata.resourceVersion && pod.metadata.resourceVersion !== current.metadata.resourceVersion) throw StatusError.staleUpdate(podsResource, pod.metadata.name!);
    this.#store({ ...structuredClone(pod), status: current.status });
  }

  async deletePod(pod: Pod): Promise<void> {
    await this.deletePodTracker.inFlight(() => {
      this.deletePodTracker.check();
      const current = this.pods.get(key(pod));
      if (!current) throw StatusError.notFound(podsResource, pod.metadata.name!);
      if (!this.gracefulDelete) this.pods.delete(key(pod));
      else if (!current.metadata.deletionTimestamp) this.#store({ ...current, metadata: { ...current.metadata, deletionTimestamp: rfc3339(this.#now()) } });
    });
  }

  async createClaim(claim: PersistentVolumeClaim): Promise<void> {
    this.createClaimTracker.check();
    if (this.claims.has(key(claim))) throw StatusError.alreadyExists(claimsResource, claim.metadata.name!);
    const stored = structuredClone(claim);
    stored.metadata.uid = `${claim.metadata.name}-uid-${++this.#uids}`;
    stored.status = { phase: "Pending" };
    this.#storeClaim(stored);
  }

  getClaim(namespace: string, name: string): PersistentVolumeClaim | undefined {
    this.getClaimTracker.check();
    return this.claims.get(`${namespace}/${name}`);
  }

  async updateClaim(claim: PersistentVolumeClaim): Promise<void> {
    this.updateClaimTracker.check();
    if (!this.claims.has(key(claim))) throw StatusError.notFound(claimsResource, claim.metadata.name!);
    this.#storeClaim(structuredClone(claim));
  }

  /** Pods whose labels match, lowest ordinal first. */
  list(selector: LabelMatcher, namespace = "default"): Pod[] {
    return [...this.pods.values()]
      .filter((p) => p.metadata.namespace === namespace && selector.matches(p.metadata.labels))
      .sort((a, b) => ordinalOf(a) - ordinalOf(b));
  }

  pod(name: string, namespace = "default"): Pod {
    const pod = this.pods.get(`${namespace}/${name}`);
    if (!pod) throw new Error(`no pod ${namespace}/${name}`);
    return pod;
  }

  claim(name: string, namespace = "default"): PersistentVolumeClaim {
    const claim = this.claims.get(`${namespace}/${name}`);
    if (!claim) throw new Error(`no claim ${namespace}/${name}`);
    return claim;
  }

  setPhase(name: string, phase: string, namespace = "default"): void {
    const pod = this.pod(name, namespace);
    this.#store({ ...pod, status: { ...(pod.status ?? {}), phase } });
  }

  /** Running with Ready=True since `since` (the kubelet's view). */
  setReady(name: string, since: Date = this.#now(), namespace = "default"): void {
    const pod = this.pod(name, namespace);
    const conditions: PodCondition[] = [{ type: "Ready", status: "True", lastTransitionTime: rfc3339(since) }];
    this.#store({ ...pod, status: { ...(pod.status ?? {}), phase: "Running", conditions } });
  }

  setNotReady(name: string, namespace = "default"): void {
    const pod = this.pod(name, namespace);
    this.#store({ ...pod, status: { ...(pod.status ?? {}), conditions: [{ type: "Ready", status: "False", lastTransitionTime: rfc3339(this.#now()) }] } });
  }

  setTerminating(name: string, namespace = "default"): void {
    const pod = this.pod(name, namespace);
    this.#store({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: rfc3339(this.#now()) } });
  }

  /** Removes terminating pods, as the kubelet's final delete does. */
  finishTerminations(): string[] {
    const gone: string[] = [];
    for (const [k, pod] of this.pods) {
      if (pod.metadata.deletionTimestamp) {
        this.pods.delete(k);
        gone.push(pod.metadata.name!);
      }
    }
    return gone;
  }

  /** Puts an object in place as given (adoption, stale refs, foreign pods). */
  putPod(pod: Pod): void {
    this.#store(structuredClone(pod));
  }

  putClaim(claim: PersistentVolumeClaim): void {
    this.#storeClaim(structuredClone(claim));
  }

  #store(pod: Pod): void {
    pod.metadata.resourceVersion = String(++this.#rv);
    this.pods.set(key(pod), pod);
  }

  #storeClaim(claim: PersistentVolumeClaim): void {
    claim.metadata.resourceVersion = String(++this.#rv);
    this.claims.set(key(claim), claim);
  }
}
