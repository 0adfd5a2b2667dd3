// The storage steps of the seeds on `--runtime sim`, driven by the real kubectl, with `kubectl get
// pvc` and `kubectl get pv` compared whole against upstream's columns (only AGE is read back):
// - seed 000 (Debian's kubectl 1.20 and the newest, one namespace each): the StorageClass
//   standard-stateful and the web StatefulSet give Bound claims www-web-N, each on its own PV
//   pvc-<claim uid> with a directory under $ORDINAL_HOME/volumes; scaling down keeps the claims and
//   scaling up re-uses them; the seed's cleanup (`delete pvc -l app=nginx-stateful`) removes the
//   claims only once their pods are gone, then the Delete PVs and their directories;
// - seed 001 (kubectl 1.20): stateful-demo in namespace experiments gets data-stateful-demo-N of the
//   default class, and they stay Bound after `kubectl delete -f`;
// - seed 004 (newest kubectl): the static PVs pv-a, pv-b, pv-c bind to data-kubia-0/1 (then -2), the
//   claims survive scaling to 0, and deleting a claim leaves its Retain PV Released.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { eventually, findKubectls, FIXTURES, OrdinalServer, type Kubectl, type KubectlBinary, type RawClient } from "./harness.ts";

const SEED_000_CLASS = join(FIXTURES, "stateful-storageclass.yaml");
const SEED_000_SERVICE = join(FIXTURES, "headless-service.yaml");
const SEED_000_STATEFULSET = join(FIXTURES, "nginx-statefulset.yaml");
const SEED_001 = join(FIXTURES, "storage/stateful-demo.yaml");
const SEED_004_PVS = join(FIXTURES, "storage/statefuleset-pv.yaml");
const SEED_004_SERVICE = join(FIXTURES, "storage/kubia-service-headless.yaml");
const SEED_004_STATEFULSET = join(FIXTURES, "storage/kubia-statefulset.yaml");
const WAIT_MS = 20_000;

const PVC_HEADER = ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"];
const PV_HEADER = ["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"];
const SC_HEADER = ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"];

/**
 * Asserts kubectl's printed table cell for cell: kubectl pads each column to its widest cell plus
 * three spaces, at least six. `rows` leave out AGE, the last column, which is read from `actual`.
 */
function assertTable(actual: string, header: string[], rows: string[][]): void {
  const ages = actual.trimEnd().split("\n").slice(1).map((line) => /\S+$/.exec(line)?.[0] ?? "");
  for (const age of ages) assert.match(age, /^\d+[smhd](\d+[smh])?$/, `AGE column in:\n${actual}`);
  const all = [header, ...rows.map((r, i) => [...r, ages[i] ?? "<missing>"])];
  const widths = header.map((_, c) => Math.max(6, ...all.map((r) => r[c].length + 3)));
  const expected = all.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join("")).join("\n") + "\n";
  assert.equal(actual, expected);
}

const chooseKubectls = (): KubectlBinary[] => {
  const bins = findKubectls();
  return [bins.find((b) => b.minor === 20), bins.at(-1)].filter((b, i, all): b is KubectlBinary => b !== undefined && all.indexOf(b) === i);
};

describe("storage steps of the seeds on the sim runtime", () => {
  let server: OrdinalServer;
  let api: RawClient;
  const [oldest, newest] = [chooseKubectls()[0], findKubectls().at(-1)!];
  before(async () => {
    server = await OrdinalServer.start({ runtime: "sim" });
    api = server.client();
  });
  after(async () => {
    await server?.stop();
  });

  const claim = async (ns: string, name: string) => {
    const r = await api.get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/${name}`);
    assert.equal(r.status, 200, r.text);
    return r.json();
  };
  const volume = (name: string) => api.get(`/api/v1/persistentvolumes/${name}`);
  const volumeDir = (pv: string) => join(server.home, "volumes", pv);
  const readyReplicas = (ns: string, sts: string, replicas: number) =>
    eventually(`${ns}/${sts} at ${replicas} ready replicas`, async () => {
      const s = (await api.get(`/apis/apps/v1/namespaces/${ns}/statefulsets/${sts}`)).json();
      const pods = (await api.get(`/api/v1/namespaces/${ns}/pods`)).json().items.filter((p: any) => p.metadata.name.startsWith(`${sts}-`));
      // Counts of 0 are left out of the status, as upstream's omitempty does.
      const st = s.status ?? {};
      const settled = st.observedGeneration >= s.metadata.generation && (st.replicas ?? 0) === replicas && (st.readyReplicas ?? 0) === replicas && pods.length === replicas;
      return settled ? pods : undefined;
    }, WAIT_MS);

  it("runs seed 000 with Debian's kubectl 1.20 and the newest kubectl", () => {
    assert.deepEqual(chooseKubectls().map((b) => b.minor === 20 || b === newest), [true, true]);
  });

  it("seed 000: apply the StorageClass, and get storageclass lists it beside the default", async () => {
    const k = server.kubectl(newest);
    assert.equal(await k.ok(["apply", "-f", SEED_000_CLASS]), "storageclass.storage.k8s.io/standard-stateful created\n");
    assertTable(await k.ok(["get", "storageclass"]), SC_HEADER, [
      ["standard (default)", "k8s.io/minikube-hostpath", "Delete", "Immediate", "false"],
      ["standard-stateful", "k8s.io/minikube-hostpath", "Delete", "Immediate", "false"],
    ]);
  });

  for (const bin of chooseKubectls()) {
    describe(`seed 000 with kubectl ${bin.version}`, () => {
      const ns = `storage-${bin.minor}`;
      let k: Kubectl;
      const kubectl = (...args: string[]) => k.ok([...args, "-n", ns]);
      const claims = ["www-web-0", "www-web-1", "www-web-2"];
      const claimRows = async () =>
        Promise.all(claims.map(async (name) => [name, "Bound", `pvc-${(await claim(ns, name)).metadata.uid}`, "1Gi", "RWO", "standard-stateful", "<unset>"]));
      before(async () => {
        k = server.kubectl(bin);
        await k.ok(["create", "namespace", ns]);
      });

      it("the seed's StatefulSet gets Bound claims www-web-N, each on PV pvc-<claim uid> with its own directory", async () => {
        await kubectl("apply", "-f", SEED_000_SERVICE);
        assert.equal(await kubectl("apply", "-f", SEED_000_STATEFULSET), "statefulset.apps/web created\n");
        await readyReplicas(ns, "web", 3);
        assertTable(await kubectl("get", "pvc"), PVC_HEADER, await claimRows());
        for (const name of claims) {
          const c = await claim(ns, name);
          assert.deepEqual(c.metadata.labels, { app: "nginx-stateful" });
          const pv = (await volume(c.spec.volumeName)).json();
          assert.deepEqual(
            [pv.spec.claimRef.uid, pv.spec.storageClassName, pv.spec.persistentVolumeReclaimPolicy, pv.spec.hostPath?.path, pv.metadata.annotations["pv.kubernetes.io/provisioned-by"]],
            [c.metadata.uid, "standard-stateful", "Delete", volumeDir(pv.metadata.name), "k8s.io/minikube-hostpath"],
          );
          assert.ok(existsSync(volumeDir(pv.metadata.name)), `no directory for ${pv.metadata.name}`);
        }
      });

      it("scale 3 → 1 keeps www-web-1 and www-web-2 Bound, and 1 → 3 gives the new pods the same claims", async () => {
        const rows = await claimRows();
        assert.equal(await kubectl("scale", "statefulset", "web", "--replicas=1"), "statefulset.apps/web scaled\n");
        await readyReplicas(ns, "web", 1);
        assertTable(await kubectl("get", "pvc"), PVC_HEADER, rows);
        await kubectl("scale", "statefulset", "web", "--replicas=3");
        const pods = await readyReplicas(ns, "web", 3);
        assertTable(await kubectl("get", "pvc"), PVC_HEADER, rows);
        const podClaims = pods.map((p: any) => [p.metadata.name, p.spec.volumes.filter((v: any) => v.persistentVolumeClaim).map((v: any) => v.persistentVolumeClaim.claimName)]);
        assert.deepEqual(podClaims.sort(), [["web-0", ["www-web-0"]], ["web-1", ["www-web-1"]], ["web-2", ["www-web-2"]]]);
      });

      it("the seed's cleanup removes the claims after their pods, then the Delete PVs and their directories", async () => {
        const pvs = await Promise.all(claims.map(async (name) => (await claim(ns, name)).spec.volumeName as string));
        assert.equal(await kubectl("delete", "statefulset", "web"), 'statefulset.apps "web" deleted\n');
        assert.equal(await kubectl("delete", "pvc", "-l", "app=nginx-stateful"), claims.map((c) => `persistentvolumeclaim "${c}" deleted\n`).join(""));
        // kubectl returned once the claims were gone; pvc-protection must have held them until no pod ran.
        const running = (await api.get(`/api/v1/namespaces/${ns}/pods`)).json().items.filter((p: any) => !["Succeeded", "Failed"].includes(p.status?.phase));
        assert.deepEqual(running.map((p: any) => p.metadata.name), []);
        await eventually("the PVs and their directories removed", async () => {
          const codes = await Promise.all(pvs.map(async (pv) => (await volume(pv)).status));
          return codes.every((c) => c === 404) && pvs.every((pv) => !existsSync(volumeDir(pv))) ? true : undefined;
        }, WAIT_MS);
      });
    });
  }

  describe(`seed 001 with kubectl ${oldest.version}`, () => {
    let k: Kubectl;
    const claims = ["data-stateful-demo-0", "data-stateful-demo-1", "data-stateful-demo-2"];
    const claimRows = () =>
      Promise.all(claims.map(async (name) => [name, "Bound", `pvc-${(await claim("experiments", name)).metadata.uid}`, "1Gi", "RWO", "standard", "<unset>"]));
    before(() => {
      k = server.kubectl(oldest);
    });

    it("stateful-demo gets Bound claims data-stateful-demo-N of the default class", async () => {
      assert.equal(await k.ok(["create", "namespace", "experiments"]), "namespace/experiments created\n");
      assert.equal(await k.ok(["apply", "-f", SEED_001]), "service/stateful-svc created\nstatefulset.apps/stateful-demo created\n");
      await readyReplicas("experiments", "stateful-demo", 3);
      assertTable(await k.ok(["get", "pvc", "-n", "experiments"]), PVC_HEADER, await claimRows());
    });

    it("kubectl delete -f removes the StatefulSet and its pods and keeps the claims Bound", async () => {
      const rows = await claimRows();
      await k.ok(["delete", "-f", SEED_001]);
      await eventually("the pods gone", async () => ((await api.get("/api/v1/namespaces/experiments/pods")).json().items.length === 0 ? true : undefined), WAIT_MS);
      assertTable(await k.ok(["get", "pvc", "-n", "experiments"]), PVC_HEADER, rows);
    });
  });

  describe(`seed 004 with kubectl ${newest.version}`, () => {
    let k: Kubectl;
    const pvRow = (name: string, status: string, claimName: string) => [name, "1Mi", "RWO", "Retain", status, claimName, "", "<unset>", ""];
    const getPvs = () => k.ok(["get", "pv", "pv-a", "pv-b", "pv-c"]);
    before(() => {
      k = server.kubectl(newest);
    });

    it("the static PVs pv-a, pv-b, pv-c are Available", async () => {
      assert.equal(await k.ok(["apply", "-f", SEED_004_PVS]), "persistentvolume/pv-a created\npersistentvolume/pv-b created\npersistentvolume/pv-c created\n");
      await eventually("the PVs Available", async () => {
        const phases = await Promise.all(["pv-a", "pv-b", "pv-c"].map(async (n) => (await volume(n)).json().status?.phase));
        return phases.every((p) => p === "Available") ? true : undefined;
      });
      assertTable(await getPvs(), PV_HEADER, [pvRow("pv-a", "Available", ""), pvRow("pv-b", "Available", ""), pvRow("pv-c", "Available", "")]);
    });

    it("kubia's claims data-kubia-0 and data-kubia-1 bind pv-a and pv-b, with no class, as in the seed", async () => {
      await k.ok(["apply", "-f", SEED_004_SERVICE]);
      assert.equal(await k.ok(["create", "-f", SEED_004_STATEFULSET]), "statefulset.apps/kubia created\n");
      await readyReplicas("default", "kubia", 2);
      const rows = [["data-kubia-0", "Bound", "pv-a", "1Mi", "RWO", "", "<unset>"], ["data-kubia-1", "Bound", "pv-b", "1Mi", "RWO", "", "<unset>"]];
      assertTable(await k.ok(["get", "pvc"]), PVC_HEADER, rows);
      assertTable(await getPvs(), PV_HEADER, [pvRow("pv-a", "Bound", "default/data-kubia-0"), pvRow("pv-b", "Bound", "default/data-kubia-1"), pvRow("pv-c", "Available", "")]);
    });

    it("scale 3 binds pv-c; scale 0 keeps every claim Bound; scale 2 re-uses data-kubia-0 and data-kubia-1", async () => {
      await k.ok(["scale", "statefulset", "kubia", "--replicas=3"]);
      await readyReplicas("default", "kubia", 3);
      const bound = [pvRow("pv-a", "Bound", "default/data-kubia-0"), pvRow("pv-b", "Bound", "default/data-kubia-1"), pvRow("pv-c", "Bound", "default/data-kubia-2")];
      assertTable(await getPvs(), PV_HEADER, bound);
      const uids = await Promise.all([0, 1, 2].map(async (i) => (await claim("default", `data-kubia-${i}`)).metadata.uid));
      await k.ok(["scale", "statefulset", "kubia", "--replicas=0"]);
      await readyReplicas("default", "kubia", 0);
      assertTable(await getPvs(), PV_HEADER, bound);
      await k.ok(["scale", "statefulset", "kubia", "--replicas=2"]);
      const pods = await readyReplicas("default", "kubia", 2);
      assert.deepEqual(pods.map((p: any) => p.spec.volumes[0].persistentVolumeClaim.claimName).sort(), ["data-kubia-0", "data-kubia-1"]);
      assert.deepEqual(await Promise.all([0, 1, 2].map(async (i) => (await claim("default", `data-kubia-${i}`)).metadata.uid)), uids);
      assertTable(await getPvs(), PV_HEADER, bound);
    });

    it("deleting the unused claim data-kubia-2 leaves its Retain PV pv-c Released", async () => {
      assert.equal(await k.ok(["delete", "pvc", "data-kubia-2"]), 'persistentvolumeclaim "data-kubia-2" deleted\n');
      await eventually("pv-c Released", async () => ((await volume("pv-c")).json().status?.phase === "Released" ? true : undefined));
      assertTable(await getPvs(), PV_HEADER, [pvRow("pv-a", "Bound", "default/data-kubia-0"), pvRow("pv-b", "Bound", "default/data-kubia-1"), pvRow("pv-c", "Released", "default/data-kubia-2")]);
    });
  });
});
