// The seed tutorials' everyday workflow, run with EVERY kubectl on the machine (1.20 from Debian, the
// side-by-side 1.27–1.33 builds), each in its own namespace of one ordinal: create namespace, apply the
// headless Service and the web StatefulSet verbatim from the seeds (fixtures/svc.yaml, statefulset.yaml
// and sts.yaml from seed 002), re-apply unchanged and changed files, get in table/wide/yaml/json/name/
// jsonpath form, get -w, patch (strategic, merge, json), scale, set image, edit through KUBE_EDITOR,
// delete with each cascade mode and --wait, delete the namespace.
// There is no StatefulSet controller yet, so no pods appear: READY stays 0/N and only API semantics are
// checked. Dependents for the cascade checks are ConfigMaps owned by the StatefulSet.
// Run: bin/node --test test/e2e/kubectl-workflow.test.ts (each test file starts its own ordinal).
import assert from "node:assert/strict";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { assertClaimTemplateDefaults, assertSeedStatefulSet, assertStatefulSetDefaults } from "./assert-stateful-set.ts";
import { eventually, findKubectls, fixture, FIXTURES, goJson, OrdinalServer, type Kubectl, type KubectlBinary } from "./harness.ts";

const SVC_YAML = join(FIXTURES, "svc.yaml");
/** The seed's web StatefulSet without storage, as first created in seed 002. */
const STATEFULSET_YAML = join(FIXTURES, "statefulset.yaml");
/** The same StatefulSet with the www volumeClaimTemplate, as applied later in seed 002. */
const STS_YAML = join(FIXTURES, "sts.yaml");

describe("kubectl workflow against ordinal", { concurrency: 4 }, () => {
  let server: OrdinalServer;
  before(async () => {
    server = await OrdinalServer.start();
  });
  after(async () => {
    await server?.stop();
  });

  it("findKubectls() finds Debian's kubectl 1.20", () => {
    assert.ok(findKubectls().some((b) => b.minor === 20), `found only ${findKubectls().map((b) => b.version).join(", ")}`);
  });

  for (const bin of findKubectls()) {
    describe(`kubectl ${bin.version}`, { concurrency: 1 }, () => workflow(bin, () => server));
  }
});

function workflow(bin: KubectlBinary, srv: () => OrdinalServer): void {
  const ns = `e2e-1-${bin.minor}`;
  let k: Kubectl;
  const inNs = (...args: string[]) => [...args, "-n", ns];
  const getSts = async () => JSON.parse(await k.ok(inNs("get", "sts", "web", "-o", "json")));
  const file = (name: string, text: string) => {
    const path = join(k.home, name);
    writeFileSync(path, text);
    return path;
  };
  const changedSts = () => {
    const text = fixture("statefulset.yaml").replace("replicas: 2", "replicas: 3").replace("image: nginx:1.17.8", "image: nginx:1.18");
    assert.notEqual(text, fixture("statefulset.yaml"));
    return text;
  };
  const raw = (path: string) => srv().client().get(path);
  const configMap = (name: string) => raw(`/api/v1/namespaces/${ns}/configmaps/${name}`);
  const createDependent = async (name: string) => {
    const owner = await getSts();
    const cm = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name,
        ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      data: { role: "dependent" },
    };
    assert.equal(await k.ok(inNs("create", "-f", "-"), { input: JSON.stringify(cm) }), `configmap/${name} created\n`);
  };

  before(() => {
    k = srv().kubectl(bin);
  });

  it("create namespace prints namespace/<name> created", async () => {
    assert.equal(await k.ok(["create", "namespace", ns]), `namespace/${ns} created\n`);
  });

  it("apply -f creates the seed's headless Service and StatefulSet", async () => {
    assert.equal(await k.ok(inNs("apply", "-f", SVC_YAML)), "service/nginx created\n");
    assert.equal(await k.ok(inNs("apply", "-f", STATEFULSET_YAML)), "statefulset.apps/web created\n");
    assertSeedStatefulSet(await getSts(), ns, { replicas: 2, image: "nginx:1.17.8", claims: false });
  });

  it("apply -f of unchanged files prints unchanged and writes nothing", async () => {
    // Controllers keep writing the set's status and annotations, so the spec and its generation
    // are what must not change.
    const before = await getSts();
    assert.equal(await k.ok(inNs("apply", "-f", STATEFULSET_YAML)), "statefulset.apps/web unchanged\n");
    assert.equal(await k.ok(inNs("apply", "-f", SVC_YAML)), "service/nginx unchanged\n");
    const after = await getSts();
    assert.equal(after.metadata.generation, before.metadata.generation);
    assert.deepEqual(after.spec, before.spec);
  });

  it("apply -f of a changed file prints configured and keeps last-applied-configuration verbatim", async () => {
    const path = file("sts-changed.yaml", changedSts());
    assert.equal(await k.ok(inNs("apply", "-f", path)), "statefulset.apps/web configured\n");
    const sts = await getSts();
    assertSeedStatefulSet(sts, ns, { replicas: 3, image: "nginx:1.18", claims: false });
    assert.equal(sts.metadata.generation, 2);
    const manifest = parseYaml(changedSts());
    manifest.metadata = { ...manifest.metadata, annotations: {}, namespace: ns };
    assert.equal(sts.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"], `${goJson(manifest)}\n`);
    assert.equal(await k.ok(inNs("apply", "-f", path)), "statefulset.apps/web unchanged\n");
  });

  it("get prints the server's columns for statefulsets and services", async () => {
    const sts = lines(await k.ok(inNs("get", "sts", "web")));
    assert.equal(sts[0], "NAME   READY   AGE");
    assert.match(sts[1], /^web    0\/3     \d+s$/);
    assert.equal(sts.length, 2);

    const wide = lines(await k.ok(inNs("get", "statefulset", "web", "-o", "wide")));
    assert.deepEqual(wide[0].split(/\s+/), ["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"]);
    assert.deepEqual(wide[1].split(/\s+/).filter((_, i) => i !== 2), ["web", "0/3", "nginx", "nginx:1.18"]);
    assert.equal(wide[1].indexOf("nginx "), wide[0].indexOf("CONTAINERS"));
    assert.equal(wide[1].indexOf("nginx:1.18"), wide[0].indexOf("IMAGES"));

    const svc = lines(await k.ok(inNs("get", "svc", "nginx")));
    assert.equal(svc[0], "NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE");
    assert.match(svc[1], /^nginx   ClusterIP   None         <none>        80\/TCP    \d+s$/);
    const svcWide = lines(await k.ok(inNs("get", "services", "-o", "wide")));
    assert.deepEqual(svcWide[0].split(/\s+/), ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"]);
    assert.match(svcWide[1], /^nginx\s+ClusterIP\s+None\s+<none>\s+80\/TCP\s+\d+s\s+app=nginx$/);

    // The StatefulSet controller has created web-0; with no node it stays Pending.
    assert.equal(await k.ok(inNs("get", "all", "-o", "name")), "pod/web-0\nservice/nginx\nstatefulset.apps/web\n");
  });

  it("get -o yaml, -o json, -o name and -o jsonpath show the stored object with its defaults", async () => {
    const fromYaml = parseYaml(await k.ok(inNs("get", "sts", "web", "-o", "yaml")));
    const fromJson = await getSts();
    assert.deepEqual(fromYaml, fromJson);
    assertSeedStatefulSet(fromJson, ns, { replicas: 3, image: "nginx:1.18", claims: false });
    assertStatefulSetDefaults(fromJson);
    assert.equal(await k.ok(inNs("get", "sts", "-o", "name")), "statefulset.apps/web\n");
    assert.equal(await k.ok(inNs("get", "sts", "-o", "jsonpath={.items[*].spec.template.spec.containers[0].image}")), "nginx:1.18");
    const list = JSON.parse(await k.ok(inNs("get", "sts", "-o", "json")));
    assert.equal(list.kind, "List");
    assert.deepEqual(list.items.map((i: any) => [i.kind, i.metadata.name]), [["StatefulSet", "web"]]);
  });

  it("get -w prints the row again after a later patch --type merge", async () => {
    const watch = k.stream(inNs("get", "sts", "web", "-w"));
    try {
      await watch.waitForLine(/^web\s+0\/3\s+\S+$/);
      assert.equal(watch.lines[0], "NAME   READY   AGE");
      const patch = inNs("patch", "sts", "web", "--type", "merge", "-p", '{"spec":{"replicas":4}}');
      assert.equal(await k.ok(patch), "statefulset.apps/web patched\n");
      await watch.waitForLine(/^web\s+0\/4\s+\S+$/);
    } finally {
      watch.stop();
    }
    assert.equal((await getSts()).spec.replicas, 4);
  });

  it("patch (strategic merge, the default) merges containers by name", async () => {
    const p = '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.19"}]}}}}';
    assert.equal(await k.ok(inNs("patch", "sts", "web", "-p", p)), "statefulset.apps/web patched\n");
    assertSeedStatefulSet(await getSts(), ns, { replicas: 4, image: "nginx:1.19", claims: false });
  });

  it("patch --type json applies RFC 6902 operations", async () => {
    const p = '[{"op":"replace","path":"/spec/replicas","value":2},{"op":"add","path":"/metadata/labels","value":{"tier":"web"}}]';
    assert.equal(await k.ok(inNs("patch", "sts", "web", "--type", "json", "-p", p)), "statefulset.apps/web patched\n");
    const sts = await getSts();
    assert.equal(sts.spec.replicas, 2);
    assert.deepEqual(sts.metadata.labels, { tier: "web" });
  });

  it("patch that changes nothing prints patched (no change) and keeps the resourceVersion", async () => {
    const before = (await getSts()).metadata.resourceVersion;
    const p = '{"spec":{"replicas":2}}';
    assert.equal(await k.ok(inNs("patch", "sts", "web", "--type", "merge", "-p", p)), "statefulset.apps/web patched (no change)\n");
    assert.equal((await getSts()).metadata.resourceVersion, before);
  });

  it("scale prints scaled, through the scale subresource with and without a precondition", async () => {
    assert.equal(await k.ok(inNs("scale", "sts", "web", "--replicas=3")), "statefulset.apps/web scaled\n");
    assert.equal((await getSts()).spec.replicas, 3);
    const wrong = await k.run(inNs("scale", "statefulset/web", "--current-replicas=2", "--replicas=5"));
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr, "error: Expected replicas to be 2, was 3\n");
    assert.equal(await k.ok(inNs("scale", "statefulset/web", "--current-replicas=3", "--replicas=4")), "statefulset.apps/web scaled\n");
    assert.equal((await getSts()).spec.replicas, 4);
  });

  it("set image prints image updated and keeps the rest of the container", async () => {
    assert.equal(await k.ok(inNs("set", "image", "statefulset/web", "nginx=nginx:1.21")), "statefulset.apps/web image updated\n");
    assertSeedStatefulSet(await getSts(), ns, { replicas: 4, image: "nginx:1.21", claims: false });
  });

  it("edit through KUBE_EDITOR prints edited; an untouched buffer cancels the edit", async () => {
    const editor = file("editor.sh", "#!/bin/sh\nsed -i '/^spec:/,/^status:/ s/^  replicas: [0-9]*$/  replicas: 6/' \"$1\"\n");
    chmodSync(editor, 0o755);
    assert.equal(await k.ok(inNs("edit", "sts/web"), { env: { KUBE_EDITOR: editor } }), "statefulset.apps/web edited\n");
    assert.equal((await getSts()).spec.replicas, 6);

    const cancelled = await k.run(inNs("edit", "sts/web"), { env: { KUBE_EDITOR: "/bin/true" } });
    assert.equal(cancelled.code, 0);
    assert.equal(cancelled.stderr, "Edit cancelled, no changes made.\n");
  });

  it("delete --cascade=background --wait removes the StatefulSet, then the GC its dependents", async () => {
    await createDependent("web-bg");
    const out = await k.ok(inNs("delete", "sts", "web", "--cascade=background", "--wait=true", "--timeout=30s"));
    assert.equal(out, 'statefulset.apps "web" deleted\n');
    const gone = await k.run(inNs("get", "sts", "web"));
    assert.equal(gone.code, 1);
    assert.equal(gone.stderr, 'Error from server (NotFound): statefulsets.apps "web" not found\n');
    await eventually("the GC to delete configmap web-bg", async () => ((await configMap("web-bg")).status === 404 ? true : undefined));
  });

  it("apply of sts.yaml creates the claim template; re-apply says configured but writes nothing", async () => {
    assert.equal(await k.ok(inNs("apply", "-f", STS_YAML)), "statefulset.apps/web created\n");
    const created = await getSts();
    assertSeedStatefulSet(created, ns, { replicas: 2, image: "nginx:1.17.8", claims: true });
    assertClaimTemplateDefaults(created);
    // volumeClaimTemplates is an atomic list that the server fills with defaults (apiVersion, kind,
    // volumeMode, status), so kubectl's three-way patch always carries it: upstream prints "configured"
    // on every re-apply of this seed (kubernetes/kubernetes#66450). The patch is a no-op: the spec
    // and its generation stay (the StatefulSet controller may write status meanwhile).
    assert.equal(await k.ok(inNs("apply", "-f", STS_YAML)), "statefulset.apps/web configured\n");
    const after = await getSts();
    assert.equal(after.metadata.generation, created.metadata.generation);
    assert.deepEqual(after.spec, created.spec);
  });

  it("delete --cascade=orphan --wait returns after the dependents lost their ownerReferences", async () => {
    await createDependent("web-orphan");
    const out = await k.ok(inNs("delete", "sts", "web", "--cascade=orphan", "--wait=true", "--timeout=30s"));
    assert.equal(out, 'statefulset.apps "web" deleted\n');
    assert.equal((await raw(`/apis/apps/v1/namespaces/${ns}/statefulsets/web`)).status, 404);
    const cm = await configMap("web-orphan");
    assert.equal(cm.status, 200);
    assert.deepEqual(cm.json().metadata.ownerReferences ?? [], []);
  });

  it("delete --cascade=foreground --wait returns after the dependents are gone", async () => {
    assert.equal(await k.ok(inNs("apply", "-f", STATEFULSET_YAML)), "statefulset.apps/web created\n");
    await createDependent("web-fg");
    const out = await k.ok(inNs("delete", "sts", "web", "--cascade=foreground", "--wait=true", "--timeout=30s"));
    assert.equal(out, 'statefulset.apps "web" deleted\n');
    assert.equal((await raw(`/apis/apps/v1/namespaces/${ns}/statefulsets/web`)).status, 404);
    assert.equal((await configMap("web-fg")).status, 404);
  });

  it("delete of a missing StatefulSet prints NotFound", async () => {
    const r = await k.run(inNs("delete", "sts", "web"));
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error from server (NotFound): statefulsets.apps "web" not found\n');
  });

  it("delete namespace --wait returns once the namespace and its contents are gone", async () => {
    assert.equal(await k.ok(["delete", "namespace", ns, "--wait=true", "--timeout=60s"]), `namespace "${ns}" deleted\n`);
    assert.equal((await raw(`/api/v1/namespaces/${ns}`)).status, 404);
    assert.equal((await raw(`/api/v1/namespaces/${ns}/services/nginx`)).status, 404);
    assert.equal((await configMap("web-orphan")).status, 404);
  });
}

function lines(out: string): string[] {
  return out.replace(/\n$/, "").split("\n");
}
