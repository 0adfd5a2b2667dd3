// Event (core/v1). Writes through v1 get only the legacy checks; events.k8s.io/v1 adds more (see
// src/api/events/event.ts). Field paths use the core names in both cases, as upstream's do.
import { FieldPath, type FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { invalid, required } from "../validation/field-errors.ts";
import { obj, str } from "../validation/json-access.ts";
import { byteLength, isDNS1123Subdomain, isQualifiedName } from "../validation/name.ts";

/** The fields legacy validation reads, in core/v1 naming. */
export interface CoreEventView {
  namespace: string;
  involvedObjectNamespace: string;
  eventTime: string;
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  message: string;
}

function coreEventView(event: KubeObject): CoreEventView {
  return {
    namespace: str(event.metadata?.namespace),
    involvedObjectNamespace: str(obj(event.involvedObject)?.namespace),
    eventTime: str(event.eventTime),
    reportingController: str(event.reportingComponent),
    reportingInstance: str(event.reportingInstance),
    action: str(event.action),
    reason: str(event.reason),
    message: str(event.message),
  };
}

const limits = { reportingInstance: 128, action: 128, reason: 128, message: 1024 };

/** legacyValidateEvent. */
export function legacyValidateEvent(e: CoreEventView): FieldError[] {
  const errs: FieldError[] = [];
  const involved = new FieldPath("involvedObject").child("namespace");
  if (!e.eventTime) {
    // An empty involved namespace goes with the event's own namespace being "" or "default".
    const mismatch = e.involvedObjectNamespace ? e.namespace !== e.involvedObjectNamespace : e.namespace !== "" && e.namespace !== "default";
    if (mismatch) errs.push(invalid(involved, e.involvedObjectNamespace, "does not match event.namespace"));
  } else {
    if (!e.involvedObjectNamespace && e.namespace !== "default" && e.namespace !== "kube-system") {
      errs.push(invalid(involved, e.involvedObjectNamespace, "does not match event.namespace"));
    }
    if (!e.reportingController) errs.push(required("reportingController"));
    errs.push(...isQualifiedName(e.reportingController).map((m) => invalid("reportingController", e.reportingController, m)));
    if (!e.reportingInstance) errs.push(required("reportingInstance"));
    if (byteLength(e.reportingInstance) > limits.reportingInstance) {
      errs.push(invalid("reportingInstance", "", `can have at most ${limits.reportingInstance} characters`));
    }
    if (!e.action) errs.push(required("action"));
    if (byteLength(e.action) > limits.action) errs.push(invalid("action", "", `can have at most ${limits.action} characters`));
    if (!e.reason) errs.push(required("reason"));
    if (byteLength(e.reason) > limits.reason) errs.push(invalid("reason", "", `can have at most ${limits.reason} characters`));
    if (byteLength(e.message) > limits.message) errs.push(invalid("message", "", `can have at most ${limits.message} characters`));
  }
  errs.push(...isDNS1123Subdomain(e.namespace).map((m) => invalid("namespace", e.namespace, m)));
  return errs;
}

export function defaultEvent(_event: KubeObject): void {}

export function validateEvent(event: KubeObject): FieldError[] {
  return legacyValidateEvent(coreEventView(event));
}

/** Updates through core/v1 are checked like creates; nothing is immutable there. */
export function validateEventUpdate(event: KubeObject, _old: KubeObject): FieldError[] {
  return validateEvent(event);
}
