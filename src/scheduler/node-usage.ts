// What the pods bound to each node request, kept up to date from pod events (and from the
// scheduler's own bindings before the informer reports them), so a decision costs O(nodes).
import type { KubeObject } from "../api/meta.ts";
import type { NodeInfo } from "./fit.ts";
import type { Resources } from "./pod-requests.ts";

interface Placed {
  node: string;
  requests: Resources;
}

interface Totals {
  requested: Resources;
  pods: number;
}

export class NodeUsage {
  readonly #pods = new Map<string, Placed>();
  readonly #nodes = new Map<string, Totals>();

  has(uid: string): boolean {
    return this.#pods.has(uid);
  }

  /** Records that pod `uid` runs (or will run) on `node` with these requests. */
  set(uid: string, node: string, requests: Resources): void {
    this.remove(uid);
    this.#pods.set(uid, { node, requests });
    const totals = this.#totals(node);
    totals.pods++;
    for (const [k, v] of requests) totals.requested.set(k, (totals.requested.get(k) ?? 0) + v);
  }

  remove(uid: string): void {
    const placed = this.#pods.get(uid);
    if (!placed) return;
    this.#pods.delete(uid);
    const totals = this.#totals(placed.node);
    totals.pods--;
    for (const [k, v] of placed.requests) totals.requested.set(k, (totals.requested.get(k) ?? 0) - v);
  }

  info(node: KubeObject): NodeInfo {
    const totals = this.#nodes.get(node.metadata.name ?? "");
    return { node, requested: new Map(totals?.requested ?? []), pods: totals?.pods ?? 0 };
  }

  #totals(node: string): Totals {
    let totals = this.#nodes.get(node);
    if (!totals) this.#nodes.set(node, (totals = { requested: new Map(), pods: 0 }));
    return totals;
  }
}
