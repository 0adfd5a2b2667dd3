// The storage controllers over the real registry in process, with a temporary ORDINAL_HOME.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeObject } from "../../api/meta.ts";
import { isNotFound } from "../../api/status-error.ts";
import { allStrategies } from "../../apiserver/registry/kinds/index.ts";
import { ResourceRegistry } from "../../apiserver/registry/resource-registry.ts";
import type { ResourceClient } from "../../client/client.ts";
import { InProcessClient } from "../../client/in-process-client.ts";
import { MemoryBackend } from "../../store/memory/memory-backend.ts";
import { SizedProvisioner } from "../../storage/sized-provisioner.ts";
import { volumesDir } from "../../storage/provisioner.ts";
import { StorageControllers, type StorageControllersOptions } from "./storage-controllers.ts";
import { claimsId, classesId, podsId, volumesId } from "./volume-types.ts";

export interface StorageHarness {
  home: string;
  client: InProcessClient;
  controllers: StorageControllers;
  volumes: ResourceClient;
  claims: ResourceClient;
  classes: ResourceClient;
  pods: ResourceClient;
  events: ResourceClient;
  /** Starts a second set of controllers on the same store, as after a restart. */
  restart(): Promise<void>;
}

export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`timed out waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : last})` : ""}`);
}

export async function gone(client: ResourceClient, namespace: string | undefined, name: string): Promise<boolean> {
  try {
    await client.get(namespace, name);
    return false;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}

/** Event "reason message" lines about one object. */
export async function eventsFor(h: StorageHarness, namespace: string, name: string): Promise<string[]> {
  const { items } = await h.events.list({ namespace });
  return items.filter((e) => (e.involvedObject as KubeObject["metadata"]).name === name).map((e) => `${e.reason} ${e.message}`);
}

/** Runs `body` against fresh controllers; stops them, unmounts sized volumes and removes the home. */
export async function withStorage(body: (h: StorageHarness) => Promise<void>, opts: Partial<StorageControllersOptions> = {}): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), "ordinal-storage-"));
  const backend = new MemoryBackend();
  const client = new InProcessClient(new ResourceRegistry(backend, allStrategies(backend)));
  await client.resource({ group: "", version: "v1", plural: "namespaces" }).create(undefined, { metadata: { name: "default" } });
  const make = () => new StorageControllers(client, { home, nodeName: "ordinal-0", resyncMs: 200, ...opts });
  const h: StorageHarness = {
    home,
    client,
    controllers: make(),
    volumes: client.resource(volumesId),
    claims: client.resource(claimsId),
    classes: client.resource(classesId),
    pods: client.resource(podsId),
    events: client.resource({ group: "", version: "v1", plural: "events" }),
    async restart() {
      await h.controllers.stop();
      h.controllers = make();
      await h.controllers.start();
    },
  };
  try {
    await h.controllers.start();
    await body(h);
  } finally {
    await h.controllers.stop();
    try {
      const sized = new SizedProvisioner({ dir: volumesDir(home) });
      for (const name of await sized.storedVolumes()) await sized.delete(name);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }
}
