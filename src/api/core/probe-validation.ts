// Probes and lifecycle handlers.
import type { FieldError, FieldPath } from "../field-error.ts";
import { forbidden, invalid, nonNegative, notSupported, required } from "../validation/field-errors.ts";
import { arr, obj, str, type JsonObject } from "../validation/json-access.ts";
import { isHTTPHeaderName, isValidPortName, isValidPortNum } from "../validation/name.ts";

/** An IntOrString port: a number in range or an IANA port name. */
export function validatePortNumOrName(port: unknown, path: FieldPath): FieldError[] {
  if (typeof port === "string") return isValidPortName(port).map((m) => invalid(path, port, m));
  const n = typeof port === "number" ? port : 0;
  return isValidPortNum(n).map((m) => invalid(path, n, m));
}

const handlerKinds = ["exec", "httpGet", "tcpSocket", "grpc", "sleep"] as const;

function validateHandlerKind(kind: (typeof handlerKinds)[number], h: JsonObject, gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  switch (kind) {
    case "exec":
      return arr(h.command).length === 0 ? [required(path.child("command"))] : [];
    case "httpGet": {
      const errs: FieldError[] = [];
      if (!str(h.path)) errs.push(required(path.child("path")));
      errs.push(...validatePortNumOrName(h.port, path.child("port")));
      const scheme = str(h.scheme);
      if (scheme !== "HTTP" && scheme !== "HTTPS") errs.push(notSupported(path.child("scheme"), scheme, ["HTTP", "HTTPS"]));
      for (const header of arr(h.httpHeaders)) {
        const name = str(obj(header)?.name);
        errs.push(...isHTTPHeaderName(name).map((m) => invalid(path.child("httpHeaders"), name, m)));
      }
      return errs;
    }
    case "tcpSocket":
      return validatePortNumOrName(h.port, path.child("port"));
    case "grpc":
      return validatePortNumOrName(typeof h.port === "number" ? h.port : 0, path.child("port"));
    case "sleep": {
      const seconds = typeof h.seconds === "number" ? h.seconds : 0;
      if (gracePeriod === undefined || (seconds > 0 && seconds <= gracePeriod)) return [];
      return [
        invalid(
          path,
          seconds,
          `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
        ),
      ];
    }
  }
}

function validateHandler(handler: JsonObject, kinds: readonly (typeof handlerKinds)[number][], gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let found = 0;
  for (const kind of kinds) {
    const h = obj(handler[kind]);
    if (!h) continue;
    if (found > 0) {
      errs.push(forbidden(path.child(kind), "may not specify more than 1 handler type"));
      continue;
    }
    found++;
    errs.push(...validateHandlerKind(kind, h, gracePeriod, path.child(kind)));
  }
  if (found === 0) errs.push(required(path, "must specify a handler type"));
  return errs;
}

export function validateLifecycle(lifecycle: unknown, gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  const l = obj(lifecycle);
  if (!l) return [];
  const errs: FieldError[] = [];
  for (const hook of ["postStart", "preStop"]) {
    const h = obj(l[hook]);
    if (h) errs.push(...validateHandler(h, ["exec", "httpGet", "tcpSocket", "sleep"], gracePeriod, path.child(hook)));
  }
  return errs;
}

export type ProbeKind = "livenessProbe" | "readinessProbe" | "startupProbe";

export function validateProbe(kind: ProbeKind, probe: unknown, gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  const p = obj(probe);
  if (!p) return [];
  const errs = validateHandler(p, ["exec", "httpGet", "tcpSocket", "grpc"], gracePeriod, path);
  for (const f of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]) {
    errs.push(...nonNegative(p[f], path.child(f)));
  }
  const tgps = p.terminationGracePeriodSeconds;
  if (typeof tgps === "number" && tgps <= 0) errs.push(invalid(path.child("terminationGracePeriodSeconds"), tgps, "must be greater than 0"));
  if (kind === "readinessProbe") {
    if (typeof tgps === "number") errs.push(invalid(path.child("terminationGracePeriodSeconds"), tgps, "must not be set for readinessProbes"));
  } else {
    const success = typeof p.successThreshold === "number" ? p.successThreshold : 0;
    if (success !== 1) errs.push(invalid(path.child("successThreshold"), success, "must be 1"));
  }
  return errs;
}
