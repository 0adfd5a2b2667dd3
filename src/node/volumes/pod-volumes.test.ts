import { test } from "node:test";
import assert from "node:assert/strict";
import { lstat, mkdir, readdir, readFile, readlink, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KubeObject } from "../../api/meta.ts";
import { b64, claim, configMap, firstContainer, persistentVolume, podWith, withVolumes } from "./_volume-fixtures.ts";

const mount = (name: string, mountPath: string, extra = {}) => ({ name, mountPath, ...extra });
const app = (...volumeMounts: object[]) => ({ name: "app", image: "nginx", volumeMounts });
const dirOf = (podsDir: string, plugin: string, name: string) => join(podsDir, "pod-uid-1", "volumes", `kubernetes.io~${plugin}`, name);

test("setUp() makes an emptyDir 0777 on disk and a memory one on a sized tmpfs", async () => {
  await withVolumes(async ({ podsDir, mounter, manager }) => {
    const pod = podWith(
      [{ name: "scratch", emptyDir: {} }, { name: "cache", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } }, { name: "shm", emptyDir: { medium: "Memory" } }],
      [{ ...app(mount("scratch", "/scratch"), mount("cache", "/cache"), mount("shm", "/dev/shm")), resources: { limits: { memory: "128Mi" } } }],
    );
    assert.deepEqual(await manager.setUp(pod), { ready: true, unmounted: [], failures: [] });
    assert.equal((await stat(dirOf(podsDir, "empty-dir", "scratch"))).mode & 0o7777, 0o777);
    assert.deepEqual(Object.fromEntries(mounter.mounted), {
      [dirOf(podsDir, "empty-dir", "cache")]: [`size=${64 * 1024 * 1024}`],
      [dirOf(podsDir, "empty-dir", "shm")]: [`size=${128 * 1024 * 1024}`],
    });
    // Idempotent: nothing is mounted twice.
    await manager.setUp(pod);
    assert.equal(mounter.calls.filter((c) => c.startsWith("mount")).length, 2);
  });
});

test("setUp() ignores volumes no container mounts", async () => {
  await withVolumes(async ({ podsDir, manager }) => {
    const result = await manager.setUp(podWith([{ name: "unused", configMap: { name: "missing" } }, { name: "data", emptyDir: {} }], [app(mount("data", "/data"))]));
    assert.equal(result.ready, true);
    assert.deepEqual(await readdir(join(podsDir, "pod-uid-1", "volumes")), ["kubernetes.io~empty-dir"]);
  });
});

test("setUp() writes a configMap volume atomically and follows later changes", async () => {
  await withVolumes(
    async ({ podsDir, sources, manager }) => {
      const pod = podWith([{ name: "cfg", configMap: { name: "app", defaultMode: 0o640, items: [{ key: "app.conf", path: "conf/app.conf" }] } }], [app(mount("cfg", "/etc/app"))]);
      assert.equal((await manager.setUp(pod)).ready, true);
      const dir = dirOf(podsDir, "configmap", "cfg");
      const first = await readlink(join(dir, "..data"));
      assert.equal(await readlink(join(dir, "conf")), "..data/conf");
      assert.equal(await readFile(join(dir, "conf/app.conf"), "utf8"), "v1");
      assert.equal((await stat(join(dir, "conf/app.conf"))).mode & 0o777, 0o640);

      sources.put(configMap("app", { "app.conf": "v2" }));
      await manager.setUp(pod);
      assert.notEqual(await readlink(join(dir, "..data")), first);
      assert.equal(await readFile(join(dir, "conf/app.conf"), "utf8"), "v2");
    },
    [configMap("app", { "app.conf": "v1", unused: "x" })],
  );
});

test("setUp() keeps serving a volume whose source went away, and reports it", async () => {
  await withVolumes(
    async ({ podsDir, sources, manager }) => {
      const pod = podWith([{ name: "cfg", configMap: { name: "app" } }], [app(mount("cfg", "/etc/app"))]);
      await manager.setUp(pod);
      sources.remove("ConfigMap", "ns", "app");
      assert.deepEqual(await manager.setUp(pod), { ready: true, unmounted: [], failures: ['MountVolume.SetUp failed for volume "cfg" : configmap "app" not found'] });
      assert.equal(await readFile(join(dirOf(podsDir, "configmap", "cfg"), "k"), "utf8"), "v");
    },
    [configMap("app", { k: "v" })],
  );
});

test("setUp() puts secrets, downward API and projected volumes on tmpfs", async () => {
  await withVolumes(
    async ({ podsDir, mounter, manager }) => {
      const pod = podWith(
        [
          { name: "creds", secret: { secretName: "creds", defaultMode: 0o400 } },
          { name: "info", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] } },
          { name: "all", projected: { sources: [{ configMap: { name: "app" } }, { secret: { name: "creds", items: [{ key: "password", path: "pw" }] } }] } },
        ],
        [app(mount("creds", "/creds"), mount("info", "/info"), mount("all", "/all"))],
      );
      assert.equal((await manager.setUp(pod)).ready, true);
      assert.deepEqual([...mounter.mounted.keys()].sort(), [dirOf(podsDir, "downward-api", "info"), dirOf(podsDir, "projected", "all"), dirOf(podsDir, "secret", "creds")]);
      assert.equal(await readFile(join(dirOf(podsDir, "secret", "creds"), "password"), "utf8"), "hunter2");
      assert.equal((await stat(join(dirOf(podsDir, "secret", "creds"), "password"))).mode & 0o777, 0o400);
      assert.equal(await readFile(join(dirOf(podsDir, "downward-api", "info"), "labels"), "utf8"), 'app="web"');
      assert.deepEqual((await readdir(dirOf(podsDir, "projected", "all"))).filter((n) => !n.startsWith("..")).sort(), ["k", "pw"]);
    },
    [configMap("app", { k: "v" }), { kind: "Secret", metadata: { namespace: "ns", name: "creds" }, data: { password: b64("hunter2") } }],
  );
});

test("setUp() refreshes downward API files when the pod's labels change", async () => {
  await withVolumes(async ({ podsDir, manager }) => {
    const pod = podWith([{ name: "info", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] } }], [app(mount("info", "/info"))]);
    await manager.setUp(pod);
    await manager.setUp({ ...pod, metadata: { ...pod.metadata, labels: { app: "web", version: "2" } } });
    assert.equal(await readFile(join(dirOf(podsDir, "downward-api", "info"), "labels"), "utf8"), 'app="web"\nversion="2"');
  });
});

test("setUp() makes mount points for volumes nested inside a read-only volume", async () => {
  await withVolumes(
    async ({ podsDir, manager }) => {
      await manager.setUp(podWith([{ name: "cfg", configMap: { name: "app" } }, { name: "data", emptyDir: {} }], [app(mount("cfg", "/etc/app"), mount("data", "/etc/app/data/inner"))]));
      assert.equal((await lstat(join(dirOf(podsDir, "configmap", "cfg"), "data/inner"))).isDirectory(), true);
    },
    [configMap("app", { k: "v" })],
  );
});

test("setUp() reports a missing required configMap and mounts an optional one empty", async () => {
  await withVolumes(async ({ manager }) => {
    const pod = podWith([{ name: "cfg", configMap: { name: "nope" } }, { name: "opt", configMap: { name: "nope", optional: true } }], [app(mount("cfg", "/a"), mount("opt", "/b"))]);
    assert.deepEqual(await manager.setUp(pod), { ready: false, unmounted: ["cfg"], failures: ['MountVolume.SetUp failed for volume "cfg" : configmap "nope" not found'] });
  });
});

test("setUp() checks hostPath types", async () => {
  await withVolumes(async ({ root, manager }) => {
    const file = join(root, "file");
    await writeFile(file, "");
    const pod = podWith([{ name: "host", hostPath: { path: file, type: "Directory" } }, { name: "made", hostPath: { path: join(root, "made"), type: "DirectoryOrCreate" } }], [app(mount("host", "/h"), mount("made", "/m"))]);
    assert.deepEqual(await manager.setUp(pod), {
      ready: false,
      unmounted: ["host"],
      failures: [`MountVolume.SetUp failed for volume "host" : hostPath type check failed: ${file} is not a directory`],
    });
    assert.equal((await stat(join(root, "made"))).isDirectory(), true);
  });
});

test("setUp() keeps a pod waiting on a Pending claim, then binds the PV's directory", async () => {
  await withVolumes(
    async ({ root, sources, manager }) => {
      const pod = podWith([{ name: "www", persistentVolumeClaim: { claimName: "www-web-0" } }, { name: "tmp", emptyDir: {} }], [app(mount("www", "/usr/share/nginx/html"), mount("tmp", "/tmp"))]);
      assert.deepEqual(await manager.setUp(pod), {
        ready: false,
        unmounted: ["www"],
        failures: ["Unable to attach or mount volumes: unmounted volumes=[www], unattached volumes=[], failed to process volumes=[www]: error processing PVC ns/www-web-0: PVC is not bound"],
      });
      const path = join(root, "pv-1");
      await mkdir(path);
      sources.put(claim("www-web-0", "Bound", "pv-1", "claim-uid"));
      sources.put(persistentVolume("pv-1", { hostPath: { path, type: "Directory" } }, "claim-uid"));
      assert.deepEqual(await manager.setUp(pod), { ready: true, unmounted: [], failures: [] });
      const { mounts } = await manager.mountsFor(pod, firstContainer(pod), { env: [] });
      assert.deepEqual(mounts[1], { destination: "/usr/share/nginx/html", type: "bind", source: path, options: ["rbind", "rprivate", "rw"] });
    },
    [claim("www-web-0", "Pending")],
  );
});

const claimCases: Array<[string, () => KubeObject[], string]> = [
  ["a missing claim", () => [], 'error processing PVC ns/www: failed to fetch PVC from API server: persistentvolumeclaims "www" not found'],
  ["a claim being deleted", () => [{ ...claim("www", "Bound", "pv-1"), metadata: { namespace: "ns", name: "www", deletionTimestamp: "2024-01-01T00:00:00Z" } }], "error processing PVC ns/www: PVC is being deleted"],
  ["a bound claim without a volume name", () => [claim("www", "Bound")], "error processing PVC ns/www: PVC has empty pvc.Spec.VolumeName"],
  ["a missing PV", () => [claim("www", "Bound", "pv-1")], 'error processing PVC ns/www: failed to fetch PV pv-1 from API server: persistentvolumes "pv-1" not found'],
  [
    "a PV bound to another claim",
    () => [claim("www", "Bound", "pv-1", "mine"), persistentVolume("pv-1", { hostPath: { path: "/tmp" } }, "theirs")],
    "error processing PVC ns/www: found PV object pv-1 but its pv.Spec.ClaimRef.UID theirs does not point to claim.UID mine",
  ],
  ["a block PV", () => [claim("www", "Bound", "pv-1", "c"), persistentVolume("pv-1", { local: { path: "/tmp" } }, "c", { volumeMode: "Block" })], "volume www has volumeMode Block, but is specified in volumeMounts"],
];

for (const [name, objects, message] of claimCases) {
  test(`setUp() keeps waiting on ${name}`, async () => {
    await withVolumes(
      async ({ manager }) => {
        const result = await manager.setUp(podWith([{ name: "www", persistentVolumeClaim: { claimName: "www" } }], [app(mount("www", "/www"))]));
        assert.deepEqual(result, { ready: false, unmounted: ["www"], failures: [`Unable to attach or mount volumes: unmounted volumes=[www], unattached volumes=[], failed to process volumes=[www]: ${message}`] });
      },
      objects(),
    );
  });
}

test("setUp() reports a local PV whose path is missing as the kubelet's NewMounter failure", async () => {
  await withVolumes(
    async ({ manager }) => {
      const result = await manager.setUp(podWith([{ name: "www", persistentVolumeClaim: { claimName: "www" } }], [app(mount("www", "/www"))]));
      assert.deepEqual(result.failures, ['MountVolume.NewMounter initialization failed for volume "pv-9" : path "/nonexistent/ordinal-pv" does not exist']);
    },
    [claim("www", "Bound", "pv-9", "c"), persistentVolume("pv-9", { local: { path: "/nonexistent/ordinal-pv" } }, "c")],
  );
});

test("setUp() resolves an ephemeral volume's claim only when the pod owns it", async () => {
  const owned = { ...claim("web-0-scratch", "Bound", "pv-e", "c"), metadata: { namespace: "ns", name: "web-0-scratch", uid: "c", ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "web-0", uid: "pod-uid-1", controller: true }] } };
  await withVolumes(
    async ({ sources, manager }) => {
      const pod = podWith([{ name: "scratch", ephemeral: { volumeClaimTemplate: { spec: {} } } }], [app(mount("scratch", "/s"))]);
      assert.equal((await manager.setUp(pod)).ready, true);
      sources.put({ ...owned, metadata: { ...owned.metadata, ownerReferences: [] } });
      const other = await manager.setUp({ ...pod, metadata: { ...pod.metadata, uid: "pod-uid-2" } });
      assert.match(other.failures[0], /failed to process volumes=\[scratch\]: PVC ns\/web-0-scratch was not created for pod ns\/web-0 \(pod is not owner\)$/);
    },
    [owned, persistentVolume("pv-e", { hostPath: { path: "/tmp" } }, "c")],
  );
});

test("setUp() rejects volume types it does not implement", async () => {
  await withVolumes(async ({ manager }) => {
    const result = await manager.setUp(podWith([{ name: "nfs", nfs: { server: "x", path: "/" } }], [app(mount("nfs", "/n"))]));
    assert.equal(result.failures[0], "Unable to attach or mount volumes: unmounted volumes=[nfs], unattached volumes=[], failed to process volumes=[nfs]: not implemented: nfs volumes");
  });
});

test("setUp() gives memory volumes and their content the pod's fsGroup", async () => {
  await withVolumes(
    async ({ podsDir, manager }) => {
      await manager.setUp(podWith([{ name: "cfg", configMap: { name: "app", defaultMode: 0o400 } }, { name: "data", emptyDir: {} }], [app(mount("cfg", "/c"), mount("data", "/d"))], { securityContext: { fsGroup: 2000 } }));
      const data = await stat(dirOf(podsDir, "empty-dir", "data"));
      assert.deepEqual([data.gid, data.mode & 0o7777], [2000, 0o2777]);
      const file = await stat(join(dirOf(podsDir, "configmap", "cfg"), "k"));
      assert.deepEqual([file.gid, file.mode & 0o777], [2000, 0o440]);
    },
    [configMap("app", { k: "v" })],
  );
});

test("tearDown() unmounts tmpfs volumes and removes the pod's volumes and logs", async () => {
  await withVolumes(async ({ podsDir, mounter, manager }) => {
    const pod = podWith([{ name: "cache", emptyDir: { medium: "Memory" } }], [{ ...app(mount("cache", "/cache")), terminationMessagePath: "/dev/termination-log" }]);
    await manager.setUp(pod);
    await manager.mountsFor(pod, firstContainer(pod), { env: [] });
    await manager.tearDown("pod-uid-1");
    assert.equal(mounter.mounted.size, 0);
    await assert.rejects(stat(join(podsDir, "pod-uid-1")), { code: "ENOENT" });
  });
});

test("tearDown() removes nothing while a volume stays mounted", async () => {
  await withVolumes(async ({ podsDir, mounter, manager }) => {
    await manager.setUp(podWith([{ name: "cache", emptyDir: { medium: "Memory" } }], [app(mount("cache", "/cache"))]));
    const cache = dirOf(podsDir, "empty-dir", "cache");
    mounter.failUnmount = cache;
    await assert.rejects(manager.tearDown("pod-uid-1"), { message: `umount ${cache} failed: target is busy` });
    assert.equal((await stat(cache)).isDirectory(), true);
    await manager.tearDown("pod-uid-1");
    assert.equal(mounter.mounted.size, 0);
  });
});
