// An in-process API server for the add-ons' integration tests, with helpers that play the
// StatefulSet controller (status) and the node agent (pod status) by hand.
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { allStrategies } from "../../apiserver/registry/kinds/index.ts";
import { ResourceRegistry } from "../../apiserver/registry/resource-registry.ts";
import type { ResourceClient } from "../../client/client.ts";
import { InProcessClient } from "../../client/in-process-client.ts";
import { MemoryBackend } from "../../store/memory/memory-backend.ts";

type Json = Record<string, unknown>;

export interface Cluster {
  client: InProcessClient;
  sets: ResourceClient;
  pods: ResourceClient;
  events: ResourceClient;
}

export async function cluster(): Promise<Cluster> {
  const backend = new MemoryBackend();
  const client = new InProcessClient(new ResourceRegistry(backend, allStrategies(backend)));
  await client.resource({ group: "", version: "v1", plural: "namespaces" }).create(undefined, { metadata: { name: "default" } });
  return {
    client,
    sets: client.resource({ group: "apps", version: "v1", plural: "statefulsets" }),
    pods: client.resource({ group: "", version: "v1", plural: "pods" }),
    events: client.resource({ group: "", version: "v1", plural: "events" }),
  };
}

const template = (image: string) => ({ metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image }] } });

export async function createSet(c: Cluster, spec: Json = {}): Promise<KubeObject> {
  return c.sets.create("default", {
    metadata: { name: "web" },
    spec: { replicas: 3, serviceName: "web", selector: { matchLabels: { app: "web" } }, template: template("nginx:1"), ...spec },
  });
}

/** Changes the template image, as a user editing the set would (bumps generation). */
export async function setImage(c: Cluster, image: string): Promise<KubeObject> {
  return c.sets.patch("default", "web", "merge", { spec: { template: template(image) } });
}

/** Writes status as the StatefulSet controller would after observing the current generation. */
export async function observe(c: Cluster, current: string, update: string): Promise<KubeObject> {
  const set = await c.sets.get("default", "web");
  return c.sets.updateStatus({
    ...set,
    status: { observedGeneration: set.metadata.generation, replicas: 3, currentRevision: current, updateRevision: update, collisionCount: 0 },
  });
}

export type PodHealth = "ready" | { waiting: string; message: string } | { notReady: string };

function podStatus(health: PodHealth): Json {
  const at = "2025-01-01T00:00:00Z";
  if (health === "ready") {
    return {
      phase: "Running",
      conditions: [{ type: "Ready", status: "True", lastTransitionTime: at }],
      containerStatuses: [{ name: "nginx", ready: true, restartCount: 0, image: "nginx", imageID: "", state: { running: { startedAt: at } } }],
    };
  }
  if ("waiting" in health) {
    return {
      phase: "Pending",
      conditions: [{ type: "Ready", status: "False", reason: "ContainersNotReady", message: "containers with unready status: [nginx]", lastTransitionTime: at }],
      containerStatuses: [{ name: "nginx", ready: false, restartCount: 0, image: "nginx", imageID: "", state: { waiting: { reason: health.waiting, message: health.message } } }],
    };
  }
  return {
    phase: "Running",
    conditions: [{ type: "Ready", status: "False", reason: "ContainersNotReady", message: health.notReady, lastTransitionTime: at }],
    containerStatuses: [{ name: "nginx", ready: false, restartCount: 0, image: "nginx", imageID: "", state: { running: { startedAt: at } } }],
  };
}

/** Creates web-<ordinal> as the StatefulSet controller would, then gives it a status as a node agent would. */
export async function createPod(c: Cluster, set: KubeObject, ordinal: number, revision: string, health: PodHealth): Promise<KubeObject> {
  const name = `web-${ordinal}`;
  const owner = { apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: set.metadata.uid!, controller: true, blockOwnerDeletion: true };
  const created = await c.pods.create("default", {
    metadata: { name, labels: { app: "web", "controller-revision-hash": revision, "statefulset.kubernetes.io/pod-name": name }, ownerReferences: [owner] },
    spec: { hostname: name, subdomain: "web", containers: [{ name: "nginx", image: "nginx" }] },
  });
  return setPodHealth(c, created.metadata.name!, health);
}

export async function setPodHealth(c: Cluster, name: string, health: PodHealth): Promise<KubeObject> {
  return c.pods.patch("default", name, "merge", { status: podStatus(health) }, "status");
}

export async function eventsWithReason(c: Cluster, reason: string): Promise<KubeObject[]> {
  return (await c.events.list({ namespace: "default" })).items.filter((e) => e.reason === reason);
}

export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const got = await check();
    if (got) return got;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}
