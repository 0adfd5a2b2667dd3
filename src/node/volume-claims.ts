// Whether a pod's PersistentVolumeClaims allow its containers to start. The policy is one line on
// purpose: the storage issue changes it to require `status.phase === "Bound"` once claims get bound.
import type { KubeObject } from "../api/meta.ts";
import { isNotFound } from "../api/status-error.ts";
import { arr, obj, str } from "../api/validation/json-access.ts";
import type { ResourceClient } from "../client/client.ts";

/** The claim policy: for now a claim only has to exist. */
export const claimUsable = (claim: KubeObject | undefined): boolean => claim !== undefined;

export function claimNames(pod: KubeObject): string[] {
  return arr(obj(pod.spec)?.volumes)
    .map((v) => str(obj(obj(v)?.persistentVolumeClaim)?.claimName))
    .filter((n) => n !== "");
}

export interface ClaimCheck {
  /** The claims that keep the pod from starting; empty when it may start. */
  blocking(pod: KubeObject): Promise<string[]>;
}

export class ApiClaimCheck implements ClaimCheck {
  readonly #claims: ResourceClient;
  readonly #usable: (claim: KubeObject | undefined) => boolean;

  constructor(claims: ResourceClient, usable = claimUsable) {
    this.#claims = claims;
    this.#usable = usable;
  }

  async blocking(pod: KubeObject): Promise<string[]> {
    const out: string[] = [];
    for (const name of claimNames(pod)) {
      let claim: KubeObject | undefined;
      try {
        claim = await this.#claims.get(pod.metadata.namespace, name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      if (!this.#usable(claim)) out.push(name);
    }
    return out;
  }
}
