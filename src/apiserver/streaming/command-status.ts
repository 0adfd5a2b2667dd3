// The Status a remote command ends with, on the error stream. Under v4 and later it is the JSON of
// a metav1.Status as Go marshals it (no kind/apiVersion, empty metadata); kubectl turns
// NonZeroExitCode into "command terminated with exit code N" and exits N. Older protocols carry
// only the message text, and nothing on success.

export interface CommandStatus {
  metadata: Record<string, never>;
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

export function commandSucceeded(): CommandStatus {
  return { metadata: {}, status: "Success" };
}

export function commandExited(command: readonly string[], exitCode: number): CommandStatus {
  if (exitCode === 0) return commandSucceeded();
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: error executing command [${command.join(" ")}], exit code ${exitCode}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(exitCode) }] },
  };
}

export function commandFailed(err: unknown): CommandStatus {
  const message = err instanceof Error ? err.message : String(err);
  return {
    metadata: {},
    status: "Failure",
    message: `Internal error occurred: ${message}`,
    reason: "InternalError",
    details: { causes: [{ message }] },
    code: 500,
  };
}

/** The error-stream payload for a protocol generation; empty means write nothing. */
export function encodeCommandStatus(status: CommandStatus, jsonStatus: boolean): Buffer {
  if (jsonStatus) return Buffer.from(JSON.stringify(status));
  return Buffer.from(status.status === "Success" ? "" : (status.message ?? ""));
}
