// The scheduling parts of a pod spec: tolerations, affinity, topology spread, DNS config, gates.
import type { FieldError, FieldPath } from "../field-error.ts";
import { duplicate, forbidden, invalid, notSupported, required } from "../validation/field-errors.ts";
import { goStringSlice, rendered } from "../validation/go-value.ts";
import { validateIP } from "../validation/ip.ts";
import { arr, obj, str, type JsonObject } from "../validation/json-access.ts";
import { validateLabelName, validateLabelSelector } from "../validation/labels.ts";
import { isDNS1123Subdomain, isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain } from "../validation/name.ts";

export const taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

export function validateTolerations(tolerations: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(tolerations).forEach((raw, i) => {
    const t = obj(raw) ?? {};
    const p = path.index(i);
    const key = str(t.key);
    const operator = str(t.operator);
    const value = str(t.value);
    const effect = str(t.effect);
    if (key) errs.push(...validateLabelName(key, p.child("key")));
    if (!key && operator !== "Exists") {
      errs.push(invalid(p.child("operator"), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (typeof t.tolerationSeconds === "number" && effect !== "NoExecute") {
      errs.push(invalid(p.child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === "Equal" || operator === "") {
      const msgs = isValidLabelValue(value);
      if (msgs.length) errs.push(invalid(p.child("operator"), value, msgs.join(";")));
    } else if (operator === "Exists") {
      if (value) errs.push(invalid(p.child("operator"), value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(p.child("operator"), operator, ["Equal", "Exists"]));
    }
    if (effect && !taintEffects.includes(effect)) errs.push(notSupported(p.child("effect"), effect, taintEffects));
  });
  return errs;
}

function validateNodeSelectorTerm(term: JsonObject, allowInvalidValues: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(term.matchExpressions).forEach((raw, j) => {
    const r = obj(raw) ?? {};
    const p = path.child("matchExpressions").index(j);
    const values = arr(r.values).map(str);
    const op = str(r.operator);
    if (op === "In" || op === "NotIn") {
      if (values.length === 0) errs.push(required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === "Exists" || op === "DoesNotExist") {
      if (values.length > 0) errs.push(forbidden(p.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else if (op === "Gt" || op === "Lt") {
      if (values.length !== 1) errs.push(required(p.child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
    } else {
      errs.push(invalid(p.child("operator"), op, "not a valid selector operator"));
    }
    errs.push(...validateLabelName(str(r.key), p.child("key")));
    if (!allowInvalidValues) {
      values.forEach((v, k) => errs.push(...isValidLabelValue(v).map((m) => invalid(p.child("values").index(k), v, m))));
    }
  });
  arr(term.matchFields).forEach((raw, j) => {
    const r = obj(raw) ?? {};
    const p = path.child("matchFields").index(j);
    const values = arr(r.values).map(str);
    const op = str(r.operator);
    if (op === "In" || op === "NotIn") {
      if (values.length !== 1) {
        errs.push(required(p.child("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
      }
    } else errs.push(invalid(p.child("operator"), op, "not a valid selector operator"));
    if (str(r.key) !== "metadata.name") errs.push(invalid(p.child("key"), str(r.key), "not a valid field selector key"));
    else values.forEach((v, k) => errs.push(...nameIsDNSSubdomain(v, false).map((m) => invalid(p.child("values").index(k), v, m))));
  });
  return errs;
}

export function validateNodeSelector(selector: JsonObject, path: FieldPath): FieldError[] {
  const terms = arr(selector.nodeSelectorTerms);
  const termPath = path.child("nodeSelectorTerms");
  if (terms.length === 0) return [required(termPath, "must have at least one node selector term")];
  return terms.flatMap((t, i) => validateNodeSelectorTerm(obj(t) ?? {}, false, termPath.index(i)));
}

function validatePodAffinityTerm(term: JsonObject, path: FieldPath): FieldError[] {
  const errs = [
    ...validateLabelSelector(term.labelSelector, path.child("labelSelector")),
    ...validateLabelSelector(term.namespaceSelector, path.child("namespaceSelector")),
  ];
  for (const ns of arr(term.namespaces).map(str)) {
    errs.push(...nameIsDNSLabel(ns, false).map((m) => invalid(path.child("namespace"), ns, m)));
  }
  const topologyKey = str(term.topologyKey);
  if (!topologyKey) errs.push(required(path.child("topologyKey"), "can not be empty"));
  errs.push(...validateLabelName(topologyKey, path.child("topologyKey")));
  return errs;
}

function validateWeight(weight: unknown, path: FieldPath): FieldError[] {
  const w = typeof weight === "number" ? weight : 0;
  return w <= 0 || w > 100 ? [invalid(path, w, "must be in the range 1-100")] : [];
}

export function validateAffinity(affinity: unknown, path: FieldPath): FieldError[] {
  const a = obj(affinity);
  if (!a) return [];
  const errs: FieldError[] = [];
  const node = obj(a.nodeAffinity);
  if (node) {
    const p = path.child("nodeAffinity");
    const requiredTerms = obj(node.requiredDuringSchedulingIgnoredDuringExecution);
    if (requiredTerms) errs.push(...validateNodeSelector(requiredTerms, p.child("requiredDuringSchedulingIgnoredDuringExecution")));
    arr(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((raw, i) => {
      const t = obj(raw) ?? {};
      const tp = p.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
      errs.push(...validateWeight(t.weight, tp.child("weight")));
      errs.push(...validateNodeSelectorTerm(obj(t.preference) ?? {}, true, tp.child("preference")));
    });
  }
  for (const key of ["podAffinity", "podAntiAffinity"]) {
    const pa = obj(a[key]);
    if (!pa) continue;
    const p = path.child(key);
    arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      errs.push(...validatePodAffinityTerm(obj(t) ?? {}, p.child("requiredDuringSchedulingIgnoredDuringExecution").index(i)));
    });
    arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((raw, i) => {
      const t = obj(raw) ?? {};
      const tp = p.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
      errs.push(...validateWeight(t.weight, tp.child("weight")));
      errs.push(...validatePodAffinityTerm(obj(t.podAffinityTerm) ?? {}, tp.child("podAffinityTerm")));
    });
  }
  return errs;
}

export function validateTopologySpreadConstraints(constraints: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const list = arr(constraints).map((c) => obj(c) ?? {});
  list.forEach((c, i) => {
    const p = path.index(i);
    const maxSkew = typeof c.maxSkew === "number" ? c.maxSkew : 0;
    if (maxSkew <= 0) errs.push(invalid(p.child("maxSkew"), maxSkew, "must be greater than zero"));
    const key = str(c.topologyKey);
    if (!key) errs.push(required(p.child("topologyKey"), "can not be empty"));
    const action = str(c.whenUnsatisfiable);
    if (action !== "DoNotSchedule" && action !== "ScheduleAnyway") {
      errs.push(notSupported(p.child("whenUnsatisfiable"), action, ["DoNotSchedule", "ScheduleAnyway"]));
    }
    if (list.slice(i + 1).some((o) => str(o.topologyKey) === key && str(o.whenUnsatisfiable) === action)) {
      errs.push(duplicate(p.child("{topologyKey, whenUnsatisfiable}"), `{${key}, ${action}}`));
    }
    if (typeof c.minDomains === "number") {
      if (c.minDomains <= 0) errs.push(invalid(p.child("minDomains"), c.minDomains, "must be greater than zero"));
      if (action !== "DoNotSchedule") {
        errs.push(invalid(p.child("minDomains"), c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
      }
    }
    for (const policy of ["nodeAffinityPolicy", "nodeTaintsPolicy"]) {
      const v = c[policy];
      if (typeof v === "string" && v !== "Honor" && v !== "Ignore") errs.push(notSupported(p.child(policy), v, ["Honor", "Ignore"]));
    }
    errs.push(...validateLabelSelector(c.labelSelector, p.child("labelSelector")));
  });
  return errs;
}

export function validateDNSConfig(spec: JsonObject, path: FieldPath): FieldError[] {
  const config = obj(spec.dnsConfig);
  const nameservers = arr(config?.nameservers).map(str);
  if (str(spec.dnsPolicy) === "None") {
    if (!config) return [required(path, "must provide `dnsConfig` when `dnsPolicy` is None")];
    if (nameservers.length === 0) return [required(path.child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None")];
  }
  if (!config) return [];
  const errs: FieldError[] = [];
  if (nameservers.length > 3) errs.push(invalid(path.child("nameservers"), rendered(goStringSlice(nameservers)), "must not have more than 3 nameservers"));
  nameservers.forEach((ns, i) => errs.push(...validateIP(ns, path.child("nameservers").index(i))));
  const searches = arr(config.searches).map(str);
  if (searches.length > 32) errs.push(invalid(path.child("searches"), rendered(goStringSlice(searches)), "must not have more than 32 search paths"));
  if (searches.join(" ").length > 2048) {
    errs.push(invalid(path.child("searches"), rendered(goStringSlice(searches)), "must not have more than 2048 characters (including spaces) in the search list"));
  }
  searches.forEach((s, i) => {
    const trimmed = s.endsWith(".") ? s.slice(0, -1) : s;
    errs.push(...isDNS1123Subdomain(trimmed).map((m) => invalid(path.child("searches").index(i), trimmed, m)));
  });
  arr(config.options).forEach((o, i) => {
    if (!str(obj(o)?.name)) errs.push(required(path.child("options").index(i), "must not be empty"));
  });
  return errs;
}

export function validateHostAliases(aliases: unknown, path: FieldPath): FieldError[] {
  return arr(aliases).flatMap((raw, i) => {
    const a = obj(raw) ?? {};
    const p = path.index(i);
    return [
      ...validateIP(str(a.ip), p.child("ip")),
      ...arr(a.hostnames).flatMap((h, j) => isDNS1123Subdomain(str(h)).map((m) => invalid(p.child("hostnames").index(j), str(h), m))),
    ];
  });
}

export function validateGates(spec: JsonObject, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(spec.readinessGates).forEach((g, i) => {
    errs.push(...validateLabelName(str(obj(g)?.conditionType), path.child("readinessGates").index(i).child("conditionType")));
  });
  const seen = new Set<string>();
  arr(spec.schedulingGates).forEach((g, i) => {
    const name = str(obj(g)?.name);
    const p = path.child("schedulingGates").index(i);
    errs.push(...validateLabelName(name, p));
    if (seen.has(name)) errs.push(duplicate(p, name));
    seen.add(name);
  });
  return errs;
}
