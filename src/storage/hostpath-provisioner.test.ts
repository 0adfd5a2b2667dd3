import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storageClass } from "../controllers/persistentvolume/_binder-fixtures.ts";
import { HostPathProvisioner } from "./hostpath-provisioner.ts";

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), "ordinal-hostpath-"));
  try {
    await body(join(home, "volumes"));
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

const claim = { metadata: { name: "www-web-0", namespace: "default", uid: "abc" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } };
const affinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["ordinal-0"] }] }] } };

test("HostPathProvisioner makes a world-writable directory pinned to the node", async () => {
  await withDir(async (dir) => {
    const p = new HostPathProvisioner({ dir });
    const spec = await p.provision({ pvName: "pvc-abc", claim, storageClass: storageClass("standard", "k8s.io/minikube-hostpath"), nodeName: "ordinal-0" });
    const path = join(dir, "pvc-abc");
    assert.deepEqual(spec, { capacity: { storage: "1Gi" }, hostPath: { path, type: "DirectoryOrCreate" }, nodeAffinity: affinity });
    assert.equal((await stat(path)).mode & 0o777, 0o777);
    await writeFile(join(path, "data"), "x");
    await p.provision({ pvName: "pvc-abc", claim, storageClass: storageClass("standard", "k8s.io/minikube-hostpath"), nodeName: "ordinal-0" });
    assert.ok((await stat(join(path, "data"))).isFile());
  });
});

test("HostPathProvisioner honours volumeType local and rejects unknown parameters", async () => {
  await withDir(async (dir) => {
    const p = new HostPathProvisioner({ dir });
    const local = await p.provision({ pvName: "pvc-abc", claim, storageClass: storageClass("local", "rancher.io/local-path", { parameters: { volumeType: "local" } }), nodeName: "ordinal-0" });
    assert.deepEqual(local.local, { path: join(dir, "pvc-abc") });
    assert.equal(local.hostPath, undefined);
    await assert.rejects(
      p.provision({ pvName: "pvc-abc", claim, storageClass: storageClass("x", "ordinal.dev/hostpath", { parameters: { nodePath: "/data" } }), nodeName: "ordinal-0" }),
      /unsupported parameter "nodePath" \(supported: volumeType\)/,
    );
  });
});

test("HostPathProvisioner lists and deletes its directories, not those of sized volumes", async () => {
  await withDir(async (dir) => {
    const p = new HostPathProvisioner({ dir });
    await mkdir(join(dir, "pvc-1"), { recursive: true });
    await mkdir(join(dir, "pvc-2"));
    await writeFile(join(dir, "pvc-2.img"), "");
    await mkdir(join(dir, "other"));
    assert.deepEqual(await p.storedVolumes(), ["pvc-1"]);
    await p.delete("pvc-1");
    assert.deepEqual(await p.storedVolumes(), []);
    await p.delete("pvc-1");
    await assert.rejects(p.delete("../etc"), /refusing/);
  });
});
