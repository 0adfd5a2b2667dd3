// Taints and tolerations as the TaintToleration filter reads them: only NoSchedule and NoExecute
// taints keep pods off a node.
import type { KubeObject } from "../api/meta.ts";
import { arr, obj, str, type JsonObject } from "../api/validation/json-access.ts";

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export function tolerates(toleration: JsonObject, taint: Taint): boolean {
  const effect = str(toleration.effect);
  if (effect !== "" && effect !== taint.effect) return false;
  const key = str(toleration.key);
  const operator = str(toleration.operator) || "Equal";
  if (operator === "Exists") return key === "" || key === taint.key;
  return operator === "Equal" && key === taint.key && str(toleration.value) === (taint.value ?? "");
}

/** The first NoSchedule/NoExecute taint none of the tolerations tolerate. */
export function untoleratedTaint(taints: readonly Taint[], tolerations: unknown): Taint | undefined {
  const list = arr(tolerations).map((t) => obj(t) ?? {});
  return taints.find((t) => (t.effect === "NoSchedule" || t.effect === "NoExecute") && !list.some((tol) => tolerates(tol, t)));
}

export function nodeTaints(node: KubeObject): Taint[] {
  return arr(obj(node.spec)?.taints).map((raw) => {
    const t = obj(raw) ?? {};
    return { key: str(t.key), ...(str(t.value) ? { value: str(t.value) } : {}), effect: str(t.effect) };
  });
}
