// ValidatePodSpec: the checks shared by Pods and pod templates.
import type { FieldError, FieldPath } from "../field-error.ts";
import { invalid, notSupported, required } from "../validation/field-errors.ts";
import { arr, obj, str, type JsonObject } from "../validation/json-access.ts";
import { validateLabels } from "../validation/labels.ts";
import { inclusiveRangeError, isDNS1123Label, nameIsDNSSubdomain } from "../validation/name.ts";
import { validateContainers, validateEphemeralContainers, validateInitContainers } from "./container-validation.ts";
import { validateResourceRequirements } from "./resource-validation.ts";
import {
  validateAffinity,
  validateDNSConfig,
  validateGates,
  validateHostAliases,
  validateTolerations,
  validateTopologySpreadConstraints,
} from "./scheduling-validation.ts";
import { validatePodSecurityContext } from "./security-context-validation.ts";
import { validateVolumes } from "./volume-validation.ts";

export interface PodSpecValidationOptions {
  /** The pod's name, when the spec belongs to a Pod: ephemeral volume claim names derive from it. */
  podName?: string;
  /** The spec is a Pod's rather than a template's (stricter hostPort rules under hostNetwork). */
  resourceIsPod: boolean;
}

const restartPolicies = ["Always", "OnFailure", "Never"];
const dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
const maxInt32 = 2147483647;

function validateEnum(value: unknown, allowed: readonly string[], path: FieldPath): FieldError[] {
  const v = str(value);
  if (!v) return [required(path)];
  return allowed.includes(v) ? [] : [notSupported(path, v, allowed)];
}

function validateName(value: unknown, path: FieldPath): FieldError[] {
  const v = str(value);
  return v ? nameIsDNSSubdomain(v, false).map((m) => invalid(path, v, m)) : [];
}

function validateLabel(value: unknown, path: FieldPath): FieldError[] {
  const v = str(value);
  return v ? isDNS1123Label(v).map((m) => invalid(path, v, m)) : [];
}

function validateHostNetworkPorts(spec: JsonObject, path: FieldPath, resourceIsPod: boolean): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  const errs: FieldError[] = [];
  arr(spec.containers).forEach((c, i) => {
    arr(obj(c)?.ports).forEach((raw, j) => {
      const port = obj(raw) ?? {};
      const hostPort = typeof port.hostPort === "number" ? port.hostPort : 0;
      const containerPort = typeof port.containerPort === "number" ? port.containerPort : 0;
      if ((resourceIsPod || hostPort !== 0) && hostPort !== containerPort) {
        const p = path.child("containers").index(i).child("ports").index(j).child("hostPort");
        errs.push(invalid(p, hostPort, "must match `containerPort` when `hostNetwork` is true"));
      }
    });
  });
  return errs;
}

function validateOS(spec: JsonObject, path: FieldPath): FieldError[] {
  const os = obj(spec.os);
  if (!os) return [];
  const name = str(os.name);
  if (!name) return [required(path.child("os").child("name"), "cannot be empty")];
  if (name !== "linux" && name !== "windows") return [notSupported(path.child("os"), name, ["linux", "windows"])];
  return [];
}

export function validatePodSpec(spec: JsonObject, path: FieldPath, opts: PodSpecValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const grace = spec.terminationGracePeriodSeconds;
  if (typeof grace !== "number") errs.push(required(path.child("terminationGracePeriodSeconds")));
  const hostUsers = spec.hostUsers !== false;

  const volumes = validateVolumes(spec.volumes, path.child("volumes"), opts.podName);
  errs.push(...volumes.errors);
  const ctx = { volumes: volumes.sources, gracePeriod: typeof grace === "number" ? grace : undefined, hostUsers };
  errs.push(...validateContainers(spec.containers, ctx, path.child("containers")));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, ctx, path.child("initContainers")));
  errs.push(...validateEphemeralContainers(spec.ephemeralContainers, spec, ctx, path.child("ephemeralContainers")));
  errs.push(...validateHostNetworkPorts(spec, path, opts.resourceIsPod));
  errs.push(...validateEnum(spec.restartPolicy, restartPolicies, path.child("restartPolicy")));
  errs.push(...validateEnum(spec.dnsPolicy, dnsPolicies, path.child("dnsPolicy")));
  errs.push(...validateLabels(spec.nodeSelector, path.child("nodeSelector")));
  errs.push(...validatePodSecurityContext(spec, path));
  errs.push(...validateAffinity(spec.affinity, path.child("affinity")));
  errs.push(...validateDNSConfig(spec, path.child("dnsConfig")));
  errs.push(...validateGates(spec, path));
  errs.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, path.child("topologySpreadConstraints")));
  errs.push(...validateName(spec.serviceAccountName, path.child("serviceAccountName")));
  errs.push(...validateName(spec.nodeName, path.child("nodeName")));

  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === "number" && (deadline < 1 || deadline > maxInt32)) {
    errs.push(invalid(path.child("activeDeadlineSeconds"), deadline, inclusiveRangeError(1, maxInt32)));
  }
  errs.push(...validateLabel(spec.hostname, path.child("hostname")));
  errs.push(...validateLabel(spec.subdomain, path.child("subdomain")));
  errs.push(...validateTolerations(spec.tolerations, path.child("tolerations")));
  errs.push(...validateHostAliases(spec.hostAliases, path.child("hostAliases")));
  errs.push(...validateName(spec.priorityClassName, path.child("priorityClassName")));
  if (typeof spec.runtimeClassName === "string") {
    errs.push(...nameIsDNSSubdomain(spec.runtimeClassName, false).map((m) => invalid(path.child("runtimeClassName"), spec.runtimeClassName as string, m)));
  }
  if (typeof spec.preemptionPolicy === "string") {
    errs.push(...validateEnum(spec.preemptionPolicy, ["PreemptLowerPriority", "Never"], path.child("preemptionPolicy")));
  }
  if (obj(spec.overhead)) errs.push(...validateResourceRequirements({ limits: spec.overhead }, path.child("overhead")));
  errs.push(...validateOS(spec, path));
  return errs;
}
