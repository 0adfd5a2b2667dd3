// The built-in provisioners end to end on `--runtime sim`, with the newest kubectl and the host's
// view of $ORDINAL_HOME/volumes (the sim runtime runs no processes, so the tests write into the
// volumes from the host, as root):
// - reclaiming: a claim in use stays Terminating until its pod is gone; then, with Delete, its PV and
//   directory go; with Retain the PV is Released and the directory and its data stay, even after the
//   PV is deleted;
// - ordinal.dev/sized: a loop-mounted ext4 of the claim's size refuses a larger write with ENOSPC,
//   and after a larger request (FileSystemResizePending while a pod uses it, when the kernel refuses
//   an online resize) grows once no pod uses it, keeping its data;
// - kill -9 while claims are provisioned and deleted (twice, each as the first new PV appears):
//   once settled, every claim is Bound to the one PV pvc-<its uid>, and the PVs, directories, images,
//   mounts and loop devices are exactly those of the claims there are; acknowledged deletions stay;
// - `ordinal down` leaves nothing mounted and no loop device attached (`after` unmounts and detaches
//   what it left, so that the harness can remove the home).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { WatchEvent } from "./raw-client.ts";
import { eventually, findKubectls, FIXTURES, OrdinalServer, type Kubectl, type RawClient } from "./harness.ts";

const RECLAIM_YAML = join(FIXTURES, "storage/reclaim.yaml");
const SIZED_YAML = join(FIXTURES, "storage/sized.yaml");
const ORDINAL = resolve(import.meta.dirname, "../../bin/ordinal");
const WAIT_MS = 20_000;
const MiB = 1024 * 1024;

/** Mount points under `dir` and the loop devices whose backing file is under it. */
function heldUnder(dir: string): { mounts: string[]; loops: string[] } {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
  const mounts = readFileSync("/proc/self/mountinfo", "utf8").split("\n").map((l) => unescape(l.split(" ")[4] ?? "")).filter((m) => m.startsWith(`${dir}/`));
  const table = execFileSync("losetup", ["--noheadings", "--raw", "--output", "NAME,BACK-FILE"], { encoding: "utf8" });
  const loops = table.split("\n").filter((l) => l.includes(` ${dir}/`)).map((l) => l.split(" ")[0]);
  return { mounts: mounts.sort(), loops: loops.sort() };
}

/** Unmounts and detaches what `heldUnder(dir)` finds; returns what it found. */
function release(dir: string): { mounts: string[]; loops: string[] } {
  const held = heldUnder(dir);
  for (const m of [...held.mounts].sort((a, b) => b.length - a.length)) execFileSync("umount", [m]);
  for (const l of held.loops) execFileSync("losetup", ["--detach", l]);
  return held;
}

const ordinalDown = (home: string) => execFileSync(ORDINAL, ["down"], { env: { ...process.env, ORDINAL_HOME: home }, stdio: "ignore", timeout: 60_000 });

/** `ordinal down`, then unmounts what it left, so that the harness can remove the home. */
function downAndRelease(server: OrdinalServer | undefined): void {
  if (!server) return;
  if (server.pid()) ordinalDown(server.home);
  release(server.home);
}

const writeZeros = (path: string, bytes: number) => writeFileSync(path, Buffer.alloc(bytes));

describe("provisioned volumes on the sim runtime", () => {
  let server: OrdinalServer;
  let api: RawClient;
  let k: Kubectl;
  before(async () => {
    server = await OrdinalServer.start({ runtime: "sim" });
    api = server.client();
    k = server.kubectl(findKubectls().at(-1)!);
  });
  after(async () => {
    try {
      downAndRelease(server);
    } finally {
      await server?.stop();
    }
  });

  const get = async (path: string) => {
    const r = await api.get(path);
    assert.equal(r.status, 200, r.text);
    return r.json();
  };
  const claim = (name: string) => get(`/api/v1/namespaces/default/persistentvolumeclaims/${name}`);
  const volumeDir = (pv: string) => join(server.home, "volumes", pv);
  const gone = (path: string) => eventually(`${path} gone`, async () => ((await api.get(path)).status === 404 ? true : undefined), WAIT_MS);
  const running = (pod: string) =>
    eventually(`${pod} Running`, async () => ((await api.get(`/api/v1/namespaces/default/pods/${pod}`)).json().status?.phase === "Running" ? true : undefined), WAIT_MS);

  it("a claim in use is Terminating until its pod is gone; then its Delete PV and directory go", async () => {
    const list = await get("/api/v1/namespaces/default/pods");
    const pods = await api.watch(`/api/v1/namespaces/default/pods?watch=true&resourceVersion=${list.metadata.resourceVersion}`);
    const claims = await api.watch(`/api/v1/namespaces/default/persistentvolumeclaims?watch=true&resourceVersion=${list.metadata.resourceVersion}`);
    try {
      assert.equal(
        await k.ok(["apply", "-f", RECLAIM_YAML]),
        "storageclass.storage.k8s.io/kept created\npersistentvolumeclaim/scratch created\npersistentvolumeclaim/keep created\npod/scratch-user created\npod/keep-user created\n",
      );
      await running("scratch-user");
      await running("keep-user");
      const scratch = await claim("scratch");
      const pv = `pvc-${scratch.metadata.uid}`;
      assert.equal(scratch.spec.volumeName, pv);
      writeZeros(join(volumeDir(pv), "data"), 1024);

      assert.equal(await k.ok(["delete", "pvc", "scratch", "--wait=false"]), 'persistentvolumeclaim "scratch" deleted\n');
      const deleting = await claims.until((e) => e.type === "MODIFIED" && e.object.metadata.name === "scratch" && e.object.metadata.deletionTimestamp !== undefined, WAIT_MS);
      assert.deepEqual(deleting.object.metadata.finalizers, ["kubernetes.io/pvc-protection"]);
      const row = (await k.ok(["get", "pvc", "scratch", "--no-headers"])).split(/\s+/).slice(0, 6);
      assert.deepEqual(row, ["scratch", "Terminating", pv, "1Gi", "RWO", "standard"]);
      assert.equal((await get(`/api/v1/persistentvolumes/${pv}`)).status.phase, "Bound");

      assert.equal(await k.ok(["delete", "pod", "scratch-user"]), 'pod "scratch-user" deleted\n');
      const podGone = await pods.until((e: WatchEvent) => e.type === "DELETED" && e.object.metadata.name === "scratch-user", WAIT_MS);
      const claimGone = await claims.until((e: WatchEvent) => e.type === "DELETED" && e.object.metadata.name === "scratch", WAIT_MS);
      assert.ok(Number(claimGone.object.metadata.resourceVersion) > Number(podGone.object.metadata.resourceVersion), "the claim was removed before its pod");
      await gone(`/api/v1/persistentvolumes/${pv}`);
      await eventually(`${volumeDir(pv)} removed`, async () => (existsSync(volumeDir(pv)) ? undefined : true), WAIT_MS);
    } finally {
      pods.close();
      claims.close();
    }
  });

  it("WaitForFirstConsumer provisions on the pod's node; deleting the Retain claim leaves the PV Released and the data", async () => {
    const keep = await claim("keep");
    const node = (await get("/api/v1/nodes")).items[0].metadata.name;
    assert.equal(keep.metadata.annotations["volume.kubernetes.io/selected-node"], node);
    const pv = `pvc-${keep.metadata.uid}`;
    writeFileSync(join(volumeDir(pv), "data"), "kept\n");
    await k.ok(["delete", "pod", "keep-user"]);
    assert.equal(await k.ok(["delete", "pvc", "keep"]), 'persistentvolumeclaim "keep" deleted\n');
    await eventually(`${pv} Released`, async () => ((await get(`/api/v1/persistentvolumes/${pv}`)).status.phase === "Released" ? true : undefined), WAIT_MS);
    const row = (await k.ok(["get", "pv", pv, "--no-headers"])).split(/\s+/).slice(0, 7);
    assert.deepEqual(row, [pv, "2Gi", "RWO", "Retain", "Released", "default/keep", "kept"]);
    assert.equal(readFileSync(join(volumeDir(pv), "data"), "utf8"), "kept\n");
    assert.equal(await k.ok(["delete", "pv", pv]), `persistentvolume "${pv}" deleted\n`);
    assert.equal(readFileSync(join(volumeDir(pv), "data"), "utf8"), "kept\n", "Retain must keep the data after the PV is deleted");
  });

  it("ordinal.dev/sized: a write beyond the claim's 8Mi fails with ENOSPC", async () => {
    assert.equal(await k.ok(["apply", "-f", SIZED_YAML]), "storageclass.storage.k8s.io/sized created\nstatefulset.apps/box created\n");
    await running("box-0");
    const c = await claim("data-box-0");
    const pv = `pvc-${c.metadata.uid}`;
    assert.deepEqual([c.status.phase, c.spec.volumeName, c.status.capacity], ["Bound", pv, { storage: "8Mi" }]);
    assert.deepEqual(heldUnder(server.home).mounts, [volumeDir(pv)]);
    assert.equal(heldUnder(server.home).loops.length, 1);
    writeZeros(join(volumeDir(pv), "kept"), 4 * MiB);
    assert.throws(() => writeZeros(join(volumeDir(pv), "big"), 12 * MiB), { code: "ENOSPC" });
    rmSync(join(volumeDir(pv), "big"));
  });

  it("ordinal.dev/sized: a larger request grows the filesystem once no pod uses it, keeping the data", async () => {
    const pv = (await claim("data-box-0")).spec.volumeName;
    const patch = JSON.stringify({ spec: { resources: { requests: { storage: "32Mi" } } } });
    assert.equal(await k.ok(["patch", "pvc", "data-box-0", "-p", patch]), "persistentvolumeclaim/data-box-0 patched\n");
    const resized = await eventually("the PV at 32Mi and the claim grown or FileSystemResizePending", async () => {
      const [c, v] = [await claim("data-box-0"), await get(`/api/v1/persistentvolumes/${pv}`)];
      const pending = (c.status.conditions ?? []).find((x: any) => x.type === "FileSystemResizePending");
      return v.spec.capacity.storage === "32Mi" && (pending || c.status.capacity.storage === "32Mi") ? { c, pending } : undefined;
    }, WAIT_MS);
    // Without CAP_SYS_RESOURCE the kernel refuses an online resize: the claim waits for the pod to go.
    if (resized.pending) {
      assert.equal(resized.pending.message, "Waiting for user to (re-)start a pod to finish file system resize of volume on node.");
      assert.deepEqual([resized.c.status.capacity, resized.c.status.allocatedResources], [{ storage: "8Mi" }, { storage: "32Mi" }]);
      assert.throws(() => writeZeros(join(volumeDir(pv), "big"), 12 * MiB), { code: "ENOSPC" });
      rmSync(join(volumeDir(pv), "big"));
      await k.ok(["scale", "statefulset", "box", "--replicas=0"]);
      await gone("/api/v1/namespaces/default/pods/box-0");
    }
    await eventually("the claim at 32Mi without conditions", async () => {
      const c = await claim("data-box-0");
      return c.status.capacity.storage === "32Mi" && (c.status.conditions ?? []).length === 0 ? true : undefined;
    }, WAIT_MS);
    writeZeros(join(volumeDir(pv), "big"), 20 * MiB);
    assert.equal(readFileSync(join(volumeDir(pv), "kept")).length, 4 * MiB);
    const row = (await k.ok(["get", "pvc", "data-box-0", "--no-headers"])).split(/\s+/).slice(0, 6);
    assert.deepEqual(row, ["data-box-0", "Bound", pv, "32Mi", "RWO", "sized"]);
    const reasons = (await get("/api/v1/namespaces/default/events")).items.filter((e: any) => e.involvedObject.name === "data-box-0").map((e: any) => e.reason);
    assert.ok(reasons.includes("FileSystemResizeSuccessful"), `events of data-box-0: ${reasons.join(", ")}`);
    await k.ok(["scale", "statefulset", "box", "--replicas=1"]);
    await running("box-0");
    assert.deepEqual(heldUnder(server.home).mounts, [volumeDir(pv)]);
  });

  it("ordinal down unmounts the sized volumes and detaches their loop devices", () => {
    ordinalDown(server.home);
    const left = release(server.home);
    assert.deepEqual(left, { mounts: [], loops: [] }, "left mounted or attached after `ordinal down`");
  });
});

describe("kill -9 while volumes are provisioned and deleted", () => {
  let server: OrdinalServer;
  let api: RawClient;
  before(async () => {
    server = await OrdinalServer.start({ runtime: "sim" });
    api = server.client();
    assert.equal(await server.kubectl(findKubectls().at(-1)!).ok(["apply", "-f", SIZED_YAML]), "storageclass.storage.k8s.io/sized created\nstatefulset.apps/box created\n");
  });
  after(async () => {
    try {
      downAndRelease(server);
    } finally {
      await server?.stop();
    }
  });

  const claimBody = (name: string, storageClassName: string) => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name },
    spec: { storageClassName, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "8Mi" } } },
  });
  const claimsPath = "/api/v1/namespaces/default/persistentvolumeclaims";
  /** Sends the requests and kills the server as soon as a new PV appears; answers the statuses (0: no answer). */
  const killDuringProvisioning = async (requests: (() => Promise<{ status: number }>)[]): Promise<number[]> => {
    const list = (await api.get("/api/v1/persistentvolumes")).json();
    const watch = await api.watch(`/api/v1/persistentvolumes?watch=true&resourceVersion=${list.metadata.resourceVersion}`);
    const sent = requests.map(async (send) => (await send().catch(() => ({ status: 0 }))).status);
    try {
      await watch.until((e) => e.type === "ADDED", WAIT_MS);
    } finally {
      watch.close();
    }
    await server.kill9();
    const statuses = await Promise.all(sent);
    await server.up();
    return statuses;
  };

  it("every claim ends Bound to its one PV pvc-<uid> with one directory (one mount if sized), and nothing else is left", async () => {
    const round1 = Array.from({ length: 24 }, (_, i) => claimBody(`c-${i}`, i % 4 === 0 ? "sized" : "standard"));
    await killDuringProvisioning(round1.map((c) => () => api.request("POST", claimsPath, { body: c })));

    const round2 = Array.from({ length: 8 }, (_, i) => claimBody(`d-${i}`, i % 4 === 0 ? "sized" : "standard"));
    const deleted = ["c-0", "c-1", "c-2", "c-3", "c-4", "c-5"];
    const statuses = await killDuringProvisioning([
      ...deleted.map((name) => () => api.request("DELETE", `${claimsPath}/${name}`)),
      ...round2.map((c) => () => api.request("POST", claimsPath, { body: c })),
    ]);
    const acknowledged = deleted.filter((_, i) => statuses[i] === 200);

    // Settled: every claim Bound and none terminating; PVs, directories, images, mounts and loop
    // devices exactly those of the claims there are.
    const volumes = join(server.home, "volumes");
    const snapshot = async () => {
      const claims = (await api.get(claimsPath)).json().items;
      const pvs = (await api.get("/api/v1/persistentvolumes")).json().items;
      const held = heldUnder(server.home);
      const names = claims.map((c: any) => `pvc-${c.metadata.uid}`);
      const sized = claims.filter((c: any) => c.spec.storageClassName === "sized").map((c: any) => `pvc-${c.metadata.uid}`);
      const actual = {
        claims: claims.map((c: any) => [c.metadata.name, c.status.phase, c.metadata.deletionTimestamp !== undefined]).sort(),
        pvs: pvs.map((v: any) => [v.metadata.name, v.spec.claimRef?.uid, v.status.phase]).sort(),
        entries: readdirSync(volumes).sort(),
        mounts: held.mounts,
        loops: held.loops.length,
      };
      const want = {
        claims: claims.map((c: any) => [c.metadata.name, "Bound", false]).sort(),
        pvs: names.map((n: string) => [n, n.slice("pvc-".length), "Bound"]).sort(),
        entries: [...names, ...sized.map((n: string) => `${n}.img`)].sort(),
        mounts: sized.map((n: string) => join(volumes, n)).sort(),
        loops: sized.length,
      };
      return { claims, actual, want };
    };
    const settled = await eventually("every claim Bound to its own PV and nothing else left", async () => {
      const s = await snapshot();
      return JSON.stringify(s.actual) === JSON.stringify(s.want) ? s : undefined;
    }, 30_000).catch(async () => snapshot());
    assert.deepEqual(settled.actual, settled.want);
    const names: string[] = settled.claims.map((c: any) => c.metadata.name);
    assert.deepEqual(names.filter((n) => acknowledged.includes(n)), [], "a claim whose deletion was acknowledged is still there");
    for (const c of settled.claims) assert.equal(c.spec.volumeName, `pvc-${c.metadata.uid}`);
  });
});
