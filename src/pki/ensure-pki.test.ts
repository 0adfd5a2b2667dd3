import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, stat, unlink, writeFile } from "node:fs/promises";
import { request, createServer } from "node:https";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { promisify } from "node:util";
import { identityFromCertificate } from "./client-identity.ts";
import { ensurePki, type Pki } from "./ensure-pki.ts";

const run = promisify(execFile);
const OPTS = { hostnames: ["ordinal.example"], ips: ["10.1.2.3"] };
const DAY_MS = 24 * 60 * 60 * 1000;

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "ordinal-pki-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const certs = (pki: Pki) => ({ ca: pki.caCertPem, server: pki.serverCertPem, admin: pki.adminCertPem });

test("ensurePki() creates a CA, a serving and an admin certificate in a fresh directory, quickly", () =>
  withDir(async (dir) => {
    const started = performance.now();
    const pki = await ensurePki(join(dir, "pki"), OPTS);
    assert.ok(performance.now() - started < 300, `took ${performance.now() - started} ms`);

    const ca = new X509Certificate(pki.caCertPem);
    assert.equal(ca.ca, true);
    assert.equal(ca.subject, "CN=ordinal-ca");
    assert.ok(ca.checkIssued(ca) && ca.verify(ca.publicKey));
    assert.ok(ca.validToDate.getTime() - Date.now() > 3649 * DAY_MS);
    assert.equal(ca.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");

    const server = new X509Certificate(pki.serverCertPem);
    assert.equal(server.ca, false);
    assert.ok(server.verify(ca.publicKey) && server.checkIssued(ca));
    assert.deepEqual(server.keyUsage, ["1.3.6.1.5.5.7.3.1"]);
    for (const name of ["localhost", hostname().toLowerCase(), "ordinal.example"]) {
      assert.equal(server.checkHost(name, { subject: "never" }), name);
    }
    for (const ip of ["127.0.0.1", "::1", "10.1.2.3"]) assert.ok(server.checkIP(ip), ip);
    assert.equal(server.checkHost("other.example"), undefined);

    const admin = new X509Certificate(pki.adminCertPem);
    assert.ok(admin.verify(ca.publicKey));
    assert.deepEqual(admin.keyUsage, ["1.3.6.1.5.5.7.3.2"]);
    assert.deepEqual(identityFromCertificate(admin), { user: "kubernetes-admin", groups: ["system:masters"] });

    for (const key of [pki.caKeyPath, pki.serverKeyPath, pki.adminKeyPath]) {
      assert.equal((await stat(key)).mode & 0o777, 0o600, key);
    }
    if (existsSync("/usr/bin/openssl")) {
      const { stdout } = await run("/usr/bin/openssl", ["verify", "-CAfile", pki.caCertPath, pki.serverCertPath, pki.adminCertPath]);
      assert.equal(stdout, `${pki.serverCertPath}: OK\n${pki.adminCertPath}: OK\n`);
    }
  }));

test("ensurePki() reuses everything on the next run", () =>
  withDir(async (dir) => {
    const first = await ensurePki(dir, OPTS);
    const second = await ensurePki(dir, OPTS);
    assert.deepEqual(second, first);
  }));

test("ensurePki() re-issues only the serving certificate for a new name, from the same CA", () =>
  withDir(async (dir) => {
    const first = await ensurePki(dir, OPTS);
    const second = await ensurePki(dir, { hostnames: ["new.example"], ips: ["192.168.9.9"] });
    assert.equal(second.caCertPem, first.caCertPem);
    assert.equal(second.adminCertPem, first.adminCertPem);
    assert.notEqual(second.serverCertPem, first.serverCertPem);
    const server = new X509Certificate(second.serverCertPem);
    assert.ok(server.verify(new X509Certificate(first.caCertPem).publicKey));
    assert.ok(server.checkHost("new.example", { subject: "never" }) && server.checkIP("192.168.9.9"));
  }));

test("ensurePki() renews leaf certificates near expiry but keeps the CA", () =>
  withDir(async (dir) => {
    const first = await ensurePki(dir, OPTS);
    const later = await ensurePki(dir, { ...OPTS, now: new Date(Date.now() + 340 * DAY_MS) });
    assert.equal(later.caCertPem, first.caCertPem);
    assert.notEqual(later.serverCertPem, first.serverCertPem);
    assert.notEqual(later.adminCertPem, first.adminCertPem);
  }));

test("ensurePki() replaces a damaged leaf and starts over when half the CA is gone", () =>
  withDir(async (dir) => {
    const first = await ensurePki(dir, OPTS);
    await writeFile(first.adminKeyPath, "not a key");
    const repaired = await ensurePki(dir, OPTS);
    assert.deepEqual({ ...certs(repaired), admin: first.adminCertPem }, certs(first));
    assert.notEqual(repaired.adminCertPem, first.adminCertPem);

    await unlink(first.caKeyPath);
    const fresh = await ensurePki(dir, OPTS);
    for (const k of ["ca", "server", "admin"] as const) assert.notEqual(certs(fresh)[k], certs(first)[k]);
    assert.ok(new X509Certificate(fresh.adminCertPem).verify(new X509Certificate(fresh.caCertPem).publicKey));
  }));

test("ensurePki() refuses to replace a CA it cannot read or that has expired", () =>
  withDir(async (dir) => {
    const pki = await ensurePki(dir, OPTS);
    await assert.rejects(
      ensurePki(dir, { ...OPTS, now: new Date(Date.now() + 3651 * DAY_MS) }),
      /ca\.crt is not a valid CA certificate at .*; remove it and its key/,
    );
    await writeFile(pki.caCertPath, "garbage");
    await assert.rejects(ensurePki(dir, OPTS), /ca\.crt: cannot read the certificate or its key/);
    await writeFile(pki.caCertPath, pki.serverCertPem);
    await assert.rejects(ensurePki(dir, OPTS), /ca\.crt: the certificate does not match/);
  }));

test("a TLS server with the serving certificate authenticates the admin certificate", () =>
  withDir(async (dir) => {
    const pki = await ensurePki(dir, OPTS);
    const server = createServer(
      { key: pki.serverKeyPem, cert: pki.serverCertPem, ca: pki.caCertPem, requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        const socket = req.socket as TLSSocket;
        res.end(JSON.stringify({ authorized: socket.authorized, ...identityFromCertificate(socket.getPeerCertificate()) }));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const get = (client: { cert?: string; key?: string }) =>
      new Promise<unknown>((resolve, reject) => {
        request({ host: "127.0.0.1", port, path: "/", ca: pki.caCertPem, ...client }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve(JSON.parse(body)));
        }).on("error", reject).end();
      });
    try {
      assert.deepEqual(await get({ cert: pki.adminCertPem, key: pki.adminKeyPem }), {
        authorized: true, user: "kubernetes-admin", groups: ["system:masters"],
      });
      const stranger = await ensurePki(join(dir, "other"), OPTS);
      assert.deepEqual(await get({ cert: stranger.adminCertPem, key: stranger.adminKeyPem }), {
        authorized: false, user: "kubernetes-admin", groups: ["system:masters"],
      });
      assert.deepEqual(await get({}), { authorized: false, user: "", groups: [] });
    } finally {
      server.close();
    }
  }));
