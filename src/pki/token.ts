// A bearer token for clients without a certificate, kept in `<dir>/token` (mode 0600) so it
// survives restarts.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

export async function ensureToken(dir: string): Promise<string> {
  const path = join(dir, "token");
  const existing = await readFile(path, "utf8").then(
    (text) => text.trim(),
    (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return "";
      throw err;
    },
  );
  if (existing) return existing;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString("base64url");
  // A fresh file renamed into place: writing over an existing (empty) file would keep its old mode.
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${token}\n`, { mode: 0o600 });
  await rename(tmp, path);
  return token;
}
