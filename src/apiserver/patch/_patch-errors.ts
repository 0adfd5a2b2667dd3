// The two failure shapes a patch can produce besides 400 BadRequest, as the apiserver's patch
// handler (apiserver handlers/patch.go) answers them.
import { StatusError } from "../../api/status-error.ts";

/**
 * A patch that cannot be applied to the object (a failed JSON-patch `test`, a missing path, a list
 * of lists in a strategic merge patch). Upstream wraps these in NewGenericServerResponse(422), which
 * keeps only the fixed message and an empty details object, so clients never see why. We keep the
 * library's reason as `cause` for logs and tests; it is not part of the wire Status.
 */
export function rejectedPatch(reason: string): StatusError {
  const err = new StatusError(422, "Invalid", "the server rejected our request due to an error in our request", {});
  err.cause = new Error(reason);
  return err;
}

/**
 * A merge failure that upstream reports as a bare Go error: the apiserver turns it into a 500 Status
 * with no reason and the error text as message, and kubectl prints "Error from server: <text>".
 */
export function mergeFailure(message: string): StatusError {
  return new StatusError(500, "", message);
}
