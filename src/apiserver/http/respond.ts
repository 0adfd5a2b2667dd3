// Writing responses: JSON bodies and Status errors. The only place a StatusError becomes bytes.
import type { ServerResponse } from "node:http";
import { StatusError, type Status } from "../../api/status-error.ts";

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = "application/json"): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-cache, private",
  });
  res.end(text);
}

export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return StatusError.internal(message);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const se = toStatusError(err);
  if (!(err instanceof StatusError)) console.error("ordinal: internal error:", err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status: Status = { ...se.status };
  if (status.reason === "") delete status.reason;
  const headers: Record<string, string> = {};
  if (status.details?.retryAfterSeconds) headers["Retry-After"] = String(status.details.retryAfterSeconds);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  sendJson(res, status.code, status);
}

/** `Warning: 299 - "text"` headers; kubectl prints each as "Warning: text". */
export function addWarnings(res: ServerResponse, warnings: readonly string[]): void {
  if (!warnings.length) return;
  res.setHeader(
    "Warning",
    warnings.map((w) => `299 - "${w.replace(/["\\]/g, (c) => `\\${c}`)}"`),
  );
}
