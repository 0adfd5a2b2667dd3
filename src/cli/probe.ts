// Is an ordinal running in this home, and is it ready? Used by up --detach, down and status.
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { pidFile } from "./home.ts";

export function runningPid(home: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile(home), "utf8").trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  return isZombie(pid) ? undefined : pid;
}

/** A killed process nobody has reaped yet still answers kill(pid, 0); it is not running. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}

interface KubeconfigCredentials {
  server: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

/** Loads the YAML library only here: the server process itself never needs it. */
export async function readKubeconfig(path: string): Promise<KubeconfigCredentials> {
  const { parse: parseYaml } = await import("yaml");
  const doc = parseYaml(readFileSync(path, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { "client-certificate-data": string; "client-key-data": string } }[];
  };
  const b64 = (s: string) => Buffer.from(s, "base64");
  return {
    server: doc.clusters[0].cluster.server,
    ca: b64(doc.clusters[0].cluster["certificate-authority-data"]),
    cert: b64(doc.users[0].user["client-certificate-data"]),
    key: b64(doc.users[0].user["client-key-data"]),
  };
}

/** GET /readyz with the admin credentials; true on 200. */
export async function probeReady(home: string, timeoutMs = 1000): Promise<boolean> {
  let creds: KubeconfigCredentials;
  try {
    creds = await readKubeconfig(join(home, "kubeconfig"));
  } catch {
    return false;
  }
  return new Promise((resolve) => {
    const req = request(new URL("/readyz", creds.server), { ca: creds.ca, cert: creds.cert, key: creds.key, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}
