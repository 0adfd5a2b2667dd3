// Strategic merge patch errors with upstream's texts (apimachinery util/mergepatch/errors.go) and the
// status the apiserver gives each (handlers/patch.go interpretStrategicMergePatchError): malformed
// directive lists are 400 BadRequest, everything else here is a bare error, i.e. a 500 without reason.
import { StatusError } from "../../api/status-error.ts";
import { goString, goTypeName, goValue } from "./_go-format.ts";
import { mergeFailure } from "./_patch-errors.ts";

export const badFormat = {
  primitiveList: (): StatusError => StatusError.badRequest("invalid patch format of primitive list"),
  retainKeys: (): StatusError => StatusError.badRequest("invalid patch format of retainKeys"),
  setElementOrder: (): StatusError => StatusError.badRequest("invalid patch format of setElementOrder list"),
};

export function noMergeKey(m: Record<string, unknown>, key: string): StatusError {
  return mergeFailure(`map: ${goValue(m)} does not contain declared merge key: ${key}`);
}

export function badArgType(expected: "[]interface {}" | "map[string]interface {}", actual: unknown): StatusError {
  return mergeFailure(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

export function badPatchType(directive: unknown, m: Record<string, unknown>): StatusError {
  return mergeFailure(`unknown patch type: ${goString(directive)} in map: ${goValue(m)}`);
}
