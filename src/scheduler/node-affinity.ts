// spec.nodeSelector and requiredDuringSchedulingIgnoredDuringExecution node affinity: the
// selector's labels must all match, and at least one affinity term must (its expressions over
// labels and its fields over metadata.name all holding).
import type { KubeObject } from "../api/meta.ts";
import { requirementMatches, type LabelOperator } from "../api/selectors/label-requirement.ts";
import { arr, obj, str, strMap, type JsonObject } from "../api/validation/json-access.ts";

const operators: Record<string, LabelOperator> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!", Gt: "gt", Lt: "lt" };

function expressionsMatch(expressions: unknown, labels: Record<string, string>): boolean {
  return arr(expressions).every((raw) => {
    const e = obj(raw) ?? {};
    const operator = operators[str(e.operator)];
    if (!operator) return false;
    return requirementMatches({ key: str(e.key), operator, values: arr(e.values).map(str) }, labels);
  });
}

function termMatches(term: JsonObject, node: KubeObject): boolean {
  const expressions = arr(term.matchExpressions);
  const fields = arr(term.matchFields);
  // A term with no requirements matches nothing.
  if (expressions.length === 0 && fields.length === 0) return false;
  return expressionsMatch(expressions, node.metadata.labels ?? {}) && expressionsMatch(fields, { "metadata.name": node.metadata.name ?? "" });
}

export function matchesNodeSelector(pod: KubeObject, node: KubeObject): boolean {
  const spec = obj(pod.spec) ?? {};
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(strMap(spec.nodeSelector) ?? {})) if (labels[k] !== v) return false;
  const required = obj(obj(obj(spec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution);
  if (!required) return true;
  return arr(required.nodeSelectorTerms).some((t) => termMatches(obj(t) ?? {}, node));
}
