import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, realpath, stat, symlink } from "node:fs/promises";
import { join } from "node:path";
import type { JsonObject } from "../../api/validation/json-access.ts";
import { configMap, firstContainer, podWith, withVolumes, type VolumeHarness } from "./_volume-fixtures.ts";
import { ContainerConfigError } from "./container-env.ts";

const volumes = [
  { name: "data", emptyDir: {} },
  { name: "cfg", configMap: { name: "app" } },
  { name: "host", hostPath: { path: "/dev/null" } },
];

async function mountsOf(h: VolumeHarness, container: JsonObject, opts: { env?: { name: string; value: string }[]; etcHosts?: string } = {}) {
  const pod = podWith(volumes, [{ name: "app", image: "nginx", ...container }]);
  assert.equal((await h.manager.setUp(pod)).ready, true);
  return h.manager.mountsFor(pod, firstContainer(pod), { env: opts.env ?? [], etcHosts: opts.etcHosts });
}

const withApp = (body: (h: VolumeHarness) => Promise<void>) => withVolumes(body, [configMap("app", { "app.conf": "v1", "other.conf": "o" })]);
const volumeDir = (h: VolumeHarness, plugin: string, name: string) => join(h.podsDir, "pod-uid-1", "volumes", `kubernetes.io~${plugin}`, name);

test("mountsFor() binds volumes rprivate, read-only when asked or when the volume is", async () => {
  await withApp(async (h) => {
    const { mounts } = await mountsOf(h, {
      volumeMounts: [
        { name: "data", mountPath: "/data" },
        { name: "data", mountPath: "/ro", readOnly: true },
        { name: "cfg", mountPath: "/etc/app" },
        { name: "host", mountPath: "/dev/host-null", mountPropagation: "HostToContainer" },
        { name: "data", mountPath: "/shared", mountPropagation: "Bidirectional" },
        { name: "data", mountPath: "/rro", readOnly: true, recursiveReadOnly: "Enabled" },
      ],
    });
    assert.deepEqual(mounts, [
      { destination: "/data", type: "bind", source: volumeDir(h, "empty-dir", "data"), options: ["rbind", "rprivate", "rw"] },
      { destination: "/ro", type: "bind", source: volumeDir(h, "empty-dir", "data"), options: ["rbind", "rprivate", "ro"] },
      { destination: "/shared", type: "bind", source: volumeDir(h, "empty-dir", "data"), options: ["rbind", "rshared", "rw"] },
      { destination: "/rro", type: "bind", source: volumeDir(h, "empty-dir", "data"), options: ["rbind", "rprivate", "ro", "rro"] },
      { destination: "/etc/app", type: "bind", source: volumeDir(h, "configmap", "cfg"), options: ["rbind", "rprivate", "ro"] },
      { destination: "/dev/host-null", type: "bind", source: "/dev/null", options: ["rbind", "rslave", "rw"] },
    ]);
  });
});

test("mountsFor() adds /etc/hosts and a fresh 0666 termination log, parents before children", async () => {
  await withApp(async (h) => {
    const { mounts, terminationLog } = await mountsOf(h, { terminationMessagePath: "/dev/termination-log", volumeMounts: [{ name: "data", mountPath: "/var/lib/app/data" }] }, { etcHosts: "/run/pod/etc-hosts" });
    assert.match(terminationLog!, new RegExp(`^${join(h.podsDir, "pod-uid-1", "containers", "app")}/[0-9a-f]{8}$`));
    assert.equal((await stat(terminationLog!)).mode & 0o777, 0o666);
    assert.deepEqual(mounts, [
      { destination: "/etc/hosts", type: "bind", source: "/run/pod/etc-hosts", options: ["rbind", "rprivate", "rw"] },
      { destination: "/dev/termination-log", type: "bind", source: terminationLog, options: ["rbind", "rprivate", "rw"] },
      { destination: "/var/lib/app/data", type: "bind", source: volumeDir(h, "empty-dir", "data"), options: ["rbind", "rprivate", "rw"] },
    ]);
    const again = await h.manager.mountsFor(podWith(volumes, []), { name: "app", terminationMessagePath: "/dev/termination-log" }, { env: [] });
    assert.notEqual(again.terminationLog, terminationLog);
  });
});

test("mountsFor() leaves /etc/hosts to a volumeMount that claims it", async () => {
  await withApp(async (h) => {
    const { mounts } = await mountsOf(h, { volumeMounts: [{ name: "cfg", mountPath: "/etc/hosts", subPath: "other.conf" }] }, { etcHosts: "/run/pod/etc-hosts" });
    assert.deepEqual(mounts.map((m) => m.destination), ["/etc/hosts"]);
    assert.notEqual(mounts[0].source, "/run/pod/etc-hosts");
  });
});

test("mountsFor() binds a configMap key by subPath to the version current at start", async () => {
  await withApp(async (h) => {
    const container = { volumeMounts: [{ name: "cfg", mountPath: "/etc/app.conf", subPath: "app.conf" }] };
    const first = (await mountsOf(h, container)).mounts[0].source;
    const data = await realpath(join(volumeDir(h, "configmap", "cfg"), "..data"));
    assert.equal(first, join(data, "app.conf"));
    h.sources.put(configMap("app", { "app.conf": "v2" }));
    const second = (await mountsOf(h, container)).mounts[0].source;
    assert.notEqual(second, first);
    assert.equal(await readFile(second, "utf8"), "v2");
  });
});

test("mountsFor() creates a missing subPath directory with the volume's mode", async () => {
  await withApp(async (h) => {
    const { mounts } = await mountsOf(h, { volumeMounts: [{ name: "data", mountPath: "/logs", subPath: "logs/app" }] });
    const real = join(await realpath(volumeDir(h, "empty-dir", "data")), "logs/app");
    assert.equal(mounts[0].source, real);
    assert.equal((await stat(real)).mode & 0o7777, 0o777);
  });
});

test("mountsFor() expands subPathExpr from the container's environment", async () => {
  await withApp(async (h) => {
    const { mounts } = await mountsOf(h, { volumeMounts: [{ name: "data", mountPath: "/logs", subPathExpr: "logs/$(POD_NAME)" }] }, { env: [{ name: "POD_NAME", value: "web-0" }] });
    assert.equal(mounts[0].source, join(await realpath(volumeDir(h, "empty-dir", "data")), "logs/web-0"));
  });
});

const rejected: Array<[string, JsonObject, string]> = [
  ["an absolute subPath", { name: "data", mountPath: "/x", subPath: "/etc" }, "error SubPath `/etc` must not be an absolute path"],
  ["a subPath with backsteps", { name: "data", mountPath: "/x", subPath: "a/../../etc" }, "unable to provision SubPath `a/../../etc`: must not contain '..'"],
  ["a subPathExpr with an unset variable", { name: "data", mountPath: "/x", subPathExpr: "$(NOPE)" }, "missing value for NOPE"],
  ["an unknown volume", { name: "nope", mountPath: "/x" }, 'cannot find volume "nope" to mount into container "app"'],
  ["a bad propagation mode", { name: "data", mountPath: "/x", mountPropagation: "Sideways" }, 'invalid MountPropagation mode: "Sideways"'],
];

for (const [name, volumeMount, message] of rejected) {
  test(`mountsFor() rejects ${name}`, async () => {
    await withApp(async (h) => {
      await assert.rejects(mountsOf(h, { volumeMounts: [volumeMount] }), (e: unknown) => e instanceof ContainerConfigError && e.message === message);
    });
  });
}

test("mountsFor() refuses a subPath that leads out of its volume through a symlink", async () => {
  await withApp(async (h) => {
    await mountsOf(h, { volumeMounts: [{ name: "data", mountPath: "/data" }] });
    await symlink("/etc", join(volumeDir(h, "empty-dir", "data"), "escape"));
    for (const subPath of ["escape", "escape/new-dir"]) {
      await assert.rejects(mountsOf(h, { volumeMounts: [{ name: "data", mountPath: "/x", subPath }] }), (e: unknown) => e instanceof ContainerConfigError && /^failed to (prepare|create) subPath/.test(e.message));
    }
    await assert.rejects(stat("/etc/new-dir"), { code: "ENOENT" });
  });
});
