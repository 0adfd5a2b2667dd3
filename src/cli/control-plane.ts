// Assembles one ordinal process: store, registry, API server, controllers, bootstrap objects.
import { mkdir, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import type { KubeObject } from "../api/meta.ts";
import { isAlreadyExists } from "../api/status-error.ts";
import { ApiServer } from "../apiserver/http/api-server.ts";
import { allStrategies } from "../apiserver/registry/kinds/index.ts";
import { ResourceRegistry } from "../apiserver/registry/resource-registry.ts";
import { InProcessClient } from "../client/in-process-client.ts";
import { GarbageCollector } from "../controllers/garbage-collector/garbage-collector.ts";
import { NamespaceController } from "../controllers/namespace/namespace-controller.ts";
import { ensurePki } from "../pki/ensure-pki.ts";
import { renderKubeconfig } from "../pki/kubeconfig.ts";
import { ensureToken } from "../pki/token.ts";
import { SqliteBackend } from "../store/sqlite/sqlite-backend.ts";

export interface ControlPlaneOptions {
  home: string;
  host: string;
  port: number;
  runtime: "runc" | "sim";
}

export interface ControlPlane {
  url: string;
  kubeconfigPath: string;
  client: InProcessClient;
  stop(): Promise<void>;
}

const BOOTSTRAP_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  await mkdir(opts.home, { recursive: true, mode: 0o700 });
  const ips = ["127.0.0.1", "::1"];
  if (opts.host !== "0.0.0.0" && opts.host !== "::" && !ips.includes(opts.host) && opts.host !== "localhost") ips.push(opts.host);
  const pki = await ensurePki(join(opts.home, "pki"), { hostnames: ["localhost", hostname()], ips });
  const token = await ensureToken(opts.home);
  const historyMaxEvents = Number(process.env.ORDINAL_HISTORY_MAX_EVENTS) || undefined;
  const backend = SqliteBackend.open(join(opts.home, "ordinal.db"), historyMaxEvents ? { historyMaxEvents } : undefined);
  const registry = new ResourceRegistry(backend, allStrategies(backend));
  let ready = false;
  const server = new ApiServer({
    registry,
    tls: { cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem },
    tokens: [token],
    ready: () => ready,
  });
  const bound = await server.listen(opts.host, opts.port);
  const shownHost = opts.host === "0.0.0.0" ? "127.0.0.1" : opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  const url = `https://${shownHost}:${bound.port}`;
  const kubeconfigPath = join(opts.home, "kubeconfig");
  await writeFile(
    kubeconfigPath,
    renderKubeconfig({ server: url, caPem: pki.caCertPem, clientCertPem: pki.adminCertPem, clientKeyPem: pki.adminKeyPem }),
    { mode: 0o600 },
  );

  const client = new InProcessClient(registry);
  await bootstrap(client);
  const stores = registry.all();
  const gc = new GarbageCollector(
    client,
    stores.map((s) => ({ id: { group: s.strategy.names.group, version: s.strategy.names.version, plural: s.strategy.names.plural }, kind: s.strategy.names.kind, namespaced: s.strategy.namespaced })),
  );
  const namespaces = new NamespaceController(
    client,
    stores.filter((s) => s.strategy.namespaced).map((s) => ({ group: s.strategy.names.group, version: s.strategy.names.version, plural: s.strategy.names.plural })),
  );
  await Promise.all([gc.start(), namespaces.start()]);
  ready = true;

  return {
    url,
    kubeconfigPath,
    client,
    async stop() {
      ready = false;
      gc.stop();
      namespaces.stop();
      await server.close();
      await backend.close();
    },
  };
}

async function bootstrap(client: InProcessClient): Promise<void> {
  const namespaces = client.resource({ group: "", version: "v1", plural: "namespaces" });
  for (const name of BOOTSTRAP_NAMESPACES) {
    await createIfMissing(() => namespaces.create(undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name } }));
  }
}

async function createIfMissing(create: () => Promise<KubeObject>): Promise<void> {
  try {
    await create();
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
}
