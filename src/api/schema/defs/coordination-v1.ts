// coordination.k8s.io/v1 Lease: leader election and node heartbeats.

import { s } from "../schema.ts";
import type { Definitions } from "../schema.ts";
import { listOf, resource } from "./_resource.ts";

const coordination = (name: string): string => `io.k8s.api.coordination.v1.${name}`;
const gvk = (kind: string) => ({ group: "coordination.k8s.io", version: "v1", kind });

export const coordinationDefinitions: Definitions = {
  [coordination("Lease")]: resource(gvk("Lease"), "A lease held by one holder at a time.", {
    spec: s.ref(coordination("LeaseSpec"), "Holder and timing of the lease."),
  }),
  [coordination("LeaseList")]: listOf(gvk("Lease"), coordination("Lease")),

  [coordination("LeaseSpec")]: s.obj(
    {
      holderIdentity: s.str("Identity of the current holder."),
      leaseDurationSeconds: s.int("How long candidates wait after the last renewal before taking over."),
      acquireTime: s.time("When the current holder acquired the lease."),
      renewTime: s.time("When the holder last renewed the lease."),
      leaseTransitions: s.int("How many times the lease changed holders."),
      strategy: s.str("Strategy for choosing the next holder in coordinated leader election."),
      preferredHolder: s.str("Holder that should take over next in coordinated leader election."),
    },
    { description: "Specification of a lease." },
  ),
};
