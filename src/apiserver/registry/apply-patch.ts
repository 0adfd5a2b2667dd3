// Applies a PATCH body of any supported type to the current object.
import { isPlainObject, type KubeObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import { definitions } from "../../api/schema/definitions.ts";
import { applyJsonPatch } from "../patch/json-patch.ts";
import { applyMergePatch } from "../patch/json-merge-patch.ts";
import { applyStrategicMergePatch } from "../patch/strategic-merge-patch.ts";
import type { GenericStore } from "./generic-store.ts";

export function applyPatch(store: GenericStore | undefined, current: KubeObject, patch: unknown, type: string, _force: boolean): KubeObject {
  let out: unknown;
  switch (type) {
    case "application/json-patch+json":
      out = applyJsonPatch(current, patch);
      break;
    case "application/merge-patch+json":
      out = applyMergePatch(current, patch);
      break;
    case "application/strategic-merge-patch+json":
    // Server-side apply is approximated by a strategic merge of the applied configuration: fields
    // it names are set, list elements merge by key. Field ownership is not tracked.
    case "application/apply-patch+yaml": {
      const schema = store ? { $ref: `#/components/schemas/${store.strategy.definition}` } : undefined;
      out = applyStrategicMergePatch(current, patch, schema, definitions);
      break;
    }
    default:
      throw StatusError.badRequest(`unsupported patch type ${type}`);
  }
  if (!isPlainObject(out)) throw StatusError.badRequest("the patch did not produce an object");
  return out as KubeObject;
}
