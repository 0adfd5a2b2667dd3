// Pod and container security contexts.
import type { FieldError, FieldPath } from "../field-error.ts";
import { duplicate, forbidden, invalid, notSupported, required } from "../validation/field-errors.ts";
import { goPointer, goQuote, goStruct, rendered } from "../validation/go-value.ts";
import { arr, obj, str, type JsonObject } from "../validation/json-access.ts";
import { isValidUnixId } from "../validation/name.ts";
import { validateLocalDescendingPath } from "./volume-paths.ts";

function validateId(value: unknown, path: FieldPath): FieldError[] {
  return typeof value === "number" ? isValidUnixId(value).map((m) => invalid(path, value, m)) : [];
}

function validateSeccompProfile(profile: unknown, path: FieldPath): FieldError[] {
  const sp = obj(profile);
  if (!sp) return [];
  const errs: FieldError[] = [];
  const type = str(sp.type);
  const kinds = ["Localhost", "RuntimeDefault", "Unconfined"];
  if (!type) errs.push(required(path.child("type"), "type is required when seccompProfile is set"));
  else if (!kinds.includes(type)) errs.push(notSupported(path.child("type"), type, kinds));
  const local = sp.localhostProfile;
  if (type === "Localhost") {
    if (typeof local !== "string") errs.push(required(path.child("localhostProfile"), "must be set when seccomp type is Localhost"));
    else errs.push(...validateLocalDescendingPath(local, path.child("localhostProfile")));
  } else if (local !== undefined && local !== null) {
    const shown = goStruct("core.SeccompProfile", [
      ["Type", goQuote(type)],
      ["LocalhostProfile", goPointer("string", local)],
    ]);
    errs.push(invalid(path.child("localhostProfile"), rendered(shown), "can only be set when seccomp type is Localhost"));
  }
  return errs;
}

function validateAppArmorProfile(profile: unknown, path: FieldPath): FieldError[] {
  const ap = obj(profile);
  if (!ap) return [];
  const type = str(ap.type);
  const local = ap.localhostProfile;
  switch (type) {
    case "Localhost": {
      if (typeof local !== "string") return [required(path.child("localhostProfile"), "must be set when AppArmor type is Localhost")];
      const errs: FieldError[] = [];
      if (local.trim() !== local) errs.push(invalid(path.child("localhostProfile"), local, "must not be padded with whitespace"));
      else if (local === "") errs.push(required(path.child("localhostProfile"), "must be set when AppArmor type is Localhost"));
      if (Buffer.byteLength(local) > 4095) {
        errs.push({ type: "FieldValueTooLong", field: path.child("localhostProfile").toString(), detail: "may not be more than 4095 bytes" });
      }
      return errs;
    }
    case "RuntimeDefault":
    case "Unconfined":
      return typeof local === "string"
        ? [invalid(path.child("localhostProfile"), local, "can only be set when AppArmor type is Localhost")]
        : [];
    case "":
      return [required(path.child("type"), "type is required when appArmorProfile is set")];
    default:
      return [notSupported(path.child("type"), type, ["Localhost", "RuntimeDefault", "Unconfined"])];
  }
}

const securityContextFields: ReadonlyArray<readonly [string, string, string]> = [
  ["Capabilities", "capabilities", "core.Capabilities"],
  ["Privileged", "privileged", "bool"],
  ["SELinuxOptions", "seLinuxOptions", "core.SELinuxOptions"],
  ["WindowsOptions", "windowsOptions", "core.WindowsSecurityContextOptions"],
  ["RunAsUser", "runAsUser", "int64"],
  ["RunAsGroup", "runAsGroup", "int64"],
  ["RunAsNonRoot", "runAsNonRoot", "bool"],
  ["ReadOnlyRootFilesystem", "readOnlyRootFilesystem", "bool"],
  ["AllowPrivilegeEscalation", "allowPrivilegeEscalation", "bool"],
  ["ProcMount", "procMount", "core.ProcMountType"],
  ["SeccompProfile", "seccompProfile", "core.SeccompProfile"],
  ["AppArmorProfile", "appArmorProfile", "core.AppArmorProfile"],
];

function goSecurityContext(sc: JsonObject): string {
  return goStruct(
    "core.SecurityContext",
    securityContextFields.map(([goName, key, type]) => [goName, goPointer(type, sc[key])] as const),
  );
}

export function validateContainerSecurityContext(securityContext: unknown, path: FieldPath, hostUsers: boolean): FieldError[] {
  const sc = obj(securityContext);
  if (!sc) return [];
  const errs = [...validateId(sc.runAsUser, path.child("runAsUser")), ...validateId(sc.runAsGroup, path.child("runAsGroup"))];
  const procMount = sc.procMount;
  if (typeof procMount === "string") {
    if (procMount !== "Default" && procMount !== "Unmasked") {
      errs.push(notSupported(path.child("procMount"), procMount, ["Default", "Unmasked"]));
    }
    if (hostUsers && procMount === "Unmasked") errs.push(invalid(path.child("procMount"), procMount, "`hostUsers` must be false to use `Unmasked`"));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, path.child("seccompProfile")));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) {
      errs.push(invalid(path, rendered(goSecurityContext(sc)), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
    }
    if (arr(obj(sc.capabilities)?.add).includes("CAP_SYS_ADMIN")) {
      errs.push(invalid(path, rendered(goSecurityContext(sc)), "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
    }
  }
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, path.child("appArmorProfile")));
  return errs;
}

const sysctlFmt = "([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?";
const sysctlRe = new RegExp(`^${sysctlFmt}$`);

/** The pod-level context; `spec` supplies the host namespace flags that live beside it in v1. */
export function validatePodSecurityContext(spec: JsonObject, specPath: FieldPath): FieldError[] {
  const path = specPath.child("securityContext");
  const sc = obj(spec.securityContext) ?? {};
  const errs = [
    ...validateId(sc.fsGroup, path.child("fsGroup")),
    ...validateId(sc.runAsUser, path.child("runAsUser")),
    ...validateId(sc.runAsGroup, path.child("runAsGroup")),
  ];
  arr(sc.supplementalGroups).forEach((g, i) => errs.push(...validateId(g, path.child("supplementalGroups").index(i))));
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(invalid(path.child("shareProcessNamespace"), true, "ShareProcessNamespace and HostPID cannot both be enabled"));
  }
  const names = new Set<string>();
  arr(sc.sysctls).forEach((raw, i) => {
    const name = str(obj(raw)?.name);
    const p = path.child("sysctls").index(i).child("name");
    if (!name) errs.push(required(p));
    else if (Buffer.byteLength(name) > 253 || !sysctlRe.test(name)) {
      errs.push(invalid(p, name, `must have at most 253 characters and match regex ^${sysctlFmt}$`));
    } else if (names.has(name)) errs.push(duplicate(p, name));
    names.add(name);
  });
  const fsGroupChangePolicy = sc.fsGroupChangePolicy;
  if (typeof fsGroupChangePolicy === "string" && fsGroupChangePolicy !== "Always" && fsGroupChangePolicy !== "OnRootMismatch") {
    errs.push(notSupported(path.child("fsGroupChangePolicy"), fsGroupChangePolicy, ["Always", "OnRootMismatch"]));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, path.child("seccompProfile")));
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, path.child("appArmorProfile")));
  const groupsPolicy = sc.supplementalGroupsPolicy;
  if (typeof groupsPolicy === "string" && groupsPolicy !== "Merge" && groupsPolicy !== "Strict") {
    errs.push(notSupported(path.child("supplementalGroupsPolicy"), groupsPolicy, ["Merge", "Strict"]));
  }
  if (spec.hostUsers === false) {
    // Upstream spells two of these paths with capitals.
    if (spec.hostNetwork === true) errs.push(forbidden(specPath.child("hostNetwork"), "when `pod.Spec.HostUsers` is false"));
    if (spec.hostPID === true) errs.push(forbidden(specPath.child("HostPID"), "when `pod.Spec.HostUsers` is false"));
    if (spec.hostIPC === true) errs.push(forbidden(specPath.child("HostIPC"), "when `pod.Spec.HostUsers` is false"));
  }
  return errs;
}
