// Which nodes can take a pod, and upstream's explanation when none can. Filters run in the
// default scheduler's order (NodeUnschedulable, TaintToleration, NodeAffinity, NodeResourcesFit)
// and the first one that fails gives a node's reasons. Among fitting nodes the least allocated wins.
import type { KubeObject } from "../api/meta.ts";
import { arr, obj, str } from "../api/validation/json-access.ts";
import { matchesNodeSelector } from "./node-affinity.ts";
import { parseResources, podRequests, type Resources } from "./pod-requests.ts";
import { nodeTaints, untoleratedTaint, type Taint } from "./taints.ts";

export interface NodeInfo {
  node: KubeObject;
  /** Requests of the pods bound (or being bound) to the node, in milli-units. */
  requested: Resources;
  pods: number;
}

const RESOURCE_ORDER = ["cpu", "memory", "ephemeral-storage"];

/** A node whose Ready condition is not True counts as tainted, as the node lifecycle controller would mark it. */
function readinessTaint(node: KubeObject): Taint | undefined {
  const ready = arr(obj(node.status)?.conditions).map((c) => obj(c) ?? {}).find((c) => c.type === "Ready");
  if (ready?.status === "True") return undefined;
  return { key: ready?.status === "False" ? "node.kubernetes.io/not-ready" : "node.kubernetes.io/unreachable", effect: "NoSchedule" };
}

function resourceReasons(pod: KubeObject, info: NodeInfo, wanted: Resources): string[] {
  const allocatable = parseResources(obj(info.node.status)?.allocatable);
  const reasons: string[] = [];
  if (info.pods + 1 > (allocatable.get("pods") ?? 0) / 1000) reasons.push("Too many pods");
  const names = [...wanted.keys()].sort((a, b) => {
    const ia = RESOURCE_ORDER.indexOf(a);
    const ib = RESOURCE_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : a > b ? 1 : 0);
  });
  for (const name of names) {
    const want = wanted.get(name) ?? 0;
    if (want <= 0 || name === "pods") continue;
    if ((info.requested.get(name) ?? 0) + want > (allocatable.get(name) ?? 0)) reasons.push(`Insufficient ${name}`);
  }
  return reasons;
}

/** Why the pod cannot go to the node, in upstream's words; empty when it fits. */
export function unfitReasons(pod: KubeObject, info: NodeInfo, wanted: Resources = podRequests(pod)): string[] {
  const node = info.node;
  const tolerations = obj(pod.spec)?.tolerations;
  if (obj(node.spec)?.unschedulable === true && untoleratedTaint([{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }], tolerations)) {
    return ["node(s) were unschedulable"];
  }
  const taints = nodeTaints(node);
  const readiness = readinessTaint(node);
  if (readiness && !taints.some((t) => t.key === readiness.key)) taints.unshift(readiness);
  const taint = untoleratedTaint(taints, tolerations);
  if (taint) return [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`];
  if (!matchesNodeSelector(pod, node)) return ["node(s) didn't match Pod's node affinity/selector"];
  return resourceReasons(pod, info, wanted);
}

const isResourceReason = (r: string) => r === "Too many pods" || r.startsWith("Insufficient ");

function histogram(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort().join(", ");
}

/** FailedScheduling's message for `perNode` reasons (one list per node). */
export function fitErrorMessage(perNode: readonly (readonly string[])[]): string {
  const total = perNode.length;
  if (total === 0) return "no nodes available to schedule pods";
  const preemption = perNode.map((reasons) =>
    reasons.length > 0 && reasons.every(isResourceReason) ? "No preemption victims found for incoming pod" : "Preemption is not helpful for scheduling",
  );
  return `0/${total} nodes are available: ${histogram(perNode.flat())}. preemption: 0/${total} nodes are available: ${histogram(preemption)}.`;
}

function freeShare(info: NodeInfo, wanted: Resources, name: string): number {
  const allocatable = parseResources(obj(info.node.status)?.allocatable).get(name) ?? 0;
  if (allocatable <= 0) return 0;
  return (allocatable - (info.requested.get(name) ?? 0) - (wanted.get(name) ?? 0)) / allocatable;
}

export type Placement = { node: string } | { message: string };

/** The node for the pod, or why there is none. */
export function placePod(pod: KubeObject, nodes: readonly NodeInfo[]): Placement {
  const wanted = podRequests(pod);
  const perNode: string[][] = [];
  let best: { name: string; score: number } | undefined;
  for (const info of nodes) {
    const reasons = unfitReasons(pod, info, wanted);
    perNode.push(reasons);
    if (reasons.length) continue;
    const name = str(info.node.metadata.name);
    const score = (freeShare(info, wanted, "cpu") + freeShare(info, wanted, "memory")) / 2;
    if (!best || score > best.score || (score === best.score && name < best.name)) best = { name, score };
  }
  return best ? { node: best.name } : { message: fitErrorMessage(perNode) };
}
