// The real registry behind an in-process client, for tests that write through the API.
import { allStrategies } from "../apiserver/registry/kinds/index.ts";
import { ResourceRegistry } from "../apiserver/registry/resource-registry.ts";
import { InProcessClient } from "../client/in-process-client.ts";
import { MemoryBackend } from "../store/memory/memory-backend.ts";

export async function inProcessCluster(now: () => Date = () => new Date(), namespaces = ["default", "kube-node-lease"]) {
  const backend = new MemoryBackend();
  const registry = new ResourceRegistry(backend, allStrategies(backend));
  const client = new InProcessClient(registry, now);
  const ns = client.resource({ group: "", version: "v1", plural: "namespaces" });
  for (const name of namespaces) await ns.create(undefined, { metadata: { name } });
  return { registry, client };
}
