// What a runc-runtime server's pods left on the machine, for the e2e leak checks.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * Everything of the pods `uids` or under `home` still on the machine: network namespaces, veths,
 * mounts, pod cgroups, runc containers and processes (conmon names the home on its command line,
 * socat works in a bundle under it, a container's processes sit in its pod's cgroup). `exceptPid`
 * is a server still meant to run.
 */
export function runcLeftovers(home: string, uids: ReadonlySet<string>, exceptPid?: number): string[] {
  const out: string[] = [];
  const shorts = new Set([...uids].map((u) => u.slice(0, 8)));
  const netns = execFileSync("ip", ["netns", "list"], { encoding: "utf8" }).split("\n").map((l) => l.split(" ")[0]);
  for (const n of netns) if (shorts.has(n.slice(-8)) && n.at(-9) === "-") out.push(`netns ${n}`);
  for (const link of readdirSync("/sys/class/net")) if (link.startsWith("veth") && shorts.has(link.slice(4))) out.push(`veth ${link}`);
  for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
    const point = line.split(" ")[4];
    if (point?.startsWith(`${home}/`)) out.push(`mount ${point}`);
  }
  // The harness gives each server its own cgroup parent, one level below each hierarchy's root.
  for (const hierarchy of readdirSync("/sys/fs/cgroup")) {
    const top = `/sys/fs/cgroup/${hierarchy}`;
    let parents: string[] = [];
    try {
      parents = readdirSync(top, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch {
      continue;
    }
    for (const parent of parents) for (const uid of uids) if (existsSync(`${top}/${parent}/pod${uid}`)) out.push(`cgroup ${hierarchy}/${parent}/pod${uid}`);
  }
  // runc would create a missing root.
  const root = join(home, "node/runc");
  if (existsSync(root)) for (const id of runcList(root)) out.push(`runc container ${id}`);
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p) && Number(p) !== exceptPid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z") continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const cgroups = readFileSync(`/proc/${pid}/cgroup`, "utf8");
      const ours =
        cmdline.some((a) => a.includes(home)) || readlinkSync(`/proc/${pid}/cwd`).startsWith(`${home}/`) || [...uids].some((u) => cgroups.includes(`/pod${u}`));
      if (ours) out.push(`process ${pid} ${cmdline.join(" ").trim()}`);
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** `runc list` fails when a container's state directory goes while it reads them: then it is asked again. */
function runcList(root: string): string[] {
  for (let attempt = 1; ; attempt++) {
    try {
      return execFileSync("runc", ["--root", root, "list", "-q"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).split("\n").filter(Boolean);
    } catch (e) {
      if (attempt === 5) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}
