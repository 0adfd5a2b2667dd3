// core/v1 Service and Endpoints.

import { s } from "../schema.ts";
import type { Definitions } from "../schema.ts";
import { atomic, listOf, resource } from "./_resource.ts";

const core = (name: string): string => `io.k8s.api.core.v1.${name}`;
const v1 = (kind: string) => ({ group: "", version: "v1", kind });

export const coreServiceDefinitions: Definitions = {
  [core("Service")]: resource(v1("Service"), "A stable network endpoint in front of a set of pods.", {
    spec: s.ref(core("ServiceSpec"), "Desired behaviour of the service."),
    status: s.ref(core("ServiceStatus"), "Observed state of the service, such as its load balancer."),
  }),
  [core("ServiceList")]: listOf(v1("Service"), core("Service")),

  [core("ServiceSpec")]: s.obj(
    {
      ports: s.arr(s.ref(core("ServicePort")), {
        description: "Ports the service exposes.",
        mergeKey: "port",
        strategy: "merge",
        listType: "map",
        listMapKeys: ["port", "protocol"],
      }),
      selector: {
        ...s.stringMap("Pods whose labels match receive the traffic; when empty, endpoints are managed externally."),
        "x-kubernetes-map-type": "atomic",
      },
      clusterIP: s.str("Virtual IP of the service; None makes it headless. Assigned when empty."),
      clusterIPs: s.arr(s.str(), { description: "Virtual IPs, one per IP family; the first equals clusterIP.", listType: "atomic" }),
      type: s.str("ClusterIP (default), NodePort, LoadBalancer or ExternalName."),
      externalIPs: s.arr(s.str(), { description: "Extra IPs on which nodes accept traffic for the service.", listType: "atomic" }),
      sessionAffinity: s.str("ClientIP or None (default): whether a client sticks to one endpoint."),
      loadBalancerIP: s.str("Deprecated: requested load balancer address, where the provider supports it."),
      loadBalancerSourceRanges: s.arr(s.str(), {
        description: "Client CIDRs the load balancer admits, where the provider supports it.",
        listType: "atomic",
      }),
      externalName: s.str("DNS name the service aliases (a CNAME) when type is ExternalName."),
      externalTrafficPolicy: s.str("Cluster or Local: how external traffic is routed to endpoints."),
      healthCheckNodePort: s.int("Node port for load balancer health checks when the external policy is Local."),
      publishNotReadyAddresses: s.bool("Publish endpoints of pods that are not ready, e.g. for peer discovery."),
      sessionAffinityConfig: s.ref(core("SessionAffinityConfig"), "Settings of session affinity."),
      ipFamilies: s.arr(s.str(), { description: "IP families (IPv4, IPv6) assigned to the service.", listType: "atomic" }),
      ipFamilyPolicy: s.str("SingleStack, PreferDualStack or RequireDualStack."),
      allocateLoadBalancerNodePorts: s.bool("Whether a LoadBalancer service gets node ports; defaults to true."),
      loadBalancerClass: s.str("Load balancer implementation the service belongs to."),
      internalTrafficPolicy: s.str("Cluster or Local: how in-cluster traffic is routed to endpoints."),
      trafficDistribution: s.str("Routing preference, e.g. PreferClose."),
    },
    { description: "Desired behaviour of a service." },
  ),

  [core("ServicePort")]: s.obj(
    {
      name: s.str("Name of the port, unique within the service; optional when there is only one."),
      protocol: { ...s.str("TCP (default), UDP or SCTP."), default: "TCP" },
      appProtocol: s.str("Application protocol, e.g. http or kubernetes.io/h2c."),
      port: s.int("Port the service listens on."),
      targetPort: s.intOrString("Port number or container port name on the pods; defaults to port."),
      nodePort: s.int("Port on every node for NodePort and LoadBalancer services; allocated when empty."),
    },
    { description: "A port exposed by a service.", required: ["port"] },
  ),

  [core("ServiceStatus")]: s.obj(
    {
      loadBalancer: s.ref(core("LoadBalancerStatus"), "State of the load balancer, if any."),
      conditions: s.arr(s.ref("io.k8s.apimachinery.pkg.apis.meta.v1.Condition"), {
        description: "Current conditions of the service.",
        mergeKey: "type",
        strategy: "merge",
        listType: "map",
        listMapKeys: ["type"],
      }),
    },
    { description: "Observed state of a service." },
  ),

  [core("LoadBalancerStatus")]: s.obj(
    {
      ingress: s.arr(s.ref(core("LoadBalancerIngress")), {
        description: "Entry points of the load balancer.",
        listType: "atomic",
      }),
    },
    { description: "State of a load balancer." },
  ),

  [core("LoadBalancerIngress")]: s.obj(
    {
      ip: s.str("IP of the entry point."),
      hostname: s.str("DNS name of the entry point."),
      ipMode: s.str("VIP or Proxy: how traffic arrives at the nodes."),
      ports: s.arr(s.ref(core("PortStatus")), { description: "State of each service port.", listType: "atomic" }),
    },
    { description: "One entry point of a load balancer." },
  ),

  [core("PortStatus")]: s.obj(
    {
      port: s.int("Port number."),
      protocol: s.str("TCP, UDP or SCTP."),
      error: s.str("Problem with the port, as a CamelCase reason; empty when healthy."),
    },
    { description: "State of one service port on a load balancer.", required: ["port", "protocol"] },
  ),

  [core("SessionAffinityConfig")]: s.obj(
    { clientIP: s.ref(core("ClientIPConfig"), "Settings of ClientIP affinity.") },
    { description: "Settings of session affinity." },
  ),

  [core("ClientIPConfig")]: s.obj(
    { timeoutSeconds: s.int("How long a client sticks to an endpoint; 1 to 86400, default 10800.") },
    { description: "Settings of ClientIP session affinity." },
  ),

  [core("Endpoints")]: resource(v1("Endpoints"), "The addresses that implement a service.", {
    subsets: s.arr(s.ref(core("EndpointSubset")), {
      description: "Groups of addresses that share the same ports.",
      listType: "atomic",
    }),
  }),
  [core("EndpointsList")]: listOf(v1("Endpoints"), core("Endpoints")),

  [core("EndpointSubset")]: s.obj(
    {
      addresses: s.arr(s.ref(core("EndpointAddress")), {
        description: "Addresses that are ready to receive traffic.",
        listType: "atomic",
      }),
      notReadyAddresses: s.arr(s.ref(core("EndpointAddress")), {
        description: "Addresses that are not ready yet, or are shutting down.",
        listType: "atomic",
      }),
      ports: s.arr(s.ref(core("EndpointPort")), { description: "Ports open on every address.", listType: "atomic" }),
    },
    { description: "Addresses paired with the ports they serve." },
  ),

  [core("EndpointAddress")]: atomic(
    s.obj(
      {
        ip: s.str("IP of the endpoint."),
        hostname: s.str("Hostname of the endpoint."),
        nodeName: s.str("Node that hosts the endpoint."),
        targetRef: s.ref(core("ObjectReference"), "The object (usually a pod) behind the endpoint."),
      },
      { description: "One endpoint address.", required: ["ip"] },
    ),
  ),

  [core("EndpointPort")]: atomic(
    s.obj(
      {
        name: s.str("Name matching the service port's name."),
        port: s.int("Port number."),
        protocol: s.str("TCP (default), UDP or SCTP."),
        appProtocol: s.str("Application protocol of the port."),
      },
      { description: "A port of an endpoint.", required: ["port"] },
    ),
  ),
};
