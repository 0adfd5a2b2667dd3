import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeObject } from "../../api/meta.ts";
import { eventsFor, eventually, gone, withStorage, type StorageHarness } from "./_storage-harness.ts";
import type { PersistentVolume, PersistentVolumeClaim } from "./volume-types.ts";

const exists = async (path: string) => stat(path).then(() => true, () => false);

function pvc(name: string, storage: string, extra: Partial<PersistentVolumeClaim["spec"]> = {}): KubeObject {
  return { metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage } }, ...extra } };
}

async function bound(h: StorageHarness, name: string): Promise<PersistentVolumeClaim> {
  return eventually(async () => {
    const c = (await h.claims.get("default", name)) as PersistentVolumeClaim;
    return c.status?.phase === "Bound" ? c : undefined;
  }, `${name} to be Bound`);
}

async function phaseOf(h: StorageHarness, name: string, phase: string): Promise<PersistentVolume> {
  return eventually(async () => {
    const v = (await h.volumes.get(undefined, name)) as PersistentVolume;
    return v.status?.phase === phase ? v : undefined;
  }, `${name} to be ${phase}`);
}

test("StorageControllers provision a claim without a class from the default class", async () => {
  await withStorage(async (h) => {
    await h.claims.create("default", pvc("www-web-0", "1Gi"));
    const claim = await bound(h, "www-web-0");
    const pvName = `pvc-${claim.metadata.uid}`;
    assert.equal(claim.spec.volumeName, pvName);
    assert.equal(claim.spec.storageClassName, "standard");
    assert.deepEqual(claim.status?.capacity, { storage: "1Gi" });
    assert.deepEqual(claim.status?.accessModes, ["ReadWriteOnce"]);
    assert.equal(claim.metadata.annotations?.["volume.kubernetes.io/storage-provisioner"], "k8s.io/minikube-hostpath");
    assert.equal(claim.metadata.annotations?.["pv.kubernetes.io/bind-completed"], "yes");
    const pv = await phaseOf(h, pvName, "Bound");
    assert.equal(pv.metadata.annotations?.["pv.kubernetes.io/provisioned-by"], "k8s.io/minikube-hostpath");
    assert.equal(pv.spec.hostPath?.path, join(h.home, "volumes", pvName));
    assert.equal(pv.spec.persistentVolumeReclaimPolicy, "Delete");
    assert.equal(pv.spec.storageClassName, "standard");
    assert.ok(await exists(join(h.home, "volumes", pvName)));
    await eventually(async () => ((await h.claims.get("default", "www-web-0")).metadata.finalizers ?? []).includes("kubernetes.io/pvc-protection"), "pvc-protection");
    await eventually(async () => ((await h.volumes.get(undefined, pvName)).metadata.finalizers ?? []).includes("kubernetes.io/pv-protection"), "pv-protection");
    const events = await eventsFor(h, "default", "www-web-0");
    assert.ok(events.some((e) => e.startsWith("ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'k8s.io/minikube-hostpath'")), events.join("\n"));
    assert.ok(events.includes(`Provisioning External provisioner is provisioning volume for claim "default/www-web-0"`), events.join("\n"));
    assert.ok(events.includes(`ProvisioningSucceeded Successfully provisioned volume ${pvName}`), events.join("\n"));
  });
});

test("StorageControllers bind the static volumes of seed 004 to data-kubia-0 and data-kubia-1", async () => {
  const store = await mkdtemp(join(tmpdir(), "ordinal-store-"));
  try {
    await withStorage(async (h) => {
      for (const [i, name] of ["pv-a", "pv-b", "pv-c"].entries()) {
        await h.volumes.create(undefined, {
          metadata: { name },
          spec: { capacity: { storage: "1Mi" }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: "Retain", hostPath: { path: join(store, `store${i + 1}`) } },
        });
      }
      for (const name of ["pv-a", "pv-b", "pv-c"]) await phaseOf(h, name, "Available");
      await h.claims.create("default", pvc("data-kubia-0", "1Mi"));
      assert.equal((await bound(h, "data-kubia-0")).spec.volumeName, "pv-a");
      await h.claims.create("default", pvc("data-kubia-1", "1Mi"));
      const second = await bound(h, "data-kubia-1");
      assert.equal(second.spec.volumeName, "pv-b");
      assert.equal(second.spec.storageClassName, undefined);
      assert.equal((await phaseOf(h, "pv-c", "Available")).spec.claimRef, undefined);
      const a = await phaseOf(h, "pv-a", "Bound");
      assert.equal(a.spec.claimRef?.name, "data-kubia-0");
      assert.equal(a.metadata.annotations?.["pv.kubernetes.io/bound-by-controller"], "yes");

      await h.claims.delete("default", "data-kubia-0");
      await eventually(() => gone(h.claims, "default", "data-kubia-0"), "data-kubia-0 to go");
      await phaseOf(h, "pv-a", "Released");
    });
  } finally {
    await rm(store, { recursive: true, force: true });
  }
});

test("StorageControllers delete the volume and directory of a Delete claim and keep those of a Retain one", async () => {
  await withStorage(async (h) => {
    await h.classes.create(undefined, { metadata: { name: "keep" }, provisioner: "ordinal.dev/hostpath", reclaimPolicy: "Retain" });
    await h.claims.create("default", pvc("tmp", "1Gi"));
    await h.claims.create("default", pvc("kept", "1Gi", { storageClassName: "keep" }));
    const tmp = `pvc-${(await bound(h, "tmp")).metadata.uid}`;
    const kept = `pvc-${(await bound(h, "kept")).metadata.uid}`;
    await writeFile(join(h.home, "volumes", kept, "data"), "precious");

    await h.claims.delete("default", "tmp");
    await eventually(() => gone(h.volumes, undefined, tmp), `${tmp} to be deleted`);
    assert.equal(await exists(join(h.home, "volumes", tmp)), false);

    await h.claims.delete("default", "kept");
    const released = await phaseOf(h, kept, "Released");
    assert.equal(released.spec.persistentVolumeReclaimPolicy, "Retain");
    assert.ok(await exists(join(h.home, "volumes", kept, "data")));
  });
});

test("StorageControllers keep a claim a pod uses until the pod is gone", async () => {
  await withStorage(async (h) => {
    await h.claims.create("default", pvc("data-db-0", "1Gi"));
    const pvName = `pvc-${(await bound(h, "data-db-0")).metadata.uid}`;
    await h.pods.create("default", {
      metadata: { name: "db-0" },
      spec: { nodeName: "ordinal-0", containers: [{ name: "db", image: "busybox" }], volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data-db-0" } }] },
    });
    await eventually(async () => ((await h.claims.get("default", "data-db-0")).metadata.finalizers ?? []).includes("kubernetes.io/pvc-protection"), "pvc-protection");
    const deleting = await h.claims.delete("default", "data-db-0");
    assert.ok(deleting.metadata.deletionTimestamp);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok((await h.claims.get("default", "data-db-0")).metadata.deletionTimestamp);
    assert.equal((await h.volumes.get(undefined, pvName) as PersistentVolume).status?.phase, "Bound");

    await h.pods.delete("default", "db-0", { gracePeriodSeconds: 0 });
    await eventually(() => gone(h.claims, "default", "data-db-0"), "the claim to go");
    await eventually(() => gone(h.volumes, undefined, pvName), "its volume to go");
  });
});

test("StorageControllers refuse Recycle with VolumeFailedRecycle", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-recycle-"));
  try {
    await withStorage(async (h) => {
      await h.volumes.create(undefined, {
        metadata: { name: "old-style" },
        spec: {
          capacity: { storage: "1Gi" },
          accessModes: ["ReadWriteOnce"],
          persistentVolumeReclaimPolicy: "Recycle",
          storageClassName: "",
          hostPath: { path: dir },
          claimRef: { namespace: "default", name: "recycled" },
        },
      });
      await h.claims.create("default", pvc("recycled", "1Gi", { storageClassName: "" }));
      assert.equal((await bound(h, "recycled")).spec.volumeName, "old-style");
      await h.claims.delete("default", "recycled");
      const failed = await phaseOf(h, "old-style", "Failed");
      assert.equal(failed.status?.message, "No recycler plugin found for the volume!");
      assert.deepEqual(await eventsFor(h, "default", "old-style"), ["VolumeFailedRecycle No recycler plugin found for the volume!"]);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("StorageControllers leave a claim Pending when nobody serves its provisioner", async () => {
  await withStorage(async (h) => {
    await h.classes.create(undefined, { metadata: { name: "ebs" }, provisioner: "ebs.csi.aws.com" });
    await h.claims.create("default", pvc("orphan", "1Gi", { storageClassName: "ebs" }));
    const events = await eventually(async () => {
      const e = await eventsFor(h, "default", "orphan");
      return e.length ? e : undefined;
    }, "an event");
    assert.deepEqual(events, [
      "ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    ]);
    const claim = (await h.claims.get("default", "orphan")) as PersistentVolumeClaim;
    assert.equal(claim.status?.phase, "Pending");
    assert.equal(claim.metadata.annotations?.["volume.beta.kubernetes.io/storage-provisioner"], "ebs.csi.aws.com");
  });
});

test("StorageControllers provision a WaitForFirstConsumer claim once a node is selected", async () => {
  await withStorage(async (h) => {
    await h.classes.create(undefined, { metadata: { name: "local-path" }, provisioner: "rancher.io/local-path", volumeBindingMode: "WaitForFirstConsumer", reclaimPolicy: "Delete" });
    await h.claims.create("default", pvc("late", "1Gi", { storageClassName: "local-path" }));
    await eventually(async () => (await eventsFor(h, "default", "late")).includes("WaitForFirstConsumer waiting for first consumer to be created before binding"), "WaitForFirstConsumer");
    assert.equal(((await h.claims.get("default", "late")) as PersistentVolumeClaim).status?.phase, "Pending");
    await h.claims.patch("default", "late", "merge", { metadata: { annotations: { "volume.kubernetes.io/selected-node": "ordinal-0" } } });
    const claim = await bound(h, "late");
    const pv = (await h.volumes.get(undefined, claim.spec.volumeName!)) as PersistentVolume;
    assert.deepEqual(pv.spec.nodeAffinity?.required?.nodeSelectorTerms?.[0].matchExpressions, [{ key: "kubernetes.io/hostname", operator: "In", values: ["ordinal-0"] }]);
  });
});

test("StorageControllers finish provisioning after a restart without a second volume and sweep orphans", async () => {
  await withStorage(async (h) => {
    await h.classes.create(undefined, { metadata: { name: "nobody" }, provisioner: "example.com/nobody" });
    // An orphan: storage a crash left for a claim that no longer exists.
    await mkdir(join(h.home, "volumes", "pvc-0000dead"), { recursive: true });
    await h.restart();
    await eventually(async () => !(await exists(join(h.home, "volumes", "pvc-0000dead"))), "the orphan to be removed");

    // The PV was created just before a crash; the claim was never bound.
    const claim = await h.claims.create("default", pvc("crashed", "1Gi", { storageClassName: "nobody" }));
    const pvName = `pvc-${claim.metadata.uid}`;
    await mkdir(join(h.home, "volumes", pvName), { recursive: true });
    await h.volumes.create(undefined, {
      metadata: { name: pvName, annotations: { "pv.kubernetes.io/provisioned-by": "ordinal.dev/hostpath" } },
      spec: {
        capacity: { storage: "1Gi" },
        accessModes: ["ReadWriteOnce"],
        persistentVolumeReclaimPolicy: "Delete",
        storageClassName: "nobody",
        hostPath: { path: join(h.home, "volumes", pvName) },
        claimRef: { kind: "PersistentVolumeClaim", apiVersion: "v1", namespace: "default", name: "crashed", uid: claim.metadata.uid },
      },
    });
    await h.restart();
    assert.equal((await bound(h, "crashed")).spec.volumeName, pvName);
    const { items } = await h.volumes.list();
    assert.deepEqual(items.map((v) => v.metadata.name), [pvName]);
  });
});

test("StorageControllers grow a directory volume by recording the larger request", async () => {
  await withStorage(async (h) => {
    await h.classes.create(undefined, { metadata: { name: "growing" }, provisioner: "ordinal.dev/hostpath", allowVolumeExpansion: true });
    await h.claims.create("default", pvc("grows", "1Gi", { storageClassName: "growing" }));
    const claim = await bound(h, "grows");
    await h.claims.patch("default", "grows", "merge", { spec: { resources: { requests: { storage: "2Gi" } } } });
    await eventually(async () => ((await h.claims.get("default", "grows")) as PersistentVolumeClaim).status?.capacity?.storage === "2Gi", "capacity 2Gi");
    assert.equal(((await h.volumes.get(undefined, claim.spec.volumeName!)) as PersistentVolume).spec.capacity?.storage, "2Gi");
    await eventually(async () => (await eventsFor(h, "default", "grows")).includes("VolumeResizeSuccessful Resize volume succeeded"), "VolumeResizeSuccessful");
  });
});
