// Whether a pod's PersistentVolumeClaims allow its containers to start: each must be Bound.
import type { KubeObject } from "../api/meta.ts";
import { isNotFound } from "../api/status-error.ts";
import { arr, obj, str } from "../api/validation/json-access.ts";
import type { ResourceClient } from "../client/client.ts";

export const claimUsable = (claim: KubeObject | undefined): boolean => obj(claim?.status)?.phase === "Bound";

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
