// How every kubectl on the machine reports ordinal's errors: 422 Invalid with field paths (a bad name, a
// selector that does not match the template labels, a change to an immutable field), 409 Conflict on a
// stale replace and AlreadyExists on a second create, 404 NotFound, and 401 for an unknown token.
// kubectl prints Invalid from the Status details (`The <Kind> "<name>" is invalid: <field>: <message>`),
// and the rest as `Error from server (<reason>): <message>`; see kubectl-contract.md §8.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { findKubectls, fixture, FIXTURES, OrdinalServer, type Kubectl, type KubectlBinary } from "./harness.ts";

const STS_YAML = join(FIXTURES, "sts.yaml");
const IMMUTABLE =
  "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', " +
  "'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and " +
  "'minReadySeconds' are forbidden";
const CONFLICT =
  'Operation cannot be fulfilled on statefulsets.apps "web": the object has been modified; please apply your changes to the latest version and try again';

describe("kubectl error reporting against ordinal", { concurrency: 4 }, () => {
  let server: OrdinalServer;
  before(async () => {
    server = await OrdinalServer.start();
  });
  after(async () => {
    await server?.stop();
  });

  for (const bin of findKubectls()) {
    describe(`kubectl ${bin.version}`, { concurrency: 1 }, () => errors(bin, () => server));
  }
});

function errors(bin: KubectlBinary, srv: () => OrdinalServer): void {
  const ns = `err-1-${bin.minor}`;
  let k: Kubectl;
  const inNs = (...args: string[]) => [...args, "-n", ns];
  const file = (name: string, text: string) => {
    const path = join(k.home, name);
    writeFileSync(path, text);
    return path;
  };
  const fails = async (args: string[], opts: { env?: Record<string, string> } = {}) => {
    const r = await k.run(args, opts);
    assert.equal(r.code, 1, `expected exit 1 from kubectl ${args.join(" ")}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    assert.equal(r.stdout, "");
    return r.stderr;
  };

  before(async () => {
    k = srv().kubectl(bin);
    const created = await srv().client().request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } });
    assert.equal(created.status, 201, created.text);
    assert.equal(await k.ok(inNs("apply", "-f", STS_YAML)), "statefulset.apps/web created\n");
  });

  it("apply of a StatefulSet with an invalid name prints the metadata.name cause", async () => {
    const text = fixture("sts.yaml").replace("\n  name: web\n", "\n  name: Web_1\n");
    assert.notEqual(text, fixture("sts.yaml"));
    const stderr = await fails(inNs("apply", "-f", file("bad-name.yaml", text)));
    const prefix =
      'The StatefulSet "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of ' +
      "lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    assert.ok(stderr.startsWith(prefix), stderr);
    assert.equal(stderr.split("\n").length, 2, stderr);
  });

  it("apply of a StatefulSet whose selector does not match its template labels prints that cause", async () => {
    const text = fixture("sts.yaml")
      .replace("\n  name: web\n", "\n  name: web-mismatch\n")
      .replace("\n      labels:\n        app: nginx\n", "\n      labels:\n        app: other\n");
    const stderr = await fails(inNs("apply", "-f", file("mismatch.yaml", text)));
    assert.equal(
      stderr,
      'The StatefulSet "web-mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: ' +
        "`selector` does not match template `labels`\n",
    );
  });

  it("apply that changes volumeClaimTemplates prints the immutable-spec cause", async () => {
    const text = fixture("sts.yaml").replace("storage: 1Gi", "storage: 2Gi");
    assert.notEqual(text, fixture("sts.yaml"));
    assert.equal(await fails(inNs("apply", "-f", file("resize.yaml", text))), `${IMMUTABLE}\n`);
  });

  it("replace with a stale resourceVersion prints Conflict", async () => {
    const stale = await k.ok(inNs("get", "sts", "web", "-o", "json"));
    assert.equal(await k.ok(inNs("scale", "sts", "web", "--replicas=3")), "statefulset.apps/web scaled\n");
    const path = file("stale.json", stale);
    assert.equal(await fails(inNs("replace", "-f", path)), `Error from server (Conflict): error when replacing "${path}": ${CONFLICT}\n`);
  });

  it("create of an existing StatefulSet prints AlreadyExists", async () => {
    const stderr = await fails(inNs("create", "-f", STS_YAML));
    assert.equal(stderr, `Error from server (AlreadyExists): error when creating "${STS_YAML}": statefulsets.apps "web" already exists\n`);
  });

  it("get of a missing StatefulSet prints NotFound", async () => {
    assert.equal(await fails(inNs("get", "sts", "nope")), 'Error from server (NotFound): statefulsets.apps "nope" not found\n');
  });

  it("an unknown token prints You must be logged in (discovery cached)", async () => {
    const stderr = await fails(inNs("get", "sts", "web"), { env: { KUBECONFIG: unknownTokenKubeconfig(srv(), k.home) } });
    assert.equal(lastLine(stderr), "error: You must be logged in to the server (Unauthorized)");
  });

  it("an unknown token prints You must be logged in (cold discovery)", async () => {
    const cold = srv().kubectl(bin, `${bin.version}-cold`);
    const r = await cold.run(inNs("get", "sts", "web"), { env: { KUBECONFIG: unknownTokenKubeconfig(srv(), cold.home) } });
    assert.equal(r.code, 1);
    // client-go >= 0.26 reads discovery with Result.Raw(), which keeps the generic 401 message instead of the
    // server's Status; older clients decode the Status and print its message.
    const message = bin.minor >= 26 ? "the server has asked for the client to provide credentials" : "Unauthorized";
    assert.equal(lastLine(r.stderr), `error: You must be logged in to the server (${message})`);
  });
}

/**
 * A kubeconfig that trusts the server's CA but presents only an unknown bearer token. (With no
 * credentials at all kubectl would prompt for a basic-auth username on stdin instead of calling.)
 */
function unknownTokenKubeconfig(server: OrdinalServer, dir: string): string {
  const creds = server.credentials();
  const path = join(dir, "unknown-token.kubeconfig");
  const yaml = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: ordinal",
    "  cluster:",
    `    server: ${creds.url}`,
    `    certificate-authority-data: ${creds.ca.toString("base64")}`,
    "users:",
    "- name: stranger",
    "  user:",
    "    token: not-a-token-ordinal-issued",
    "contexts:",
    "- name: ordinal",
    "  context:",
    "    cluster: ordinal",
    "    user: stranger",
    "current-context: ordinal",
    "",
  ].join("\n");
  writeFileSync(path, yaml);
  return path;
}

function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1) ?? "";
}
