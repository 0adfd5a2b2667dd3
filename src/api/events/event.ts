// Event (events.k8s.io/v1): the legacy checks plus the strict ones for this API, reported under the
// core field names (involvedObject, message, source, ...) exactly as upstream reports them.
import type { FieldError } from "../field-error.ts";
import type { KubeObject } from "../meta.ts";
import { legacyValidateEvent, type CoreEventView } from "../core/event.ts";
import { invalid, required, type BadValue } from "../validation/field-errors.ts";
import { goQuote, goStruct, rendered } from "../validation/go-value.ts";
import { obj, semanticEqual, str } from "../validation/json-access.ts";
import { nameIsDNSSubdomain } from "../validation/name.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.ts";

function view(event: KubeObject): CoreEventView {
  return {
    namespace: str(event.metadata?.namespace),
    involvedObjectNamespace: str(obj(event.regarding)?.namespace),
    eventTime: str(event.eventTime),
    reportingController: str(event.reportingController),
    reportingInstance: str(event.reportingInstance),
    action: str(event.action),
    reason: str(event.reason),
    message: str(event.note),
  };
}

function validateSeries(event: KubeObject): FieldError[] {
  const series = obj(event.series);
  if (!series) return [];
  const errs: FieldError[] = [];
  if ((typeof series.count === "number" ? series.count : 0) < 2) errs.push(invalid("series.count", "", "should be at least 2"));
  if (!str(series.lastObservedTime)) errs.push(required("series.lastObservedTime"));
  return errs;
}

const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== "" && v !== 0;

export function defaultEvent(_event: KubeObject): void {}

export function validateEvent(event: KubeObject): FieldError[] {
  const errs = legacyValidateEvent(view(event));
  errs.push(...validateObjectMeta(event.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain }));
  errs.push(...validateSeries(event));
  if (!str(event.eventTime)) errs.push(required("eventTime"));
  const type = str(event.type);
  if (type !== "Normal" && type !== "Warning") errs.push(invalid("type", "", `has invalid value: ${type}`));
  if (isSet(event.deprecatedFirstTimestamp)) errs.push(invalid("firstTimestamp", "", "needs to be unset"));
  if (isSet(event.deprecatedLastTimestamp)) errs.push(invalid("lastTimestamp", "", "needs to be unset"));
  if (isSet(event.deprecatedCount)) errs.push(invalid("count", "", "needs to be unset"));
  const source = obj(event.deprecatedSource);
  if (source && (str(source.component) || str(source.host))) errs.push(invalid("source", "", "needs to be unset"));
  return errs;
}

function goObjectReference(ref: unknown): string {
  const r = obj(ref) ?? {};
  return goStruct("core.ObjectReference", [
    ["Kind", goQuote(str(r.kind))],
    ["Namespace", goQuote(str(r.namespace))],
    ["Name", goQuote(str(r.name))],
    ["UID", goQuote(str(r.uid))],
    ["APIVersion", goQuote(str(r.apiVersion))],
    ["ResourceVersion", goQuote(str(r.resourceVersion))],
    ["FieldPath", goQuote(str(r.fieldPath))],
  ]);
}

// metav1.Time / MicroTime print through time.Time's String method.
function goTime(v: unknown, micro: boolean): BadValue {
  const s = str(v);
  if (!s) return rendered("0001-01-01 00:00:00 +0000 UTC");
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const iso = d.toISOString();
  const fraction = micro ? (s.match(/\.(\d+)/)?.[1] ?? "").replace(/0+$/, "") : "";
  return rendered(`${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ""} +0000 UTC`);
}

type Immutable = [field: string, next: unknown, prev: unknown, shown: BadValue];

export function validateEventUpdate(event: KubeObject, old: KubeObject): FieldError[] {
  const errs = legacyValidateEvent(view(event));
  errs.push(...validateObjectMetaUpdate(event.metadata, old.metadata));
  if (!semanticEqual(event.series, old.series)) errs.push(...validateSeries(event));
  const source = (e: KubeObject) => obj(e.deprecatedSource) ?? {};
  const checks: Immutable[] = [
    ["involvedObject", event.regarding, old.regarding, rendered(goObjectReference(event.regarding))],
    ["reason", event.reason, old.reason, str(event.reason)],
    ["message", event.note, old.note, str(event.note)],
    [
      "source",
      source(event),
      source(old),
      rendered(goStruct("core.EventSource", [["Component", goQuote(str(source(event).component))], ["Host", goQuote(str(source(event).host))]])),
    ],
    ["firstTimestamp", event.deprecatedFirstTimestamp, old.deprecatedFirstTimestamp, goTime(event.deprecatedFirstTimestamp, false)],
    ["lastTimestamp", event.deprecatedLastTimestamp, old.deprecatedLastTimestamp, goTime(event.deprecatedLastTimestamp, false)],
    ["count", event.deprecatedCount, old.deprecatedCount, typeof event.deprecatedCount === "number" ? event.deprecatedCount : 0],
    ["reason", event.reason, old.reason, str(event.reason)],
    ["type", event.type, old.type, str(event.type)],
    ["eventTime", event.eventTime, old.eventTime, goTime(event.eventTime, true)],
    ["action", event.action, old.action, str(event.action)],
    ["related", event.related, old.related, obj(event.related) ? rendered(goObjectReference(event.related)) : null],
    ["reportingController", event.reportingController, old.reportingController, str(event.reportingController)],
    ["reportingInstance", event.reportingInstance, old.reportingInstance, str(event.reportingInstance)],
  ];
  for (const [field, next, prev, shown] of checks) {
    if (!semanticEqual(next, prev)) errs.push(invalid(field, shown, "field is immutable"));
  }
  return errs;
}
