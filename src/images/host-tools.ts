// The few things Node cannot do itself: device nodes (overlayfs whiteouts are 0/0 character
// devices), extended attributes (overlayfs opaque directories, file capabilities) and mounts.
// mknod and mount come with every Debian system; setfattr is in Debian's `attr` package.
import { execFile } from "node:child_process";

export class HostToolError extends Error {
  override name = "HostToolError";
}

/** Runs a program and returns its stdout; a non-zero exit is a HostToolError with its stderr. */
export function run(file: string, args: readonly string[], options: { cwd?: string; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { cwd: options.cwd, maxBuffer: 16 << 20, encoding: "utf8" }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
      const hint = missing ? `${file} is not installed${PACKAGES[file] ? ` (Debian package ${PACKAGES[file]})` : ""}` : stderr.trim() || err.message;
      reject(new HostToolError(`${file} ${args.slice(0, 6).join(" ")}${args.length > 6 ? " ..." : ""}: ${hint}`));
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

const PACKAGES: Record<string, string> = { setfattr: "attr", mknod: "coreutils", mount: "mount", umount: "mount", cp: "coreutils" };

export type NodeKind = "char" | "block" | "fifo";

export interface DeviceNode {
  /** Relative to `cwd`. */
  path: string;
  kind: NodeKind;
  major: number;
  minor: number;
}

/** Creates device nodes and fifos, one shell for the lot (a layer may hold many whiteouts). */
export async function makeNodes(cwd: string, nodes: readonly DeviceNode[]): Promise<void> {
  const script = 'while [ "$#" -gt 0 ]; do if [ "$2" = p ]; then mknod -- "$1" p; else mknod -- "$1" "$2" "$3" "$4"; fi || exit 1; shift 4; done';
  for (let i = 0; i < nodes.length; i += 2000) {
    const args = nodes.slice(i, i + 2000).flatMap((n) => [
      `./${n.path}`, n.kind === "char" ? "c" : n.kind === "block" ? "b" : "p", String(n.major), String(n.minor),
    ]);
    await run("sh", ["-c", script, "sh", ...args], { cwd });
  }
}

/** Sets extended attributes (name → value per path relative to `cwd`) without following symlinks. */
export async function setXattrs(cwd: string, attrs: ReadonlyMap<string, ReadonlyMap<string, Buffer>>): Promise<void> {
  if (attrs.size === 0) return;
  let dump = "";
  for (const [path, values] of attrs) {
    dump += `# file: ${escapePath(`./${path}`)}\n`;
    for (const [name, value] of values) {
      dump += `${escapePath(name)}=${value.length === 0 ? '""' : `0s${value.toString("base64")}`}\n`;
    }
    dump += "\n";
  }
  await run("setfattr", ["-h", "--restore=-"], { cwd, input: dump });
}

/** The octal escapes `setfattr --restore` undoes, for every byte that is not plainly safe. */
function escapePath(text: string): string {
  let out = "";
  for (const b of Buffer.from(text)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9._\/+-]/.test(c) ? c : `\\${b.toString(8).padStart(3, "0")}`;
  }
  return out;
}
