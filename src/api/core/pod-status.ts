// ValidatePodStatusUpdate: what the node agent may write to /status.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { duplicate, forbidden, invalid } from "../validation/field-errors.ts";
import { goStruct, goQuote, rendered } from "../validation/go-value.ts";
import { validateIP } from "../validation/ip.ts";
import { validateLabelName } from "../validation/labels.ts";
import { arr, obj, str } from "../validation/json-access.ts";
import { isIP } from "node:net";
import { nameIsDNSSubdomain } from "../validation/name.ts";
import { validateImmutable, validateObjectMetaUpdate } from "../validation/object-meta.ts";
import { validatePodAnnotationUpdates } from "./pod-update.ts";

const statusPath = new FieldPath("status");
const systemConditions = new Set(["PodScheduled", "Ready", "Initialized"]);

/** Containers that terminated may not come back unless the restart policy allows it. */
function validateStateTransitions(next: unknown, prev: unknown, path: FieldPath, restartPolicy: string, restartable: Set<string>): FieldError[] {
  if (restartPolicy === "Always") return [];
  const errs: FieldError[] = [];
  arr(prev).forEach((raw, i) => {
    const o = obj(raw) ?? {};
    const terminated = obj(obj(o.state)?.terminated);
    if (!terminated) return;
    if (terminated.exitCode !== 0 && terminated.exitCode !== undefined && restartPolicy === "OnFailure") return;
    if (restartable.has(str(o.name))) return;
    for (const n of arr(next)) {
      const nn = obj(n) ?? {};
      if (str(nn.name) === str(o.name) && !obj(obj(nn.state)?.terminated)) {
        errs.push(forbidden(path.index(i).child("state"), "may not be transitioned to non-terminated state"));
      }
    }
  });
  return errs;
}

function goIPs(list: unknown[], type: "core.PodIP" | "core.HostIP"): string {
  return `[]${type}{${list.map((x) => goStruct(type, [["IP", goQuote(str(obj(x)?.ip))]])).join(", ")}}`;
}

function validateIPList(list: unknown, path: FieldPath, type: "core.PodIP" | "core.HostIP"): FieldError[] {
  const ips = arr(list);
  const errs = ips.flatMap((x, i) => validateIP(str(obj(x)?.ip), path.index(i)));
  if (ips.length > 1) {
    const families = ips.map((x) => isIP(str(obj(x)?.ip)));
    const dualStack = families.includes(4) && families.includes(6);
    if (!dualStack || ips.length > 2) errs.push(invalid(path, rendered(goIPs(ips, type)), "may specify no more than one IP for each IP family"));
    const seen = new Set<string>();
    ips.forEach((x, i) => {
      const ip = str(obj(x)?.ip);
      if (seen.has(ip)) errs.push(duplicate(path.index(i), rendered(goStruct(type, [["IP", goQuote(ip)]]))));
      seen.add(ip);
    });
  }
  return errs;
}

export function validatePodStatusUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const metadata = new FieldPath("metadata");
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  errs.push(...validatePodAnnotationUpdates(pod, old));
  const status = obj(pod.status) ?? {};
  const oldStatus = obj(old.status) ?? {};
  // Upstream reports condition types under metadata; kept so messages match.
  arr(status.conditions).forEach((c, i) => {
    const type = str(obj(c)?.type);
    if (!systemConditions.has(type)) errs.push(...validateLabelName(type, metadata.child("conditions").index(i).child("Type")));
  });
  const spec = obj(pod.spec) ?? {};
  const oldSpec = obj(old.spec) ?? {};
  if (str(spec.nodeName) !== str(oldSpec.nodeName)) errs.push(forbidden(statusPath.child("nodeName"), "may not be changed directly"));
  const nominated = str(status.nominatedNodeName);
  if (nominated && nominated !== str(oldStatus.nominatedNodeName)) {
    errs.push(...nameIsDNSSubdomain(nominated, false).map((m) => invalid(statusPath.child("nominatedNodeName"), nominated, m)));
  }
  errs.push(...validateImmutable(str(status.qosClass), str(oldStatus.qosClass), statusPath.child("qosClass")));

  const restartPolicy = str(oldSpec.restartPolicy);
  const restartableInit = new Set(
    arr(oldSpec.initContainers)
      .map((c) => obj(c) ?? {})
      .filter((c) => c.restartPolicy === "Always")
      .map((c) => str(c.name)),
  );
  errs.push(...validateStateTransitions(status.containerStatuses, oldStatus.containerStatuses, statusPath.child("containerStatuses"), restartPolicy, new Set()));
  errs.push(
    ...validateStateTransitions(status.initContainerStatuses, oldStatus.initContainerStatuses, statusPath.child("initContainerStatuses"), restartPolicy, restartableInit),
  );
  errs.push(
    ...validateStateTransitions(status.ephemeralContainerStatuses, oldStatus.ephemeralContainerStatuses, statusPath.child("ephemeralContainerStatuses"), "Never", new Set()),
  );
  errs.push(...validateIPList(status.podIPs, statusPath.child("podIPs"), "core.PodIP"));
  const hostIPs = arr(status.hostIPs);
  if (hostIPs.length > 0) {
    const first = str(obj(hostIPs[0])?.ip);
    if (str(status.hostIP) !== first) errs.push(invalid(statusPath.child("hostIPs").index(0).child("ip"), first, "must be equal to `hostIP`"));
    errs.push(...validateIPList(hostIPs, statusPath.child("hostIPs"), "core.HostIP"));
  }
  return errs;
}
