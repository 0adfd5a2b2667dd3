// The one wire error: a Kubernetes Status. Build with the constructors, branch with the predicates
// (on reason, never on message). The HTTP shell serialises `.status`.
import { fieldErrorBody, fieldErrorString, type FieldError } from "./field-error.ts";

export type StatusReason =
  | "BadRequest"
  | "Unauthorized"
  | "Forbidden"
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Gone"
  | "Expired"
  | "Invalid"
  | "MethodNotAllowed"
  | "NotAcceptable"
  | "UnsupportedMediaType"
  | "RequestEntityTooLarge"
  | "TooManyRequests"
  | "InternalError"
  | "ServiceUnavailable"
  | "Timeout"
  | "";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never> | { resourceVersion?: string };
  status: "Success" | "Failure";
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** Identifies a resource in messages: `statefulsets.apps "web" not found`. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export class StatusError extends Error {
  readonly status: Status;
  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.name = "StatusError";
    this.status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
    if (details) this.status.details = details;
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): StatusReason {
    return this.status.reason ?? "";
  }

  static badRequest(message: string, causes?: StatusCause[]): StatusError {
    return new StatusError(400, "BadRequest", message, causes ? { causes } : undefined);
  }
  static unauthorized(message = "Unauthorized"): StatusError {
    return new StatusError(401, "Unauthorized", message);
  }
  static forbidden(gr: GroupResource, name: string, message: string): StatusError {
    const what = name ? `${qualifiedResource(gr)} "${name}"` : qualifiedResource(gr);
    return new StatusError(403, "Forbidden", `${what} is forbidden: ${message}`, { name, group: gr.group, kind: gr.resource });
  }
  static notFound(gr: GroupResource, name: string): StatusError {
    return new StatusError(404, "NotFound", `${qualifiedResource(gr)} "${name}" not found`, {
      name,
      group: gr.group,
      kind: gr.resource,
    });
  }
  /** A path that names no resource: what the Go server answers for unknown URLs. */
  static pathNotFound(): StatusError {
    return new StatusError(404, "NotFound", "the server could not find the requested resource", {});
  }
  static alreadyExists(gr: GroupResource, name: string): StatusError {
    return new StatusError(409, "AlreadyExists", `${qualifiedResource(gr)} "${name}" already exists`, {
      name,
      group: gr.group,
      kind: gr.resource,
    });
  }
  static conflict(gr: GroupResource, name: string, why: string): StatusError {
    return new StatusError(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`, {
      name,
      group: gr.group,
      kind: gr.resource,
    });
  }
  static staleUpdate(gr: GroupResource, name: string): StatusError {
    return StatusError.conflict(
      gr,
      name,
      "the object has been modified; please apply your changes to the latest version and try again",
    );
  }
  static gone(message: string): StatusError {
    return new StatusError(410, "Gone", message);
  }
  static expired(message: string): StatusError {
    return new StatusError(410, "Expired", message);
  }
  /** 422: `<Kind>.<group> "<name>" is invalid: <causes>`; details.kind is the Kind. */
  static invalid(group: string, kind: string, name: string, errors: readonly FieldError[]): StatusError {
    const qualified = group ? `${kind}.${group}` : kind;
    // The message lists each distinct cause once; details keep them all, as upstream does.
    const parts = [...new Set(errors.map(fieldErrorString))];
    const joined = parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`;
    return new StatusError(422, "Invalid", `${qualified} "${name}" is invalid: ${joined}`, {
      name,
      group,
      kind,
      causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
    });
  }
  static methodNotAllowed(): StatusError {
    return new StatusError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  }
  static notAcceptable(message: string): StatusError {
    return new StatusError(406, "NotAcceptable", message);
  }
  static unsupportedMediaType(contentType: string, accepted: readonly string[]): StatusError {
    return new StatusError(
      415,
      "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
      { causes: [{ reason: "UnexpectedServerResponse", message: contentType }] },
    );
  }
  static tooLarge(message = "Request entity too large: limit is 3145728"): StatusError {
    return new StatusError(413, "RequestEntityTooLarge", message);
  }
  static internal(message: string): StatusError {
    return new StatusError(500, "InternalError", `Internal error occurred: ${message}`, {
      causes: [{ message }],
    });
  }
  static serviceUnavailable(message: string): StatusError {
    return new StatusError(503, "ServiceUnavailable", message);
  }
}

const hasReason = (reason: StatusReason) => (e: unknown): e is StatusError =>
  e instanceof StatusError && e.reason === reason;

export const isNotFound = hasReason("NotFound");
export const isAlreadyExists = hasReason("AlreadyExists");
export const isConflict = hasReason("Conflict");
export const isInvalid = hasReason("Invalid");
export const isExpired = (e: unknown): e is StatusError =>
  e instanceof StatusError && (e.reason === "Expired" || e.reason === "Gone");

export function successStatus(details?: StatusDetails): Status {
  const s: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 200 };
  if (details) s.details = details;
  return s;
}
