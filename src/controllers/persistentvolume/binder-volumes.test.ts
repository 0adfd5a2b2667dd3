import { test } from "node:test";
import assert from "node:assert/strict";
import { InTreeVolumeDeleter } from "./static-volume-deleter.ts";
import { claim, each, noClaims, noVolumes, runBinderCase, volume, withAnnotation, type BinderCase } from "./_binder-fixtures.ts";
import { annBindCompleted as bc, annBoundByController as bbc, annDynamicallyProvisioned, type PersistentVolume } from "./volume-types.ts";

const failed = (message: string, vs: PersistentVolume[]) => each(vs, (v) => void (v.status = { phase: "Failed", message }));
const at = (path: string, vs: PersistentVolume[]) => each(vs, (v) => void (v.spec.hostPath = { path }));
const local = (vs: PersistentVolume[]) =>
  each(vs, (v) => {
    delete v.spec.hostPath;
    v.spec.local = { path: "/mnt/disk" };
  });

const cases: BinderCase[] = [
  {
    name: "4-1 - new volume becomes Available",
    initialVolumes: [volume("volume4-1", "10Gi", "", "", "Pending", "Retain")],
    expectedVolumes: [volume("volume4-1", "10Gi", "", "", "Available", "Retain")],
    initialClaims: noClaims,
    expectedClaims: noClaims,
    test: "volume",
  },
  {
    name: "4-2 - volume pre-bound by name is Available until its claim binds",
    initialVolumes: [volume("volume4-2", "10Gi", "", "claim4-2", "Pending", "Retain")],
    expectedVolumes: [volume("volume4-2", "10Gi", "", "claim4-2", "Available", "Retain")],
    initialClaims: noClaims,
    expectedClaims: noClaims,
    test: "volume",
  },
  {
    name: "4-3 - volume whose claim is gone is Released and Retain keeps it",
    initialVolumes: [volume("volume4-3", "10Gi", "uid4-3", "claim4-3", "Bound", "Retain", bbc)],
    expectedVolumes: [volume("volume4-3", "10Gi", "uid4-3", "claim4-3", "Released", "Retain", bbc)],
    initialClaims: noClaims,
    expectedClaims: noClaims,
    test: "volume",
  },
  {
    name: "4-4 - volume bound by the controller to a claim bound elsewhere is unbound",
    initialVolumes: [volume("volume4-4", "10Gi", "uid4-4", "claim4-4", "Bound", "Retain", bbc)],
    expectedVolumes: [volume("volume4-4", "10Gi", "", "", "Available", "Retain")],
    initialClaims: [claim("claim4-4", "uid4-4", "10Gi", "volume4-4-other", "Bound", bbc, bc)],
    expectedClaims: [claim("claim4-4", "uid4-4", "10Gi", "volume4-4-other", "Bound", bbc, bc)],
    test: "volume",
  },
  {
    name: "4-5 - volume pre-bound by the user to a claim bound elsewhere keeps the name only",
    initialVolumes: [volume("volume4-5", "10Gi", "uid4-5", "claim4-5", "Bound", "Retain")],
    expectedVolumes: [volume("volume4-5", "10Gi", "", "claim4-5", "Available", "Retain")],
    initialClaims: [claim("claim4-5", "uid4-5", "10Gi", "volume4-5-other", "Bound", bbc, bc)],
    expectedClaims: [claim("claim4-5", "uid4-5", "10Gi", "volume4-5-other", "Bound", bbc, bc)],
    test: "volume",
  },
  {
    name: "4-6 - volume bound both ways becomes Bound",
    initialVolumes: [volume("volume4-6", "10Gi", "uid4-6", "claim4-6", "Available", "Retain", bbc)],
    expectedVolumes: [volume("volume4-6", "10Gi", "uid4-6", "claim4-6", "Bound", "Retain", bbc)],
    initialClaims: [claim("claim4-6", "uid4-6", "10Gi", "volume4-6", "Bound", bbc, bc)],
    expectedClaims: [claim("claim4-6", "uid4-6", "10Gi", "volume4-6", "Bound", bbc, bc)],
    test: "volume",
  },
  {
    name: "4-7 - volume whose claim has not taken it yet asks for a claim sync",
    initialVolumes: [volume("volume4-7", "10Gi", "uid4-7", "claim4-7", "Pending", "Delete", annDynamicallyProvisioned)],
    expectedVolumes: [volume("volume4-7", "10Gi", "uid4-7", "claim4-7", "Pending", "Delete", annDynamicallyProvisioned)],
    initialClaims: [claim("claim4-7", "uid4-7", "10Gi", "", "Pending")],
    expectedClaims: [claim("claim4-7", "uid4-7", "10Gi", "", "Pending")],
    expectedRequeues: ["default/claim4-7"],
    test: "volume",
  },
  {
    name: "4-8 - Recycle is refused: no recycler",
    initialVolumes: [volume("volume4-8", "10Gi", "uid4-8", "claim4-8", "Bound", "Recycle")],
    expectedVolumes: failed("No recycler plugin found for the volume!", [volume("volume4-8", "10Gi", "uid4-8", "claim4-8", "Failed", "Recycle")]),
    initialClaims: noClaims,
    expectedClaims: noClaims,
    expectedEvents: ["Warning VolumeFailedRecycle No recycler plugin found for the volume!"],
    test: "volume",
  },
  {
    name: "4-9 - Delete removes a released hostPath volume under /tmp",
    initialVolumes: [volume("volume4-9", "10Gi", "uid4-9", "claim4-9", "Bound", "Delete")],
    expectedVolumes: noVolumes,
    initialClaims: noClaims,
    expectedClaims: noClaims,
    test: "volume",
  },
  {
    name: "4-10 - Delete of a hostPath volume outside /tmp fails",
    initialVolumes: at("/data/volume4-10", [volume("volume4-10", "10Gi", "uid4-10", "claim4-10", "Bound", "Delete")]),
    expectedVolumes: failed("host_path deleter only supports /tmp/.+ but received provided /data/volume4-10", at("/data/volume4-10", [volume("volume4-10", "10Gi", "uid4-10", "claim4-10", "Failed", "Delete")])),
    initialClaims: noClaims,
    expectedClaims: noClaims,
    expectedEvents: ["Warning VolumeFailedDelete host_path deleter only supports /tmp/.+ but received provided /data/volume4-10"],
    test: "volume",
  },
  {
    name: "4-11 - Delete of a local volume fails: nothing deletes it",
    initialVolumes: local([volume("volume4-11", "10Gi", "uid4-11", "claim4-11", "Bound", "Delete")]),
    expectedVolumes: failed('error getting deleter volume plugin for volume "volume4-11": no deletable volume plugin matched', local([volume("volume4-11", "10Gi", "uid4-11", "claim4-11", "Failed", "Delete")])),
    initialClaims: noClaims,
    expectedClaims: noClaims,
    expectedEvents: ["Warning VolumeFailedDelete"],
    test: "volume",
  },
  {
    name: "4-12 - Delete of a provisioned volume is left to its provisioner",
    initialVolumes: withAnnotation(annDynamicallyProvisioned, "k8s.io/minikube-hostpath", [volume("volume4-12", "10Gi", "uid4-12", "claim4-12", "Bound", "Delete")]),
    expectedVolumes: withAnnotation(annDynamicallyProvisioned, "k8s.io/minikube-hostpath", [volume("volume4-12", "10Gi", "uid4-12", "claim4-12", "Released", "Delete")]),
    initialClaims: noClaims,
    expectedClaims: noClaims,
    test: "volume",
  },
  {
    name: "4-13 - a claim re-created under the same name does not hold the old volume",
    initialVolumes: [volume("volume4-13", "10Gi", "uid4-13", "claim4-13", "Bound", "Retain", bbc)],
    expectedVolumes: [volume("volume4-13", "10Gi", "uid4-13", "claim4-13", "Released", "Retain", bbc)],
    initialClaims: [claim("claim4-13", "uid4-13-new", "10Gi", "", "Pending")],
    expectedClaims: [claim("claim4-13", "uid4-13-new", "10Gi", "", "Pending")],
    test: "volume",
  },
  {
    name: "4-14 - a provisioned volume whose claim bound elsewhere is released for deletion",
    initialVolumes: withAnnotation(annDynamicallyProvisioned, "ordinal.dev/hostpath", [volume("volume4-14", "10Gi", "uid4-14", "claim4-14", "Bound", "Delete")]),
    expectedVolumes: withAnnotation(annDynamicallyProvisioned, "ordinal.dev/hostpath", [volume("volume4-14", "10Gi", "uid4-14", "claim4-14", "Released", "Delete")]),
    initialClaims: [claim("claim4-14", "uid4-14", "10Gi", "volume4-14-other", "Bound", bbc, bc)],
    expectedClaims: [claim("claim4-14", "uid4-14", "10Gi", "volume4-14-other", "Bound", bbc, bc)],
    test: "volume",
  },
  {
    name: "4-15 - a Failed volume is not marked Released again",
    initialVolumes: failed("earlier", [volume("volume4-15", "10Gi", "uid4-15", "claim4-15", "Failed", "Retain")]),
    expectedVolumes: failed("earlier", [volume("volume4-15", "10Gi", "uid4-15", "claim4-15", "Failed", "Retain")]),
    initialClaims: noClaims,
    expectedClaims: noClaims,
    test: "volume",
  },
];

for (const c of cases) {
  test(`syncVolume() ${c.name}`, () => runBinderCase(c, new InTreeVolumeDeleter(async () => {})));
}

test("InTreeVolumeDeleter removes the hostPath directory it deletes", async () => {
  const removed: string[] = [];
  const deleter = new InTreeVolumeDeleter(async (path) => void removed.push(path));
  const pv = volume("volume-rm", "1Gi", "uid", "claim", "Released", "Delete");
  assert.equal(await deleter.delete(pv), "deleted");
  assert.deepEqual(removed, ["/tmp/volume-rm"]);
  assert.equal(await deleter.delete(withAnnotation(annDynamicallyProvisioned, "rancher.io/local-path", [pv])[0]), "external");
  assert.deepEqual(removed, ["/tmp/volume-rm"]);
});
