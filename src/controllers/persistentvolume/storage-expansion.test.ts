// ordinal.dev/sized end to end through the controllers, as root with real loop mounts; the harness
// unmounts and removes every volume whatever happens.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isMountPoint } from "../../storage/mount-table.ts";
import { eventsFor, eventually, gone, withStorage, type StorageHarness } from "./_storage-harness.ts";
import type { PersistentVolume, PersistentVolumeClaim } from "./volume-types.ts";

const MiB = 1024 * 1024;

async function sizedClaim(h: StorageHarness, name: string): Promise<{ claim: PersistentVolumeClaim; path: string }> {
  await h.claims.create("default", { metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "sized", resources: { requests: { storage: "16Mi" } } } });
  const claim = await eventually(async () => {
    const c = (await h.claims.get("default", name)) as PersistentVolumeClaim;
    return c.status?.phase === "Bound" ? c : undefined;
  }, `${name} to be Bound`);
  const pv = (await h.volumes.get(undefined, claim.spec.volumeName!)) as PersistentVolume;
  return { claim, path: pv.spec.hostPath!.path };
}

async function grow(h: StorageHarness, name: string): Promise<void> {
  await h.claims.patch("default", name, "merge", { spec: { resources: { requests: { storage: "32Mi" } } } });
}

const capacityOf = async (h: StorageHarness, name: string) => ((await h.claims.get("default", name)) as PersistentVolumeClaim).status?.capacity?.storage;

test("ordinal.dev/sized refuses a write beyond the claim and grows after a larger request", async () => {
  await withStorage(async (h) => {
    await h.classes.create(undefined, { metadata: { name: "sized" }, provisioner: "ordinal.dev/sized", allowVolumeExpansion: true, reclaimPolicy: "Delete" });
    const { claim, path } = await sizedClaim(h, "data-db-0");
    assert.equal(await isMountPoint(path), true);
    const twenty = Buffer.alloc(20 * MiB, 7);
    await assert.rejects(writeFile(join(path, "big"), twenty), (e: NodeJS.ErrnoException) => e.code === "ENOSPC");
    await rm(join(path, "big"), { force: true });

    await grow(h, "data-db-0");
    await eventually(async () => (await capacityOf(h, "data-db-0")) === "32Mi", "capacity 32Mi");
    const grown = (await h.claims.get("default", "data-db-0")) as PersistentVolumeClaim;
    assert.equal(grown.status?.conditions, undefined);
    assert.equal(grown.status?.allocatedResourceStatuses, undefined);
    assert.deepEqual(grown.status?.allocatedResources, { storage: "32Mi" });
    assert.equal(((await h.volumes.get(undefined, claim.spec.volumeName!)) as PersistentVolume).spec.capacity?.storage, "32Mi");
    await writeFile(join(path, "big"), twenty);
    const events = await eventsFor(h, "default", "data-db-0");
    for (const want of [
      "ExternalExpanding waiting for an external controller to expand this PVC",
      `Resizing External resizer is resizing volume ${claim.spec.volumeName}`,
      "FileSystemResizeRequired Require file system resize of volume on node",
      `FileSystemResizeSuccessful MountVolume.NodeExpandVolume succeeded for volume "${claim.spec.volumeName}" ordinal-0`,
    ]) {
      assert.ok(events.includes(want), `${want}\nnot in\n${events.join("\n")}`);
    }

    await h.claims.delete("default", "data-db-0");
    await eventually(() => gone(h.volumes, undefined, claim.spec.volumeName!), "the volume to be deleted");
    assert.equal(await isMountPoint(path), false);
    await assert.rejects(stat(`${path}.img`));
  });
});

test("ordinal.dev/sized finishes a pending filesystem resize once the pod is gone, if it cannot grow online", async () => {
  await withStorage(async (h) => {
    await h.classes.create(undefined, { metadata: { name: "sized" }, provisioner: "ordinal.dev/sized", allowVolumeExpansion: true, reclaimPolicy: "Delete" });
    const { claim } = await sizedClaim(h, "data-db-1");
    await h.pods.create("default", {
      metadata: { name: "db-1" },
      spec: { nodeName: "ordinal-0", containers: [{ name: "db", image: "busybox" }], volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data-db-1" } }] },
    });
    await eventually(async () => h.controllers.informers.pods.get("default/db-1"), "the pod in the cache");
    await grow(h, "data-db-1");
    // With CAP_SYS_RESOURCE the kernel grows ext4 online; without it the resize waits for the pod.
    const pending = await eventually(async () => {
      const c = (await h.claims.get("default", "data-db-1")) as PersistentVolumeClaim;
      if (c.status?.capacity?.storage === "32Mi") return "online";
      return c.status?.conditions?.some((x) => x.type === "FileSystemResizePending") ? c : undefined;
    }, "a resize outcome");
    if (pending !== "online") {
      assert.equal(pending.status?.allocatedResourceStatuses?.storage, "NodeResizePending");
      assert.equal(pending.status?.capacity?.storage, "16Mi");
      assert.equal(((await h.volumes.get(undefined, claim.spec.volumeName!)) as PersistentVolume).spec.capacity?.storage, "32Mi");
      await h.pods.delete("default", "db-1", { gracePeriodSeconds: 0 });
      await eventually(async () => (await capacityOf(h, "data-db-1")) === "32Mi", "capacity 32Mi after the pod is gone");
    }
  });
});
