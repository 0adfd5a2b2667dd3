// core/v1 Node.

import { s } from "../schema.ts";
import type { Definitions } from "../schema.ts";
import { listOf, resource } from "./_resource.ts";

const core = (name: string): string => `io.k8s.api.core.v1.${name}`;
const v1 = (kind: string) => ({ group: "", version: "v1", kind });

export const coreNodeDefinitions: Definitions = {
  [core("Node")]: resource(v1("Node"), "A machine (physical or virtual) that runs pods.", {
    spec: s.ref(core("NodeSpec"), "How the node is configured."),
    status: s.ref(core("NodeStatus"), "Most recently observed state of the node."),
  }),
  [core("NodeList")]: listOf(v1("Node"), core("Node")),

  [core("NodeSpec")]: s.obj(
    {
      podCIDR: s.str("IP range assigned to pods on this node."),
      podCIDRs: s.arr(s.str(), {
        description: "IP ranges assigned to pods on this node, at most one per IP family.",
        strategy: "merge",
        listType: "set",
      }),
      providerID: s.str("Identifier of the node at its cloud provider."),
      unschedulable: s.bool("When true, no new pods are scheduled onto the node (cordoned)."),
      taints: s.arr(s.ref(core("Taint")), {
        description: "Taints that repel pods which do not tolerate them.",
        listType: "atomic",
      }),
      configSource: s.ref(core("NodeConfigSource"), "Deprecated: dynamic kubelet configuration source."),
      externalID: s.str("Deprecated and unused."),
    },
    { description: "Configuration of a node." },
  ),

  [core("Taint")]: s.obj(
    {
      key: s.str("Taint key."),
      value: s.str("Taint value."),
      effect: s.str("NoSchedule, PreferNoSchedule or NoExecute."),
      timeAdded: s.time("When a NoExecute taint was added."),
    },
    { description: "A mark on a node that keeps away pods not tolerating it.", required: ["key", "effect"] },
  ),

  [core("NodeConfigSource")]: s.obj(
    { configMap: s.ref(core("ConfigMapNodeConfigSource"), "ConfigMap holding the kubelet configuration.") },
    { description: "Deprecated: where a kubelet reads dynamic configuration from." },
  ),

  [core("ConfigMapNodeConfigSource")]: s.obj(
    {
      namespace: s.str("Namespace of the ConfigMap."),
      name: s.str("Name of the ConfigMap."),
      uid: s.str("UID of the ConfigMap."),
      resourceVersion: s.str("resourceVersion of the ConfigMap."),
      kubeletConfigKey: s.str("Key of the ConfigMap holding the kubelet configuration."),
    },
    {
      description: "Deprecated: a ConfigMap with kubelet configuration.",
      required: ["namespace", "name", "kubeletConfigKey"],
    },
  ),

  [core("NodeStatus")]: s.obj(
    {
      capacity: s.map(s.quantity(), "Total resources of the node."),
      allocatable: s.map(s.quantity(), "Resources available to pods; defaults to capacity."),
      phase: s.str("Deprecated lifecycle phase of the node."),
      conditions: s.arr(s.ref(core("NodeCondition")), {
        description: "Current conditions, such as Ready and MemoryPressure.",
        mergeKey: "type",
        strategy: "merge",
        listType: "map",
        listMapKeys: ["type"],
      }),
      addresses: s.arr(s.ref(core("NodeAddress")), {
        description: "Addresses through which the node is reachable.",
        mergeKey: "type",
        strategy: "merge",
        listType: "map",
        listMapKeys: ["type"],
      }),
      daemonEndpoints: s.ref(core("NodeDaemonEndpoints"), "Ports of the daemons running on the node."),
      nodeInfo: s.ref(core("NodeSystemInfo"), "Versions and identifiers of the node's software."),
      images: s.arr(s.ref(core("ContainerImage")), { description: "Images present on the node.", listType: "atomic" }),
      volumesInUse: s.arr(s.str(), { description: "Volumes attached and mounted on the node.", listType: "atomic" }),
      volumesAttached: s.arr(s.ref(core("AttachedVolume")), {
        description: "Volumes attached to the node.",
        listType: "atomic",
      }),
      config: s.ref(core("NodeConfigStatus"), "Deprecated: state of dynamic kubelet configuration."),
      runtimeHandlers: s.arr(s.ref(core("NodeRuntimeHandler")), {
        description: "Runtime handlers the node offers.",
        listType: "atomic",
      }),
      features: s.ref(core("NodeFeatures"), "Optional features the node supports."),
    },
    { description: "Observed state of a node." },
  ),

  [core("NodeCondition")]: s.obj(
    {
      type: s.str("Condition type, e.g. Ready."),
      status: s.str("True, False or Unknown."),
      lastHeartbeatTime: s.time("When the condition was last reported."),
      lastTransitionTime: s.time("When status last changed."),
      reason: s.str("CamelCase reason of the last transition."),
      message: s.str("Human-readable details of the last transition."),
    },
    { description: "A condition of a node.", required: ["type", "status"] },
  ),

  [core("NodeAddress")]: s.obj(
    {
      type: s.str("Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS."),
      address: s.str("The address."),
    },
    { description: "An address of a node.", required: ["type", "address"] },
  ),

  [core("NodeDaemonEndpoints")]: s.obj(
    { kubeletEndpoint: s.ref(core("DaemonEndpoint"), "Endpoint of the kubelet.") },
    { description: "Ports of the daemons on a node." },
  ),

  [core("DaemonEndpoint")]: s.obj({ Port: s.int("Port number.") }, { description: "A daemon's port.", required: ["Port"] }),

  [core("NodeSystemInfo")]: s.obj(
    {
      machineID: s.str("Machine ID reported by the node."),
      systemUUID: s.str("System UUID reported by the node."),
      bootID: s.str("ID of the current boot."),
      kernelVersion: s.str("Kernel version, as uname -r reports it."),
      osImage: s.str("Operating system image, e.g. Debian GNU/Linux 12."),
      containerRuntimeVersion: s.str("Container runtime and version, e.g. containerd://1.7.0."),
      kubeletVersion: s.str("Kubelet version."),
      kubeProxyVersion: s.str("Deprecated: kube-proxy version, not reliable."),
      operatingSystem: s.str("Operating system, e.g. linux."),
      architecture: s.str("CPU architecture, e.g. amd64."),
      swap: s.ref(core("NodeSwapStatus"), "Swap memory of the node."),
    },
    {
      description: "Identifiers and software versions of a node.",
      required: [
        "machineID", "systemUUID", "bootID", "kernelVersion", "osImage", "containerRuntimeVersion",
        "kubeletVersion", "kubeProxyVersion", "operatingSystem", "architecture",
      ],
    },
  ),

  [core("NodeSwapStatus")]: s.obj(
    { capacity: s.int64("Swap size in bytes.") },
    { description: "Swap memory of a node." },
  ),

  [core("ContainerImage")]: s.obj(
    {
      names: s.arr(s.str(), { description: "Names and digests the image is known by.", listType: "atomic" }),
      sizeBytes: s.int64("Size of the image in bytes."),
    },
    { description: "An image present on a node." },
  ),

  [core("AttachedVolume")]: s.obj(
    {
      name: s.str("Unique name of the volume."),
      devicePath: s.str("Where the volume appears on the node."),
    },
    { description: "A volume attached to a node.", required: ["name", "devicePath"] },
  ),

  [core("NodeConfigStatus")]: s.obj(
    {
      assigned: s.ref(core("NodeConfigSource"), "Configuration the node should use."),
      active: s.ref(core("NodeConfigSource"), "Configuration the node is using."),
      lastKnownGood: s.ref(core("NodeConfigSource"), "Configuration to fall back to."),
      error: s.str("Problem applying the configuration."),
    },
    { description: "Deprecated: state of dynamic kubelet configuration." },
  ),

  [core("NodeFeatures")]: s.obj(
    { supplementalGroupsPolicy: s.bool("Whether the node honours pods' supplementalGroupsPolicy.") },
    { description: "Optional features a node supports." },
  ),

  [core("NodeRuntimeHandler")]: s.obj(
    {
      name: s.str("Handler name; empty for the default handler."),
      features: s.ref(core("NodeRuntimeHandlerFeatures"), "Features the handler supports."),
    },
    { description: "A container runtime handler available on a node." },
  ),

  [core("NodeRuntimeHandlerFeatures")]: s.obj(
    {
      recursiveReadOnlyMounts: s.bool("Whether recursive read-only mounts are supported."),
      userNamespaces: s.bool("Whether user namespaces are supported for pods."),
    },
    { description: "Features a runtime handler supports." },
  ),
};
