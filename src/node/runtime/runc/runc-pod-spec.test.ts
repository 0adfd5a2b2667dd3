// What a container's spec turns into inside it (root): users, capabilities, a read-only root,
// seccomp, env from the downward API, volumes shared between containers, a terminal.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../../api/meta.ts";
import type { JsonObject } from "../../../api/validation/json-access.ts";
import { PodVolumeManager } from "../../volumes/pod-volumes.ts";
import type { RuncRuntimeOptions } from "./runc-runtime.ts";
import { destroyClean, eventually, logText, never, RuncTestEnv } from "./_runc-test-env.ts";

let env: RuncTestEnv;

before(async () => {
  env = await RuncTestEnv.create();
});

after(() => destroyClean(env));

const sh = (name: string, script: string, extra: JsonObject = {}): JsonObject => ({ name, command: ["sh", "-c", script], ...extra });

/** Runs the pod's containers to completion and returns each one's log. */
async function outputs(pod: KubeObject, opts: Partial<RuncRuntimeOptions> = {}): Promise<Record<string, string>> {
  const rt = env.runtime(opts);
  const uid = pod.metadata.uid!;
  const containers = (pod.spec as { containers: JsonObject[] }).containers;
  try {
    await rt.runSandbox(pod, env.ip(), never());
    for (const c of containers) await rt.startContainer(uid, { container: c, init: false }, never());
    await eventually("every container to exit", async () => ((await rt.status(uid))!.containers.every((c) => c.state === "exited") ? true : undefined));
    const out: Record<string, string> = {};
    for (const c of containers) out[c.name as string] = await logText(rt, pod, c.name as string);
    return out;
  } finally {
    for (const p of await rt.list()) await rt.removePod(p.uid);
    await rt.close();
  }
}

test("securityContext: user and groups, dropped capabilities, a read-only root, RuntimeDefault seccomp", async () => {
  const pod = env.pod(
    "secure",
    [
      sh("user", "id -u; id -g; id -G", { securityContext: { runAsUser: 1000, runAsGroup: 3000 } }),
      sh("caps", "grep CapEff /proc/self/status", { securityContext: { capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } } }),
      sh("readonly", "touch /x 2>&1 || echo refused; touch /tmp/x 2>&1 || echo refused too", { securityContext: { readOnlyRootFilesystem: true } }),
      sh("seccomp", "unshare -n true 2>&1 || echo denied", { securityContext: { seccompProfile: { type: "RuntimeDefault" } } }),
      sh("privileged", "grep CapEff /proc/self/status; test -c /dev/tty && echo has /dev/tty", { securityContext: { privileged: true } }),
    ],
    { securityContext: { supplementalGroups: [4000] }, restartPolicy: "Never" },
  );
  const out = await outputs(pod);
  assert.equal(out.user, "1000\n3000\n3000 4000\n");
  assert.equal(out.caps, "CapEff:\t0000000000000400\n");
  assert.match(out.readonly, /Read-only file system\nrefused\n.*Read-only file system\nrefused too\n/s);
  assert.match(out.seccomp, /Operation not permitted\ndenied\n$/);
  assert.match(out.privileged, /^CapEff:\t000001[0-9a-f]{10}\nhas \/dev\/tty\n$/);
});

test("env: literal values, $(VAR) references and the downward API; command and args expand them", async () => {
  const pod = env.pod(
    "envy",
    [
      {
        name: "app",
        command: ["sh", "-c", 'echo "$GREETING|$POD_NAME|$POD_IP|$HOSTNAME|$1"', "--"],
        args: ["$(GREETING) $(POD_NAME)"],
        env: [
          { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
          { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
          { name: "GREETING", value: "hello $(POD_NAME)" },
        ],
      },
    ],
    { restartPolicy: "Never" },
  );
  const out = await outputs(pod);
  assert.match(out.app, /^hello envy\|envy\|10\.245\.\d+\.\d+\|envy\|hello envy envy\n$/);
});

test("volumes from the volume manager: an emptyDir shared by two containers", async () => {
  const volumes = new PodVolumeManager({ podsDir: `${env.home}/pods`, sources: { configMap: async () => undefined, secret: async () => undefined, claim: async () => undefined, volume: async () => undefined } });
  const mount = [{ name: "shared", mountPath: "/shared" }];
  const pod = env.pod(
    "shared",
    [
      sh("writer", "echo from writer > /shared/note", { volumeMounts: mount }),
      sh("reader", "for i in $(seq 50); do test -f /shared/note && break; sleep 0.1; done; cat /shared/note; cat /etc/hosts | tail -1", { volumeMounts: mount }),
    ],
    { volumes: [{ name: "shared", emptyDir: {} }], restartPolicy: "Never" },
  );
  const out = await outputs(pod, { volumes });
  assert.match(out.reader, /^from writer\n10\.245\.\d+\.\d+\tshared\n$/);
});

test("a container with a tty logs its terminal output", async () => {
  const pod = env.pod("terminal", [sh("app", "tty; echo done", { tty: true })], { restartPolicy: "Never" });
  const out = await outputs(pod);
  assert.match(out.app, /^\/dev\/pts\/\d+\r?\ndone\r?\n$/);
});
