// discovery.k8s.io/v1 EndpointSlice.

import { s } from "../schema.ts";
import type { Definitions } from "../schema.ts";
import { atomic, listOf, resource } from "./_resource.ts";

const discovery = (name: string): string => `io.k8s.api.discovery.v1.${name}`;
const gvk = (kind: string) => ({ group: "discovery.k8s.io", version: "v1", kind });

export const discoveryDefinitions: Definitions = {
  [discovery("EndpointSlice")]: resource(
    gvk("EndpointSlice"),
    "A subset of the endpoints of a service; a service's endpoints are the union of its slices.",
    {
      addressType: s.str("IPv4, IPv6 or FQDN: the kind of every address in the slice."),
      endpoints: s.arr(s.ref(discovery("Endpoint")), { description: "Endpoints in this slice.", listType: "atomic" }),
      ports: s.arr(s.ref(discovery("EndpointPort")), {
        description: "Ports every endpoint in the slice exposes.",
        listType: "atomic",
      }),
    },
    { required: ["addressType", "endpoints"] },
  ),
  [discovery("EndpointSliceList")]: listOf(gvk("EndpointSlice"), discovery("EndpointSlice")),

  [discovery("Endpoint")]: s.obj(
    {
      addresses: s.arr(s.str(), { description: "Addresses of the endpoint, interchangeable for consumers.", listType: "set" }),
      conditions: s.ref(discovery("EndpointConditions"), "Readiness of the endpoint."),
      hostname: s.str("Hostname of the endpoint, for DNS."),
      targetRef: s.ref("io.k8s.api.core.v1.ObjectReference", "The object (usually a pod) behind the endpoint."),
      deprecatedTopology: s.stringMap("Deprecated topology labels; use nodeName and zone."),
      nodeName: s.str("Node that hosts the endpoint."),
      zone: s.str("Zone the endpoint is in."),
      hints: s.ref(discovery("EndpointHints"), "Routing hints for topology-aware consumers."),
    },
    { description: "One endpoint of a slice.", required: ["addresses"] },
  ),

  [discovery("EndpointConditions")]: s.obj(
    {
      ready: s.bool("Whether the endpoint should receive traffic; false while terminating."),
      serving: s.bool("Whether the endpoint can serve, regardless of terminating."),
      terminating: s.bool("Whether the endpoint is shutting down."),
    },
    { description: "Readiness of an endpoint." },
  ),

  [discovery("EndpointHints")]: s.obj(
    {
      forZones: s.arr(s.ref(discovery("ForZone")), { description: "Zones that should use this endpoint.", listType: "atomic" }),
      forNodes: s.arr(s.ref(discovery("ForNode")), { description: "Nodes that should use this endpoint.", listType: "atomic" }),
    },
    { description: "Routing hints of an endpoint." },
  ),

  [discovery("ForZone")]: s.obj({ name: s.str("Zone name.") }, { description: "A zone an endpoint serves.", required: ["name"] }),
  [discovery("ForNode")]: s.obj({ name: s.str("Node name.") }, { description: "A node an endpoint serves.", required: ["name"] }),

  [discovery("EndpointPort")]: atomic(
    s.obj(
      {
        name: s.str("Name matching the service port's name."),
        protocol: s.str("TCP (default), UDP or SCTP."),
        port: s.int("Port number; unset means all ports."),
        appProtocol: s.str("Application protocol of the port."),
      },
      { description: "A port of the endpoints in a slice." },
    ),
  ),
};
