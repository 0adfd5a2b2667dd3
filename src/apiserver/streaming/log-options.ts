// The pods/log query, decoded and validated as the API server does for PodLogOptions: parse
// failures are 400s, out-of-range values a 422 naming the field.
import { fieldError, type FieldError } from "../../api/field-error.ts";
import { StatusError } from "../../api/status-error.ts";
import { queryFlag } from "./command-options.ts";
import { parseLogTime, type LogTime } from "./log-time.ts";

export interface LogOptions {
  container: string | null;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: LogTime;
  limitBytes?: number;
}

export function logOptions(query: URLSearchParams, podName: string): LogOptions {
  const opts: LogOptions = {
    container: query.get("container"),
    follow: queryFlag(query, "follow"),
    previous: queryFlag(query, "previous"),
    timestamps: queryFlag(query, "timestamps"),
    tailLines: intParam(query, "tailLines"),
    sinceSeconds: intParam(query, "sinceSeconds"),
    limitBytes: intParam(query, "limitBytes"),
  };
  const since = query.get("sinceTime");
  if (since) {
    const t = parseLogTime(since);
    if (!t) throw StatusError.badRequest(`parsing time ${JSON.stringify(since)} as "2006-01-02T15:04:05Z07:00": cannot parse as RFC 3339`);
    opts.sinceTime = t;
  }
  const errs: FieldError[] = [];
  if (opts.tailLines !== undefined && opts.tailLines < 0) errs.push(fieldError.invalid("tailLines", opts.tailLines, "must be greater than or equal to 0"));
  if (opts.limitBytes !== undefined && opts.limitBytes < 1) errs.push(fieldError.invalid("limitBytes", opts.limitBytes, "must be greater than 0"));
  if (opts.sinceSeconds !== undefined && opts.sinceTime !== undefined) {
    errs.push(fieldError.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
  } else if (opts.sinceSeconds !== undefined && opts.sinceSeconds < 1) {
    errs.push(fieldError.invalid("sinceSeconds", opts.sinceSeconds, "must be greater than 0"));
  }
  if (errs.length) throw StatusError.invalid("", "PodLogOptions", podName, errs);
  return opts;
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === "") return undefined;
  if (!/^[+-]?\d+$/.test(text)) throw StatusError.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  return Number(text);
}
