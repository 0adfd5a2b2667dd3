// An in-memory API (registry + in-process client) for tests of the API-backed seams.
import { allStrategies } from "../../apiserver/registry/kinds/index.ts";
import { ResourceRegistry } from "../../apiserver/registry/resource-registry.ts";
import { InProcessClient } from "../../client/in-process-client.ts";
import { MemoryBackend } from "../../store/memory/memory-backend.ts";

export async function inMemoryApi(): Promise<InProcessClient> {
  const backend = new MemoryBackend();
  const client = new InProcessClient(new ResourceRegistry(backend, allStrategies(backend)));
  await client.resource({ group: "", version: "v1", plural: "namespaces" }).create(undefined, { metadata: { name: "default" } });
  return client;
}

export const ids = {
  sets: { group: "apps", version: "v1", plural: "statefulsets" },
  pods: { group: "", version: "v1", plural: "pods" },
  revisions: { group: "apps", version: "v1", plural: "controllerrevisions" },
};
