// ValidateStatefulSetSpec. The pod template is checked only for its labels, annotations, restart
// policy and deadline: upstream leaves the rest to pod creation (claim-template volumes would not
// validate inside the template), where a bad spec surfaces as FailedCreate events.
import type { FieldError, FieldPath } from "../field-error.ts";
import { validatePodTemplateMetadata } from "../core/pod-template-spec.ts";
import { forbidden, invalid, nonNegative, notSupported, required } from "../validation/field-errors.ts";
import { goPointer, goQuote, goStringMap, goStruct, rendered, type GoRendered } from "../validation/go-value.ts";
import { obj, str, strMap, type JsonObject } from "../validation/json-access.ts";
import { compileLabelSelector, goLabelSelector, selectorMatches, validateLabelSelector } from "../validation/labels.ts";
import { isDNS1123Label, isValidPercent } from "../validation/name.ts";

export interface StatefulSetSpecOptions {
  /** Keep accepting a serviceName stored before it was validated. */
  allowInvalidServiceName: boolean;
}

/** %#v of intstr.IntOrString: Type 0 for integers, 1 for strings. */
function goIntOrString(v: unknown): string {
  return typeof v === "string"
    ? goStruct("intstr.IntOrString", [["Type", "1"], ["IntVal", "0"], ["StrVal", goQuote(v)]])
    : goStruct("intstr.IntOrString", [["Type", "0"], ["IntVal", String(typeof v === "number" ? v : 0)], ["StrVal", '""']]);
}

function goRollingUpdate(ru: JsonObject): GoRendered {
  return rendered(
    goStruct("apps.RollingUpdateStatefulSetStrategy", [
      ["Partition", String(typeof ru.partition === "number" ? ru.partition : 0)],
      ["MaxUnavailable", goPointer("intstr.IntOrString", ru.maxUnavailable)],
    ]),
  );
}

function percentValue(v: unknown): number | undefined {
  return typeof v === "string" && isValidPercent(v).length === 0 ? Number.parseInt(v.slice(0, -1), 10) : undefined;
}

function validateMaxUnavailable(v: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const shown = rendered(goIntOrString(v));
  if (typeof v === "string") errs.push(...isValidPercent(v).map((m) => invalid(path, shown, m)));
  else errs.push(...nonNegative(v, path));
  // Go's IntValue reads a non-percent string as a decimal integer, anything else as 0.
  const value = percentValue(v) ?? (typeof v === "number" ? v : typeof v === "string" && /^[-+]?[0-9]+$/.test(v) ? Number(v) : 0);
  if (value === 0) errs.push(invalid(path, shown, "cannot be 0"));
  const percent = percentValue(v);
  if (percent !== undefined && percent > 100) errs.push(invalid(path, shown, "must not be greater than 100%"));
  return errs;
}

function validateUpdateStrategy(spec: JsonObject, path: FieldPath): FieldError[] {
  const strategy = obj(spec.updateStrategy) ?? {};
  const type = str(strategy.type);
  const ru = obj(strategy.rollingUpdate);
  const p = path.child("updateStrategy");
  switch (type) {
    case "":
      return [required(p)];
    case "OnDelete":
      return ru ? [invalid(p.child("rollingUpdate"), goRollingUpdate(ru), "only allowed for updateStrategy 'RollingUpdate'")] : [];
    case "RollingUpdate": {
      if (!ru) return [];
      const errs = nonNegative(ru.partition, p.child("rollingUpdate").child("partition"));
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
        errs.push(...validateMaxUnavailable(ru.maxUnavailable, p.child("rollingUpdate").child("maxUnavailable")));
      }
      return errs;
    }
    default: {
      const shown = goStruct("apps.StatefulSetUpdateStrategy", [
        ["Type", goQuote(type)],
        ["RollingUpdate", goPointer("apps.RollingUpdateStatefulSetStrategy", ru)],
      ]);
      return [invalid(p, rendered(shown), "must be 'RollingUpdate' or 'OnDelete'")];
    }
  }
}

export function validateStatefulSetSpec(spec: JsonObject, path: FieldPath, opts: StatefulSetSpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  const policy = str(spec.podManagementPolicy);
  if (!policy) errs.push(required(path.child("podManagementPolicy")));
  else if (policy !== "OrderedReady" && policy !== "Parallel") {
    errs.push(invalid(path.child("podManagementPolicy"), policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  errs.push(...validateUpdateStrategy(spec, path));

  const retention = obj(spec.persistentVolumeClaimRetentionPolicy);
  if (retention) {
    for (const key of ["whenDeleted", "whenScaled"]) {
      const v = str(retention[key]);
      if (v !== "Retain" && v !== "Delete") errs.push(notSupported(path.child("persistentVolumeClaimRetentionPolicy").child(key), v, ["Retain", "Delete"]));
    }
  }
  errs.push(...nonNegative(spec.replicas, path.child("replicas")));
  errs.push(...nonNegative(spec.minReadySeconds, path.child("minReadySeconds")));
  const ordinals = obj(spec.ordinals);
  if (ordinals) errs.push(...nonNegative(ordinals.start, path.child("ordinals").child("start")));
  const serviceName = str(spec.serviceName);
  if (serviceName && !opts.allowInvalidServiceName) {
    errs.push(...isDNS1123Label(serviceName).map((m) => invalid(path.child("serviceName"), serviceName, m)));
  }

  const selector = obj(spec.selector);
  if (!selector) errs.push(required(path.child("selector")));
  else {
    errs.push(...validateLabelSelector(selector, path.child("selector")));
    const terms = Object.keys(obj(selector.matchLabels) ?? {}).length + (Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0);
    if (terms === 0) errs.push(invalid(path.child("selector"), goLabelSelector(selector), "empty selector is invalid for statefulset"));
  }

  const template = obj(spec.template) ?? {};
  const templatePath = path.child("template");
  const compiled = compileLabelSelector(spec.selector);
  if (compiled.kind === "invalid") errs.push(invalid(path.child("selector"), goLabelSelector(selector), ""));
  else {
    const labels = strMap(obj(template.metadata)?.labels);
    if (compiled.kind !== "everything" && !selectorMatches(compiled, labels)) {
      errs.push(invalid(templatePath.child("metadata").child("labels"), rendered(goStringMap(labels)), "`selector` does not match template `labels`"));
    }
    errs.push(...validatePodTemplateMetadata(template, templatePath));
  }

  const podSpec = obj(template.spec) ?? {};
  const restartPolicy = str(podSpec.restartPolicy);
  if (restartPolicy !== "Always") errs.push(notSupported(templatePath.child("spec").child("restartPolicy"), restartPolicy, ["Always"]));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(forbidden(templatePath.child("spec").child("activeDeadlineSeconds"), "activeDeadlineSeconds in StatefulSet is not Supported"));
  }
  return errs;
}
