// Absolute paths of the host programs the runtime runs: conmon checks that its --runtime is an
// executable path, and a path found once spares a PATH search per container.
import { accessSync, constants } from "node:fs";
import { join } from "node:path";

const EXTRA = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** `name` itself when it has a slash, else its first executable on PATH (and the usual system dirs). */
export function findBinary(name: string): string {
  if (name.includes("/")) return name;
  const dirs = [...(process.env.PATH ?? "").split(":").filter((d) => d !== ""), ...EXTRA];
  for (const dir of dirs) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  throw new Error(`${name} is not installed (Debian package ${name})`);
}
