// Regular, init and ephemeral containers of a pod spec.
import type { FieldError, FieldPath } from "../field-error.ts";
import { duplicate, forbidden, invalid, notFound, notSupported, required } from "../validation/field-errors.ts";
import { arr, obj, str, type JsonObject } from "../validation/json-access.ts";
import { isDNS1123Label, isValidPortName, isValidPortNum } from "../validation/name.ts";
import { validateEnv, validateEnvFrom } from "./env-validation.ts";
import { validateLifecycle, validateProbe } from "./probe-validation.ts";
import { validateResourceRequirements } from "./resource-validation.ts";
import { validateContainerSecurityContext } from "./security-context-validation.ts";
import { validateLocalDescendingPath, validatePathNoBacksteps } from "./volume-paths.ts";

/** Volume name -> source key ("persistentVolumeClaim", "emptyDir", ...), for volumes that validated. */
export type VolumeSources = ReadonlyMap<string, string>;

const protocols = ["SCTP", "TCP", "UDP"];
const pullPolicies = ["Always", "IfNotPresent", "Never"];
const mountPropagations = ["Bidirectional", "HostToContainer", "None"];
const recursiveReadOnlyModes = ["Disabled", "Enabled", "IfPossible"];

function validatePorts(ports: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(ports).forEach((raw, i) => {
    const port = obj(raw) ?? {};
    const p = path.index(i);
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) errs.push(...msgs.map((m) => invalid(p.child("name"), name, m)));
      else if (names.has(name)) errs.push(duplicate(p.child("name"), name));
      else names.add(name);
    }
    const containerPort = typeof port.containerPort === "number" ? port.containerPort : 0;
    if (containerPort === 0) errs.push(required(p.child("containerPort")));
    else errs.push(...isValidPortNum(containerPort).map((m) => invalid(p.child("containerPort"), containerPort, m)));
    const hostPort = typeof port.hostPort === "number" ? port.hostPort : 0;
    if (hostPort !== 0) errs.push(...isValidPortNum(hostPort).map((m) => invalid(p.child("hostPort"), hostPort, m)));
    const protocol = str(port.protocol);
    if (!protocol) errs.push(required(p.child("protocol")));
    else if (!protocols.includes(protocol)) errs.push(notSupported(p.child("protocol"), protocol, protocols));
  });
  return errs;
}

function validateVolumeMounts(c: JsonObject, volumes: VolumeSources, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const devices = new Map(arr(c.volumeDevices).map((d) => [str(obj(d)?.name), str(obj(d)?.devicePath)] as const));
  const mountPaths = new Set<string>();
  const privileged = obj(c.securityContext)?.privileged === true;
  arr(c.volumeMounts).forEach((raw, i) => {
    const m = obj(raw) ?? {};
    const p = path.index(i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (!name) errs.push(required(p.child("name")));
    if (!volumes.has(name)) errs.push(notFound(p.child("name"), name));
    if (!mountPath) errs.push(required(p.child("mountPath")));
    if (mountPaths.has(mountPath)) errs.push(invalid(p.child("mountPath"), mountPath, "must be unique"));
    mountPaths.add(mountPath);
    if (devices.has(name)) errs.push(invalid(p.child("name"), name, "must not already exist in volumeDevices"));
    if ([...devices.values()].includes(mountPath)) {
      errs.push(invalid(p.child("mountPath"), mountPath, "must not already exist as a path in volumeDevices"));
    }
    const subPath = str(m.subPath);
    const subPathExpr = str(m.subPathExpr);
    if (subPath) errs.push(...validateLocalDescendingPath(subPath, path.child("subPath")));
    if (subPathExpr) {
      if (subPath) errs.push(invalid(p.child("subPathExpr"), subPathExpr, "subPathExpr and subPath are mutually exclusive"));
      errs.push(...validateLocalDescendingPath(subPathExpr, path.child("subPathExpr")));
    }
    const propagation = m.mountPropagation;
    if (typeof propagation === "string") {
      const pp = path.child("mountPropagation");
      if (!mountPropagations.includes(propagation)) errs.push(notSupported(pp, propagation, mountPropagations));
      if (propagation === "Bidirectional" && !privileged) {
        errs.push(forbidden(pp, "Bidirectional mount propagation is available only to privileged containers"));
      }
    }
    const rro = m.recursiveReadOnly;
    if (typeof rro === "string" && rro !== "Disabled") {
      const rp = path.child("recursiveReadOnly");
      if (!recursiveReadOnlyModes.includes(rro)) errs.push(notSupported(rp, rro, recursiveReadOnlyModes));
      else {
        if (m.readOnly !== true) errs.push(forbidden(rp, "may only be specified when readOnly is true"));
        if (typeof propagation === "string" && propagation !== "None") {
          errs.push(forbidden(rp, "may only be specified when mountPropagation is None or not specified"));
        }
      }
    }
  });
  return errs;
}

function validateVolumeDevices(c: JsonObject, volumes: VolumeSources, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mounts = new Map(arr(c.volumeMounts).map((m) => [str(obj(m)?.name), str(obj(m)?.mountPath)] as const));
  const names = new Set<string>();
  const paths = new Set<string>();
  arr(c.volumeDevices).forEach((raw, i) => {
    const d = obj(raw) ?? {};
    const p = path.index(i);
    const name = str(d.name);
    const devicePath = str(d.devicePath);
    const source = volumes.get(name);
    if (!name) errs.push(required(p.child("name")));
    if (names.has(name)) errs.push(invalid(p.child("name"), name, "must be unique"));
    if (source !== undefined && source !== "persistentVolumeClaim" && source !== "ephemeral") {
      errs.push(invalid(p.child("name"), name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"));
    }
    if (source === undefined) errs.push(notFound(p.child("name"), name));
    if (!devicePath) errs.push(required(p.child("devicePath")));
    if (paths.has(devicePath)) errs.push(invalid(p.child("devicePath"), devicePath, "must be unique"));
    if (devicePath && validatePathNoBacksteps(devicePath, p).length) {
      errs.push(invalid(p.child("devicePath"), devicePath, "can not contain backsteps ('..')"));
    } else paths.add(devicePath);
    if (mounts.has(name)) errs.push(invalid(p.child("name"), name, "must not already exist in volumeMounts"));
    if ([...mounts.values()].includes(devicePath)) {
      errs.push(invalid(p.child("devicePath"), devicePath, "must not already exist as a path in volumeMounts"));
    }
    if (name) names.add(name);
  });
  return errs;
}

/** validateContainerCommon: what every kind of container must satisfy. */
function validateContainerCommon(c: JsonObject, volumes: VolumeSources, path: FieldPath, hostUsers: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(path.child("name")));
  else errs.push(...isDNS1123Label(name).map((m) => invalid(path.child("name"), name, m)));
  if (!str(c.image)) errs.push(required(path.child("image")));
  const policy = str(c.terminationMessagePolicy);
  if (!policy) errs.push(required(path.child("terminationMessagePolicy")));
  else if (policy !== "File" && policy !== "FallbackToLogsOnError") {
    errs.push(notSupported(path.child("terminationMessagePolicy"), policy, ["File", "FallbackToLogsOnError"]));
  }
  errs.push(...validatePorts(c.ports, path.child("ports")));
  errs.push(...validateEnv(c.env, path.child("env")));
  errs.push(...validateEnvFrom(c.envFrom, path.child("envFrom")));
  errs.push(...validateVolumeMounts(c, volumes, path.child("volumeMounts")));
  errs.push(...validateVolumeDevices(c, volumes, path.child("volumeDevices")));
  const pull = str(c.imagePullPolicy);
  if (!pull) errs.push(required(path.child("imagePullPolicy")));
  else if (!pullPolicies.includes(pull)) errs.push(notSupported(path.child("imagePullPolicy"), pull, pullPolicies));
  errs.push(...validateResourceRequirements(c.resources, path.child("resources")));
  errs.push(...validateContainerSecurityContext(c.securityContext, path.child("securityContext"), hostUsers));
  return errs;
}

function hostPortConflicts(containers: JsonObject[], path: FieldPath, seen = new Set<string>()): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    arr(c.ports).forEach((raw, pi) => {
      const port = obj(raw) ?? {};
      const hostPort = typeof port.hostPort === "number" ? port.hostPort : 0;
      if (hostPort === 0) return;
      const key = `${str(port.protocol)}/${str(port.hostIP)}/${hostPort}`;
      if (seen.has(key)) errs.push(duplicate(path.index(ci).child("ports").index(pi).child("hostPort"), key));
      else seen.add(key);
    });
  });
  return errs;
}

const objectsOf = (v: unknown): JsonObject[] => arr(v).map((c) => obj(c) ?? {});

export interface ContainerContext {
  volumes: VolumeSources;
  gracePeriod: number | undefined;
  hostUsers: boolean;
}

export function validateContainers(list: unknown, ctx: ContainerContext, path: FieldPath): FieldError[] {
  const containers = objectsOf(list);
  if (containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = path.index(i);
    errs.push(...validateContainerCommon(c, ctx.volumes, p, ctx.hostUsers));
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(p.child("name"), name));
    else names.add(name);
    errs.push(...validateLifecycle(c.lifecycle, ctx.gracePeriod, p.child("lifecycle")));
    for (const kind of ["livenessProbe", "readinessProbe", "startupProbe"] as const) {
      errs.push(...validateProbe(kind, c[kind], ctx.gracePeriod, p.child(kind)));
    }
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      errs.push(forbidden(p.child("restartPolicy"), "may not be set for non-init containers"));
    }
  });
  errs.push(...hostPortConflicts(containers, path));
  return errs;
}

export function validateInitContainers(list: unknown, regular: unknown, ctx: ContainerContext, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(objectsOf(regular).map((c) => str(c.name)));
  objectsOf(list).forEach((c, i) => {
    const p = path.index(i);
    errs.push(...validateContainerCommon(c, ctx.volumes, p, ctx.hostUsers));
    const restartPolicy = c.restartPolicy;
    if (typeof restartPolicy === "string" && restartPolicy !== "Always") {
      errs.push(notSupported(p.child("restartPolicy"), restartPolicy, ["Always"]));
    }
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(p.child("name"), name));
    else if (name) names.add(name);
    errs.push(...hostPortConflicts([c], path));
    if (restartPolicy === "Always") {
      errs.push(...validateLifecycle(c.lifecycle, ctx.gracePeriod, p.child("lifecycle")));
      for (const kind of ["livenessProbe", "readinessProbe", "startupProbe"] as const) {
        errs.push(...validateProbe(kind, c[kind], ctx.gracePeriod, p.child(kind)));
      }
    } else {
      for (const key of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"]) {
        if (c[key] !== undefined && c[key] !== null) {
          errs.push(forbidden(p.child(key), "may not be set for init containers without restartPolicy=Always"));
        }
      }
    }
  });
  return errs;
}

const ephemeralForbidden = ["ports", "resources", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "resizePolicy", "restartPolicy"];

export function validateEphemeralContainers(list: unknown, spec: JsonObject, ctx: ContainerContext, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const others = new Set([...objectsOf(spec.containers), ...objectsOf(spec.initContainers)].map((c) => str(c.name)));
  const all = new Set(others);
  objectsOf(list).forEach((c, i) => {
    const p = path.index(i);
    errs.push(...validateContainerCommon(c, ctx.volumes, p, ctx.hostUsers));
    const name = str(c.name);
    if (all.has(name)) errs.push(duplicate(p.child("name"), name));
    else all.add(name);
    const target = str(c.targetContainerName);
    if (target && !others.has(target)) errs.push(notFound(p.child("targetContainerName"), target));
    for (const key of ephemeralForbidden) {
      const v = c[key];
      const set = v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && !(obj(v) && Object.keys(v as object).length === 0);
      if (set) errs.push(forbidden(p.child(key), "cannot be set for an Ephemeral Container"));
    }
    arr(c.volumeMounts).forEach((m, j) => {
      for (const key of ["subPath", "subPathExpr"]) {
        if (str(obj(m)?.[key])) errs.push(forbidden(p.child("volumeMounts").index(j).child(key), "cannot be set for an Ephemeral Container"));
      }
    });
  });
  return errs;
}

/** Pods (not templates) also reject images with surrounding whitespace. */
export function validateImageWhitespace(list: unknown, path: FieldPath): FieldError[] {
  return objectsOf(list).flatMap((c, i) => {
    const image = str(c.image);
    return image !== image.trim() ? [invalid(path.index(i).child("image"), image, "must not have leading or trailing whitespace")] : [];
  });
}
