import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { promisify } from "node:util";
import { parse } from "yaml";
import { identityFromCertificate } from "./client-identity.ts";
import { ensurePki } from "./ensure-pki.ts";
import { renderKubeconfig } from "./kubeconfig.ts";

const run = promisify(execFile);
const KUBECTL = "/usr/bin/kubectl";
const PEMS = { caPem: "CA PEM\n", clientCertPem: "CERT PEM\n", clientKeyPem: "KEY PEM\n" };
const b64 = (s: string) => Buffer.from(s).toString("base64");

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-kubeconfig-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("renderKubeconfig() writes one cluster, user and context, all current", () => {
  assert.deepEqual(parse(renderKubeconfig({ server: "https://127.0.0.1:6443", ...PEMS })), {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "ordinal", cluster: { server: "https://127.0.0.1:6443", "certificate-authority-data": b64("CA PEM\n") } }],
    users: [{ name: "ordinal-admin", user: { "client-certificate-data": b64("CERT PEM\n"), "client-key-data": b64("KEY PEM\n") } }],
    contexts: [{ name: "ordinal", context: { cluster: "ordinal", user: "ordinal-admin" } }],
    "current-context": "ordinal",
    preferences: {},
  });
});

test("renderKubeconfig() takes other cluster and user names", () => {
  const config = parse(renderKubeconfig({ server: "https://h:1", ...PEMS, clusterName: "lab", userName: "me" }));
  assert.equal(config["current-context"], "lab");
  assert.deepEqual(config.contexts, [{ name: "lab", context: { cluster: "lab", user: "me" } }]);
  assert.equal(config.users[0].name, "me");
});

// Go's TLS stack is stricter than OpenSSL's in places (issuer bytes, SAN matching), so let the
// real kubectl talk to a server using our certificates.
if (existsSync(KUBECTL)) {
  test("kubectl reads the kubeconfig and authenticates to a server with our certificates", () =>
    withDir(async (dir) => {
      const pki = await ensurePki(join(dir, "pki"), { hostnames: [], ips: [] });
      const seen: unknown[] = [];
      const server = createServer(
        { key: pki.serverKeyPem, cert: pki.serverCertPem, ca: pki.caCertPem, requestCert: true, rejectUnauthorized: true },
        (req, res) => {
          seen.push(identityFromCertificate((req.socket as TLSSocket).getPeerCertificate()));
          res.setHeader("content-type", "application/json");
          res.end('{"major":"1","minor":"32"}');
        },
      );
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as { port: number };
        const kubeconfig = join(dir, "kubeconfig");
        await writeFile(
          kubeconfig,
          renderKubeconfig({
            server: `https://127.0.0.1:${port}`,
            caPem: pki.caCertPem,
            clientCertPem: pki.adminCertPem,
            clientKeyPem: pki.adminKeyPem,
          }),
        );
        const view = await run(KUBECTL, ["--kubeconfig", kubeconfig, "config", "view", "--raw", "-o", "json"]);
        const viewed = JSON.parse(view.stdout);
        assert.equal(viewed["current-context"], "ordinal");
        assert.equal(viewed.users[0].user["client-key-data"], b64(pki.adminKeyPem));

        const raw = await run(KUBECTL, ["--kubeconfig", kubeconfig, "get", "--raw", "/version"]);
        assert.equal(raw.stdout.trim(), '{"major":"1","minor":"32"}');
        assert.deepEqual(seen[0], { user: "kubernetes-admin", groups: ["system:masters"] });
      } finally {
        server.close();
      }
    }));
}
