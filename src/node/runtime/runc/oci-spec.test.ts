import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../../api/validation/json-access.ts";
import type { ImageConfig } from "../../../images/image-config.ts";
import { buildOciSpec, containerMounts, mergeEnv, processArgs, type ContainerSpecInput } from "./oci-spec.ts";

const argCases: Array<[string, string[], string[], Partial<ImageConfig>, string[] | RegExp]> = [
  ["image entrypoint and cmd", [], [], { entrypoint: ["/ep"], cmd: ["c1"] }, ["/ep", "c1"]],
  ["args replace cmd", [], ["a1"], { entrypoint: ["/ep"], cmd: ["c1"] }, ["/ep", "a1"]],
  ["command replaces entrypoint and drops cmd", ["/cmd"], [], { entrypoint: ["/ep"], cmd: ["c1"] }, ["/cmd"]],
  ["command and args", ["/cmd"], ["a1"], { entrypoint: ["/ep"], cmd: ["c1"] }, ["/cmd", "a1"]],
  ["cmd alone", [], [], { cmd: ["sh"] }, ["sh"]],
  ["args alone", [], ["sh", "-c", "true"], {}, ["sh", "-c", "true"]],
  ["empty-string entrypoint is cleared", [], [], { entrypoint: [""], cmd: ["sh"] }, ["sh"]],
  ["nothing to run", [], [], {}, /no command specified/],
];

for (const [name, command, args, image, want] of argCases) {
  test(`processArgs() ${name}`, () => {
    if (want instanceof RegExp) assert.throws(() => processArgs(command, args, image), want);
    else assert.deepEqual(processArgs(command, args, image), want);
  });
}

test("mergeEnv() replaces a key where it first stood and appends new ones", () => {
  assert.deepEqual(mergeEnv(["PATH=/bin", "A=1"], ["HOSTNAME=h"], ["A=2", "B=3"], ["PATH=/x"]), ["PATH=/x", "A=2", "HOSTNAME=h", "B=3"]);
});

test("containerMounts() drops replaced defaults and mounts parents first", () => {
  const mounts = containerMounts(false, [
    { destination: "/data/sub", type: "bind", source: "/h/sub" },
    { destination: "/data", type: "bind", source: "/h/data" },
    { destination: "/dev/shm", type: "bind", source: "/h/shm" },
  ]);
  const dests = mounts.map((m) => m.destination);
  assert.deepEqual(dests, ["/proc", "/dev", "/dev/pts", "/dev/mqueue", "/sys", "/sys/fs/cgroup", "/data", "/data/sub", "/dev/shm"]);
  assert.deepEqual(mounts.find((m) => m.destination === "/sys")?.options?.at(-1), "ro");
  assert.deepEqual(containerMounts(true, []).find((m) => m.destination === "/sys")?.options?.at(-1), "rw");
});

function input(container: JsonObject, pod: JsonObject = {}, image: Partial<ImageConfig> = {}): ContainerSpecInput {
  return {
    pod: { metadata: { name: "web-0", namespace: "default" }, spec: { containers: [container] }, ...pod },
    container,
    image: { env: ["PATH=/image/bin", "IMG=1"], cmd: ["sh"], exposedPorts: [], labels: {}, ...image },
    env: [{ name: "IMG", value: "from-pod" }, { name: "GREETING", value: "hi" }],
    hostname: "web-0",
    user: { uid: 0, gid: 0, additionalGids: [] },
    rootfs: "/r/rootfs",
    netnsPath: "/run/netns/ordinal-1234abcd",
    cgroupsPath: "/ordinal/pod-u1/c1",
    etcFiles: { hostname: "/p/etc/hostname", resolvConf: "/p/etc/resolv.conf" },
    mounts: [
      { destination: "/etc/hosts", type: "bind", source: "/p/etc/hosts", options: ["rbind", "rprivate", "rw"] },
      { destination: "/dev/termination-log", type: "bind", source: "/c/termination-log", options: ["rbind", "rprivate", "rw"] },
    ],
    host: {
      capabilities: ["CAP_CHOWN", "CAP_KILL", "CAP_NET_ADMIN", "CAP_SYS_ADMIN", "CAP_NET_BIND_SERVICE"],
      swapAccounting: true,
      memoryCapacity: 8 * 2 ** 30,
      minOomScoreAdj: 0,
      devices: [{ path: "/dev/fuse", type: "c", major: 10, minor: 229 }],
    },
    annotations: { "io.kubernetes.pod.uid": "u1" },
  };
}

test("buildOciSpec() runs the container's command with the pod's hostname, network and files", () => {
  const spec = buildOciSpec(input({ name: "app", image: "busybox", command: ["echo"], args: ["$(GREETING)", "$$(GREETING)"], workingDir: "/srv" }));
  assert.deepEqual(spec.process.args, ["echo", "hi", "$(GREETING)"]);
  assert.deepEqual(spec.process.env, ["PATH=/image/bin", "HOSTNAME=web-0", "IMG=from-pod", "GREETING=hi"]);
  assert.equal(spec.process.cwd, "/srv");
  assert.equal(spec.hostname, "web-0");
  assert.equal(spec.root.path, "/r/rootfs");
  assert.equal(spec.root.readonly, false);
  assert.deepEqual(spec.linux.namespaces, [{ type: "pid" }, { type: "ipc" }, { type: "uts" }, { type: "mount" }, { type: "network", path: "/run/netns/ordinal-1234abcd" }]);
  assert.deepEqual(
    spec.mounts.filter((m) => m.type === "bind").map((m) => [m.destination, m.source]),
    [["/etc/hostname", "/p/etc/hostname"], ["/etc/resolv.conf", "/p/etc/resolv.conf"], ["/etc/hosts", "/p/etc/hosts"], ["/dev/termination-log", "/c/termination-log"]],
  );
  assert.deepEqual(spec.process.capabilities.bounding, ["CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_KILL"]);
  assert.ok(spec.linux.maskedPaths?.includes("/proc/kcore"));
  assert.equal(spec.linux.seccomp, undefined);
  assert.equal(spec.process.oomScoreAdj, 1000);
  assert.equal(spec.linux.cgroupsPath, "/ordinal/pod-u1/c1");
});

test("buildOciSpec() uses the image's working directory, else /", () => {
  assert.equal(buildOciSpec(input({ name: "app" }, {}, { workingDir: "/app" })).process.cwd, "/app");
  assert.equal(buildOciSpec(input({ name: "app" })).process.cwd, "/");
});

test("buildOciSpec() sets TERM for a tty", () => {
  const spec = buildOciSpec(input({ name: "app", tty: true }));
  assert.equal(spec.process.terminal, true);
  assert.ok(spec.process.env.includes("TERM=xterm"));
});

test("buildOciSpec() gives a privileged container every grantable capability, the devices and nothing masked", () => {
  const spec = buildOciSpec(input({ name: "app", securityContext: { privileged: true, seccompProfile: { type: "RuntimeDefault" } } }));
  assert.deepEqual(spec.process.capabilities.bounding, ["CAP_CHOWN", "CAP_KILL", "CAP_NET_ADMIN", "CAP_SYS_ADMIN", "CAP_NET_BIND_SERVICE"]);
  assert.equal(spec.linux.maskedPaths, undefined);
  assert.equal(spec.linux.seccomp, undefined);
  assert.deepEqual(spec.linux.devices, [{ path: "/dev/fuse", type: "c", major: 10, minor: 229 }]);
  assert.deepEqual(spec.linux.resources.devices, [{ allow: true, access: "rwm" }]);
});

test("buildOciSpec() applies readOnlyRootFilesystem, allowPrivilegeEscalation and a RuntimeDefault seccomp profile", () => {
  const spec = buildOciSpec(
    input(
      { name: "app", securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false } },
      { spec: { securityContext: { seccompProfile: { type: "RuntimeDefault" } } } },
    ),
  );
  assert.equal(spec.root.readonly, true);
  assert.equal(spec.process.noNewPrivileges, true);
  assert.equal(spec.mounts.find((m) => m.destination === "/etc/resolv.conf")?.options?.at(-1), "ro");
  assert.equal(spec.linux.seccomp?.defaultAction, "SCMP_ACT_ALLOW");
  assert.ok(spec.linux.seccomp?.syscalls[0].names.includes("mount"));
});

test("buildOciSpec() sets limits and keeps the OOM score at or above what the node may set", () => {
  const container = { name: "app", resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "250m", memory: "64Mi" } } };
  const pod = { spec: { containers: [container] } };
  const spec = buildOciSpec(input(container, pod));
  assert.deepEqual(spec.linux.resources.cpu, { shares: 256, quota: 25000, period: 100000 });
  assert.deepEqual(spec.linux.resources.memory, { limit: 64 * 2 ** 20, swap: 64 * 2 ** 20 });
  assert.equal(spec.process.oomScoreAdj, 0);
  const privileged = input(container, pod);
  privileged.host.minOomScoreAdj = -1000;
  assert.equal(buildOciSpec(privileged).process.oomScoreAdj, -997);
});
