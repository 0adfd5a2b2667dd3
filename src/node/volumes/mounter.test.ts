import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, realpath, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HostMounter, mountPointsBelow, parseMountPoints } from "./mounter.ts";
import { PodVolumeManager } from "./pod-volumes.ts";
import { ObjectVolumeSources } from "./volume-sources.ts";

const mountinfo = [
  "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
  "40 22 0:39 / /var/lib/ordinal/pods/u1/volumes/kubernetes.io~empty-dir/a\\040b rw - tmpfs tmpfs rw,size=1024k",
  "41 22 0:40 / /var/lib/ordinal/pods/u1/volumes/kubernetes.io~secret/s rw - tmpfs tmpfs rw",
  "42 41 0:41 / /var/lib/ordinal/pods/u1/volumes/kubernetes.io~secret/s/inner rw - tmpfs tmpfs rw",
  "43 22 0:42 / /var/lib/ordinal/pods/u10 rw - tmpfs tmpfs rw",
  "",
].join("\n");

test("parseMountPoints() reads field 5 and unescapes octal", () => {
  assert.deepEqual(parseMountPoints(mountinfo), [
    "/",
    "/var/lib/ordinal/pods/u1/volumes/kubernetes.io~empty-dir/a b",
    "/var/lib/ordinal/pods/u1/volumes/kubernetes.io~secret/s",
    "/var/lib/ordinal/pods/u1/volumes/kubernetes.io~secret/s/inner",
    "/var/lib/ordinal/pods/u10",
  ]);
});

test("mountPointsBelow() lists a directory's mounts deepest first, not its siblings'", () => {
  assert.deepEqual(mountPointsBelow(parseMountPoints(mountinfo), "/var/lib/ordinal/pods/u1"), [
    "/var/lib/ordinal/pods/u1/volumes/kubernetes.io~secret/s/inner",
    "/var/lib/ordinal/pods/u1/volumes/kubernetes.io~empty-dir/a b",
    "/var/lib/ordinal/pods/u1/volumes/kubernetes.io~secret/s",
  ]);
});

// Mounts real tmpfs (the node agent runs as root); whatever happens, nothing stays mounted.
test("PodVolumeManager with HostMounter puts memory volumes on real tmpfs and takes them down", async () => {
  const root = await mkdtemp(join(tmpdir(), "ordinal-tmpfs-"));
  const mounter = new HostMounter();
  try {
    const sources = new ObjectVolumeSources([{ kind: "Secret", metadata: { namespace: "ns", name: "creds" }, data: { password: Buffer.from("hunter2").toString("base64") } }]);
    const manager = new PodVolumeManager({ podsDir: join(root, "pods"), sources, mounter, allocatable: () => ({ memory: "1Gi" }) });
    const pod = {
      metadata: { namespace: "ns", name: "web-0", uid: "u1" },
      spec: {
        volumes: [{ name: "cache", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } }, { name: "creds", secret: { secretName: "creds" } }],
        containers: [{ name: "app", volumeMounts: [{ name: "cache", mountPath: "/cache" }, { name: "creds", mountPath: "/creds" }] }],
      },
    };
    assert.equal((await manager.setUp(pod)).ready, true);
    const cache = join(manager.podDir("u1"), "volumes/kubernetes.io~empty-dir/cache");
    const creds = join(manager.podDir("u1"), "volumes/kubernetes.io~secret/creds");
    assert.deepEqual((await mounter.mountPointsUnder(manager.podDir("u1"))).sort(), [cache, creds]);
    const real = await realpath(cache);
    const line = (await readFile("/proc/self/mountinfo", "utf8")).split("\n").find((l) => l.split(" ")[4] === real);
    assert.match(line ?? "", / - tmpfs tmpfs rw,.*size=1024k/);
    await writeFile(join(cache, "x"), "y");
    assert.equal(await readFile(join(creds, "password"), "utf8"), "hunter2");
    assert.equal((await manager.setUp(pod)).ready, true);
    assert.equal((await mounter.mountPointsUnder(manager.podDir("u1"))).length, 2);

    await manager.tearDown("u1");
    assert.deepEqual(await mounter.mountPointsUnder(root), []);
    await assert.rejects(stat(manager.podDir("u1")), { code: "ENOENT" });
  } finally {
    for (const m of await mounter.mountPointsUnder(root)) await mounter.unmount(m);
    await rm(root, { recursive: true, force: true });
  }
});
