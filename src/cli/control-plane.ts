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
import { InProcessPodBinder } from "../client/binder.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import { StuckRolloutHealer } from "../controllers/addons/stuck-rollout-healer.ts";
import { WaitingReasonController } from "../controllers/addons/waiting-reason.ts";
import { StatefulSetController } from "../controllers/statefulset/stateful-set-controller.ts";
import { StorageControllers } from "../controllers/persistentvolume/storage-controllers.ts";
import { NODE_NAME, nodeForRuntime } from "./node-for-runtime.ts";

export interface ControlPlaneOptions {
  home: string;
  host: string;
  port: number;
  runtime: "runc" | "sim";
  /** Which ordinal add-ons run (all by default). */
  addons?: { stuckRolloutHealer: boolean; waitingReason: boolean };
}

/** Something started with the control plane and stopped with it, in reverse order. */
interface Component {
  start(): Promise<void>;
  stop(): void | Promise<void>;
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
  const client = new InProcessClient(registry);
  const node = await nodeForRuntime(opts.runtime, client, opts.home);
  let ready = false;
  const server = new ApiServer({
    registry,
    tls: { cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem },
    tokens: [token],
    ready: () => ready,
    streaming: node.streaming,
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

  await bootstrap(client);
  const components: Component[] = [];
  const stores = registry.all();
  components.push(
    new GarbageCollector(
      client,
      stores.map((s) => ({ id: { group: s.strategy.names.group, version: s.strategy.names.version, plural: s.strategy.names.plural }, kind: s.strategy.names.kind, namespaced: s.strategy.namespaced })),
    ),
    new NamespaceController(
      client,
      stores.filter((s) => s.strategy.namespaced).map((s) => ({ group: s.strategy.names.group, version: s.strategy.names.version, plural: s.strategy.names.plural })),
    ),
    new Scheduler({ client, binder: new InProcessPodBinder(registry) }),
    statefulSetController(client),
    new StorageControllers(client, { home: opts.home, nodeName: NODE_NAME }),
  );
  const addons = opts.addons ?? { stuckRolloutHealer: true, waitingReason: true };
  if (addons.stuckRolloutHealer) components.push(new StuckRolloutHealer(client));
  if (addons.waitingReason) components.push(new WaitingReasonController(client));
  components.push(node);
  for (const c of components) await c.start();
  ready = true;

  return {
    url,
    kubeconfigPath,
    client,
    async stop() {
      ready = false;
      for (const c of components.reverse()) await c.stop();
      await server.close();
      await backend.close();
    },
  };
}

function statefulSetController(client: InProcessClient): Component {
  const controller = new StatefulSetController(client);
  return { start: () => controller.start(), stop: async () => { controller.stop(); await controller.stopped(); } };
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
