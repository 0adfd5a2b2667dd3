// policy/v1 Eviction: posted to a pod's eviction subresource to delete it subject to disruption budgets.

import { s } from "../schema.ts";
import type { Definitions } from "../schema.ts";
import { resource } from "./_resource.ts";

export const policyDefinitions: Definitions = {
  "io.k8s.api.policy.v1.Eviction": resource(
    { group: "policy", version: "v1", kind: "Eviction" },
    "A request to evict a pod, honouring its disruption budgets; metadata names the pod.",
    {
      deleteOptions: s.ref("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", "Options for deleting the pod."),
    },
  ),
};
