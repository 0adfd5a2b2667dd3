// The query of pods/exec and pods/attach, read the way the API server decodes PodExecOptions and
// PodAttachOptions: a flag given with any value but "0" or "false" is on; `command` repeats.
import { StatusError } from "../../api/status-error.ts";

export interface CommandOptions {
  container: string | null;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export function queryFlag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value !== null && value !== "0" && value.toLowerCase() !== "false";
}

export function commandOptions(query: URLSearchParams, kind: "exec" | "attach"): CommandOptions {
  const tty = queryFlag(query, "tty");
  const opts: CommandOptions = {
    container: query.get("container"),
    command: kind === "exec" ? query.getAll("command") : [],
    stdin: queryFlag(query, "stdin"),
    stdout: queryFlag(query, "stdout"),
    // A terminal has one output; the kubelet drops stderr rather than refuse.
    stderr: queryFlag(query, "stderr") && !tty,
    tty,
  };
  if (!opts.stdin && !opts.stdout && !opts.stderr) throw StatusError.badRequest("you must specify at least 1 of stdin, stdout, stderr");
  return opts;
}
