// Runs host tools (mkfs.ext4, losetup, mount, resize2fs, ...) without a shell and turns their
// failures into errors that say which command failed, how, and what it printed.
import { execFile } from "node:child_process";

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export type CommandRunner = (command: string, args: readonly string[]) => Promise<CommandResult>;

export class CommandError extends Error {
  readonly command: string;
  readonly exitCode: number | undefined;
  readonly stderr: string;

  constructor(command: string, args: readonly string[], exitCode: number | undefined, stderr: string, cause?: string) {
    const detail = (stderr.trim() || cause || "").replace(/\s+$/, "");
    super(`${[command, ...args].join(" ")} failed${exitCode === undefined ? "" : ` (exit ${exitCode})`}${detail ? `: ${detail}` : ""}`);
    this.name = "CommandError";
    this.command = command;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** Which Debian package brings each tool, for the error when one is missing. */
const packages: Record<string, string> = {
  "mkfs.ext4": "e2fsprogs",
  resize2fs: "e2fsprogs",
  e2fsck: "e2fsprogs",
  dumpe2fs: "e2fsprogs",
  losetup: "mount",
  blockdev: "util-linux",
  mount: "mount",
  umount: "mount",
};

export const runCommand: CommandRunner = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, [...args], { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        const pkg = packages[command];
        return reject(new CommandError(command, args, undefined, "", `command not found${pkg ? ` (install the Debian package ${pkg})` : ""}`));
      }
      reject(new CommandError(command, args, typeof code === "number" ? code : (error as { code?: number }).code, stderr, error.message));
    });
  });
