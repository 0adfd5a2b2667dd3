// ordinal's StatefulSet add-ons end to end on `--runtime sim`, with Debian's kubectl 1.20 and the
// newest kubectl: a rollout to a template whose pods never become Ready (the sim annotation
// never-ready) blocks at web-2, `kubectl describe sts web` shows ordinal.dev/waiting-for naming
// web-2 while it is blocked, and `kubectl rollout undo` heals the set without anyone deleting the
// stuck pod (kubernetes issue 67250): the stuck-rollout healer deletes it and says so in a
// DeletedStuckPod event.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { eventually, findKubectls, FIXTURES, OrdinalServer, type Kubectl, type KubectlBinary, type RawClient } from "./harness.ts";

const SERVICE_YAML = join(FIXTURES, "headless-service.yaml");
const STORAGE_CLASS_YAML = join(FIXTURES, "stateful-storageclass.yaml");
const STATEFULSET_YAML = join(FIXTURES, "nginx-statefulset.yaml");
const WAIT_MS = 20_000;
const BROKEN = { spec: { template: { metadata: { annotations: { "sim.ordinal.dev/never-ready": "true" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.21" }] } } } };

describe("StatefulSet add-ons on the sim runtime", () => {
  let server: OrdinalServer;
  before(async () => {
    server = await OrdinalServer.start({ runtime: "sim" });
    await server.kubectl(findKubectls().at(-1)!, "storage-class").ok(["apply", "-f", STORAGE_CLASS_YAML]);
  });
  after(async () => {
    await server?.stop();
  });

  const bins = findKubectls();
  const chosen = [bins.find((b) => b.minor === 20), bins.at(-1)].filter((b, i, all): b is KubectlBinary => b !== undefined && all.indexOf(b) === i);
  for (const bin of chosen) {
    describe(`kubectl ${bin.version}`, { concurrency: 1 }, () => brokenRollout(bin, () => server));
  }
});

function brokenRollout(bin: KubectlBinary, srv: () => OrdinalServer): void {
  const ns = `addons-${bin.minor}`;
  let k: Kubectl;
  let api: RawClient;
  const kubectl = (...args: string[]) => k.ok([...args, "-n", ns]);
  const getSts = async () => (await api.get(`/apis/apps/v1/namespaces/${ns}/statefulsets/web`)).json();
  const pods = async () => new Map<string, any>((await api.get(`/api/v1/namespaces/${ns}/pods`)).json().items.map((p: any) => [p.metadata.name, p]));
  const settled = () =>
    eventually("web settled at 3 updated, ready replicas", async () => {
      const sts = await getSts();
      const s = sts.status ?? {};
      return s.observedGeneration >= sts.metadata.generation && s.readyReplicas === 3 && s.updatedReplicas === 3 && s.currentRevision === s.updateRevision ? sts : undefined;
    }, WAIT_MS);
  let healthy: Map<string, any>;

  before(async () => {
    k = srv().kubectl(bin);
    api = srv().client();
    await k.ok(["create", "namespace", ns]);
    await kubectl("apply", "-f", SERVICE_YAML);
    await kubectl("apply", "-f", STATEFULSET_YAML);
    await settled();
    healthy = await pods();
  });

  it("describe shows ordinal.dev/waiting-for naming web-2 while a never-ready rollout blocks", async () => {
    await kubectl("patch", "statefulset", "web", "-p", JSON.stringify(BROKEN));
    const described = await eventually("describe to show the waiting-for annotation", async () => {
      const out = await kubectl("describe", "statefulset", "web");
      return /^Annotations:\s+ordinal\.dev\/waiting-for: web-2 is not Ready/m.test(out) ? out : undefined;
    }, WAIT_MS);
    assert.match(described, /Normal\s+Waiting\s+.*web-2 is not Ready/);
    const sts = await getSts();
    assert.equal(sts.metadata.annotations["ordinal.dev/waiting-for"], "web-2 is not Ready: containers with unready status: [nginx]");
    const now = await pods();
    assert.deepEqual(
      ["web-0", "web-1", "web-2"].map((n) => [now.get(n).metadata.uid === healthy.get(n).metadata.uid, now.get(n).spec.containers[0].image]),
      [[true, "nginx:1.20"], [true, "nginx:1.20"], [false, "nginx:1.21"]],
      "only web-2 may have been replaced while the rollout is blocked",
    );
    assert.equal(now.get("web-2").metadata.labels["controller-revision-hash"], sts.status.updateRevision);
  });

  it("rollout undo heals the stuck rollout without a manual delete", async () => {
    const stuck = (await pods()).get("web-2");
    assert.equal(await kubectl("rollout", "undo", "statefulset/web"), "statefulset.apps/web rolled back\n");
    const sts = await settled();
    const now = await pods();
    assert.deepEqual(
      ["web-0", "web-1", "web-2"].map((n) => [n === "web-2" ? now.get(n).metadata.uid !== stuck.metadata.uid : now.get(n).metadata.uid === healthy.get(n).metadata.uid, now.get(n).spec.containers[0].image, now.get(n).metadata.labels["controller-revision-hash"]]),
      ["web-0", "web-1", "web-2"].map(() => [true, "nginx:1.20", sts.status.updateRevision]),
    );
    const events = (await api.get(`/api/v1/namespaces/${ns}/events?fieldSelector=involvedObject.kind=StatefulSet,reason=DeletedStuckPod`)).json().items;
    assert.deepEqual(events.map((e: any) => [e.type, e.involvedObject.name, e.source?.component]), [["Warning", "web", "stuck-rollout-healer"]]);
    assert.match(events[0].message, /^Deleted pod web-2: not Ready .* at revision web-\w+, which is neither the current nor the update revision/);
    await eventually("the waiting-for annotation to go", async () => ((await getSts()).metadata.annotations?.["ordinal.dev/waiting-for"] === undefined ? true : undefined), WAIT_MS);
  });
}
