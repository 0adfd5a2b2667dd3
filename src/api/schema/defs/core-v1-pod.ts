// Schemas of the core/v1 Pod and PodTemplate kinds, everything a pod spec and status can hold, every
// volume source a pod can name, and the PersistentVolume-side sources and references that share their
// shapes. Field names, formats, required lists, enums, defaults and patch metadata follow the
// Kubernetes 1.33 struct tags and markers (plus EnvVarSource.fileKeyRef from 1.34); descriptions are
// our own. ObjectMeta, LabelSelector, Quantity and PersistentVolumeClaimSpec are defined elsewhere.

import { s } from "../schema.ts";
import type { Definitions, Schema } from "../schema.ts";

const CORE = "io.k8s.api.core.v1.";
const META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

type ListOptions = NonNullable<Parameters<typeof s.arr>[1]>;

const ref = (type: string, description?: string): Schema => s.ref(CORE + type, description);
const meta = (type: string, description: string): Schema => s.ref(META + type, description);
const refs = (type: string, description: string, opts: ListOptions = {}): Schema =>
  s.arr(s.ref(CORE + type), { ...opts, description });
const list = (item: Schema, description: string, opts: ListOptions = {}): Schema =>
  s.arr(item, { ...opts, description });

/** Server-side apply owns and replaces the whole struct or map instead of merging its fields. */
const atomic = (schema: Schema): Schema => ({ ...schema, "x-kubernetes-map-type": "atomic" });

/** Only upstream's explicit defaults: server-side apply needs them to key list-map entries (port protocol). */
const withDefault = (schema: Schema, value: unknown): Schema => ({ ...schema, default: value });

/** kubectl finds a kind's schema by this extension. */
const gvk = (kind: string, schema: Schema): Schema => ({
  ...schema,
  "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind }],
});

/** A discriminated union: `discriminator` names which member field (JSON name -> Go name) is set. */
const union = (schema: Schema, discriminator: string, members: Record<string, string>): Schema => ({
  ...schema,
  "x-kubernetes-unions": [{ discriminator, "fields-to-discriminateBy": members }],
});

/** Stop signals the kubelet accepts (Lifecycle.stopSignal, ContainerStatus.stopSignal). */
const SIGNALS = [
  "SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL", "SIGINT",
  "SIGIO", "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF", "SIGPWR", "SIGQUIT", "SIGRTMAX", "SIGRTMAX-1",
  "SIGRTMAX-10", "SIGRTMAX-11", "SIGRTMAX-12", "SIGRTMAX-13", "SIGRTMAX-14", "SIGRTMAX-2", "SIGRTMAX-3",
  "SIGRTMAX-4", "SIGRTMAX-5", "SIGRTMAX-6", "SIGRTMAX-7", "SIGRTMAX-8", "SIGRTMAX-9", "SIGRTMIN", "SIGRTMIN+1",
  "SIGRTMIN+10", "SIGRTMIN+11", "SIGRTMIN+12", "SIGRTMIN+13", "SIGRTMIN+14", "SIGRTMIN+15", "SIGRTMIN+2",
  "SIGRTMIN+3", "SIGRTMIN+4", "SIGRTMIN+5", "SIGRTMIN+6", "SIGRTMIN+7", "SIGRTMIN+8", "SIGRTMIN+9", "SIGSEGV",
  "SIGSTKFLT", "SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGUSR1",
  "SIGUSR2", "SIGVTALRM", "SIGWINCH", "SIGXCPU", "SIGXFSZ",
];

const definitions: Record<string, Schema> = {
  // Pods and pod templates
  Pod: gvk("Pod", s.obj({
    apiVersion: s.str("Versioned schema of this object; the server fills it in."),
    kind: s.str("Type of this object, in CamelCase."),
    metadata: meta("ObjectMeta", "Standard object metadata."),
    spec: ref("PodSpec", "What the pod should run."),
    status: ref("PodStatus", "Last observed state of the pod; read-only for clients."),
  }, { description: "A group of containers scheduled together onto one node, sharing network and storage." })),
  PodSpec: s.obj({
    volumes: refs(
      "Volume",
      "Volumes containers in the pod can mount.",
      { mergeKey: "name", strategy: "merge,retainKeys", listType: "map", listMapKeys: ["name"] },
    ),
    initContainers: refs(
      "Container",
      "Containers run one by one, to completion, before the app containers start.",
      { mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
    ),
    containers: refs(
      "Container",
      "The application containers; at least one is required.",
      { mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
    ),
    ephemeralContainers: refs(
      "EphemeralContainer",
      "Debugging containers added to a running pod.",
      { mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
    ),
    restartPolicy: s.enumOf(["Always", "Never", "OnFailure"], "Always, OnFailure or Never; defaults to Always."),
    terminationGracePeriodSeconds: s.int64("Seconds the pod gets to shut down after SIGTERM; defaults to 30."),
    activeDeadlineSeconds: s.int64("Seconds the pod may run before the kubelet fails it."),
    dnsPolicy: s.enumOf(
      ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
      "How DNS is set up: ClusterFirst (default), ClusterFirstWithHostNet, Default or None.",
    ),
    nodeSelector: atomic(s.stringMap("Node labels the target node must carry.")),
    serviceAccountName: s.str("Service account the pod runs as."),
    serviceAccount: s.str("Deprecated alias of serviceAccountName."),
    automountServiceAccountToken: s.bool("Mount the service account token automatically."),
    nodeName: s.str("Node the pod is bound to; set directly only to bypass the scheduler."),
    hostNetwork: s.bool("Use the node's network namespace."),
    hostPID: s.bool("Use the node's PID namespace."),
    hostIPC: s.bool("Use the node's IPC namespace."),
    shareProcessNamespace: s.bool("Let all containers see each other's processes."),
    securityContext: ref("PodSecurityContext", "Pod-wide security settings."),
    imagePullSecrets: refs(
      "LocalObjectReference",
      "Secrets used to pull the pod's images.",
      { mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
    ),
    hostname: s.str("Hostname of the pod; defaults to the pod name."),
    subdomain: s.str("Subdomain giving the pod the FQDN <hostname>.<subdomain>.<namespace>.svc.<cluster domain>."),
    affinity: ref("Affinity", "Scheduling constraints."),
    schedulerName: s.str("Scheduler that should place the pod."),
    tolerations: refs("Toleration", "Taints the pod tolerates.", { listType: "atomic" }),
    hostAliases: refs(
      "HostAlias",
      "Entries added to the pod's /etc/hosts.",
      { mergeKey: "ip", strategy: "merge", listType: "map", listMapKeys: ["ip"] },
    ),
    priorityClassName: s.str("PriorityClass giving the pod its priority."),
    priority: s.int("Priority value, filled in from priorityClassName."),
    dnsConfig: ref("PodDNSConfig", "Extra DNS resolver settings."),
    readinessGates: refs(
      "PodReadinessGate",
      "Extra conditions that must be true before the pod is ready.",
      { listType: "atomic" },
    ),
    runtimeClassName: s.str("RuntimeClass used to run the pod."),
    enableServiceLinks: s.bool("Inject environment variables describing services; defaults to true."),
    preemptionPolicy: s.enumOf(["Never", "PreemptLowerPriority"], "Never or PreemptLowerPriority (default)."),
    overhead: s.map(s.quantity(), "Resources the sandbox itself uses, set from the RuntimeClass."),
    topologySpreadConstraints: refs(
      "TopologySpreadConstraint",
      "How the pod's replicas spread across topology domains.",
      {
        mergeKey: "topologyKey", strategy: "merge", listType: "map", listMapKeys: ["topologyKey", "whenUnsatisfiable"],
      },
    ),
    setHostnameAsFQDN: s.bool("Make the fully qualified name the pod's hostname."),
    os: ref("PodOS", "Operating system the pod needs."),
    hostUsers: s.bool("Share the host's user namespace; false gives the pod its own."),
    schedulingGates: refs(
      "PodSchedulingGate",
      "Gates that hold the pod back from scheduling until removed.",
      { mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
    ),
    resourceClaims: refs(
      "PodResourceClaim",
      "Dynamically allocated resources the pod needs.",
      { mergeKey: "name", strategy: "merge,retainKeys", listType: "map", listMapKeys: ["name"] },
    ),
    resources: ref("ResourceRequirements", "Resources for the whole pod, shared by its containers."),
  }, {
    description: "The desired shape of a pod: its containers, volumes and scheduling constraints.",
    required: ["containers"],
  }),
  PodTemplate: gvk("PodTemplate", s.obj({
    apiVersion: s.str("Versioned schema of this object; the server fills it in."),
    kind: s.str("Type of this object, in CamelCase."),
    metadata: meta("ObjectMeta", "Standard object metadata."),
    template: ref("PodTemplateSpec", "The pod template to use."),
  }, { description: "A stored, reusable pod template." })),
  PodTemplateSpec: s.obj({
    metadata: meta("ObjectMeta", "Metadata for pods created from this template."),
    spec: ref("PodSpec", "Spec for pods created from this template."),
  }, { description: "Metadata and spec used to stamp out new pods." }),

  // Containers
  Container: s.obj({
    name: s.str("Container name, unique in the pod (DNS label)."),
    image: s.str("Image to run."),
    command: list(s.str(), "Entrypoint override; the image's ENTRYPOINT when unset.", { listType: "atomic" }),
    args: list(s.str(), "Arguments to the entrypoint; the image's CMD when unset.", { listType: "atomic" }),
    workingDir: s.str("Working directory; the image's default when unset."),
    ports: refs(
      "ContainerPort",
      "Ports the container listens on; informational.",
      { mergeKey: "containerPort", strategy: "merge", listType: "map", listMapKeys: ["containerPort", "protocol"] },
    ),
    envFrom: refs("EnvFromSource", "Sources whose keys all become environment variables.", { listType: "atomic" }),
    env: refs(
      "EnvVar",
      "Environment variables to set.",
      { mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
    ),
    resources: ref("ResourceRequirements", "Resources the container needs."),
    resizePolicy: refs("ContainerResizePolicy", "How each resource may be resized in place.", { listType: "atomic" }),
    restartPolicy: s.str("Always makes an init container a restartable sidecar."),
    volumeMounts: refs(
      "VolumeMount",
      "Volumes to mount into the filesystem.",
      { mergeKey: "mountPath", strategy: "merge", listType: "map", listMapKeys: ["mountPath"] },
    ),
    volumeDevices: refs(
      "VolumeDevice",
      "Block devices the container uses.",
      { mergeKey: "devicePath", strategy: "merge", listType: "map", listMapKeys: ["devicePath"] },
    ),
    livenessProbe: ref("Probe", "Restarts the container when it fails."),
    readinessProbe: ref("Probe", "Removes the pod from service endpoints when it fails."),
    startupProbe: ref("Probe", "Other probes wait until it succeeds."),
    lifecycle: ref("Lifecycle", "Hooks run after start and before stop."),
    terminationMessagePath: s.str("File whose contents become the termination message."),
    terminationMessagePolicy: s.enumOf(["FallbackToLogsOnError", "File"], "File (default) or FallbackToLogsOnError."),
    imagePullPolicy: s.enumOf(["Always", "IfNotPresent", "Never"], "Always, Never or IfNotPresent."),
    securityContext: ref("SecurityContext", "Container-level security settings."),
    stdin: s.bool("Keep a stdin buffer open."),
    stdinOnce: s.bool("Close stdin after the first attach ends."),
    tty: s.bool("Allocate a TTY."),
  }, { description: "One application container in a pod.", required: ["name"] }),
  EphemeralContainer: s.obj({
    name: s.str("Container name, unique in the pod (DNS label)."),
    image: s.str("Image to run."),
    command: list(s.str(), "Entrypoint override; the image's ENTRYPOINT when unset.", { listType: "atomic" }),
    args: list(s.str(), "Arguments to the entrypoint; the image's CMD when unset.", { listType: "atomic" }),
    workingDir: s.str("Working directory; the image's default when unset."),
    ports: refs(
      "ContainerPort",
      "Not allowed for ephemeral containers.",
      { mergeKey: "containerPort", strategy: "merge", listType: "map", listMapKeys: ["containerPort", "protocol"] },
    ),
    envFrom: refs("EnvFromSource", "Sources whose keys all become environment variables.", { listType: "atomic" }),
    env: refs(
      "EnvVar",
      "Environment variables to set.",
      { mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
    ),
    resources: ref("ResourceRequirements", "Not allowed; ephemeral containers use the pod's spare resources."),
    resizePolicy: refs("ContainerResizePolicy", "Not allowed for ephemeral containers.", { listType: "atomic" }),
    restartPolicy: s.str("Not allowed for ephemeral containers."),
    volumeMounts: refs(
      "VolumeMount",
      "Volumes to mount; subPath is not allowed.",
      { mergeKey: "mountPath", strategy: "merge", listType: "map", listMapKeys: ["mountPath"] },
    ),
    volumeDevices: refs(
      "VolumeDevice",
      "Block devices the container uses.",
      { mergeKey: "devicePath", strategy: "merge", listType: "map", listMapKeys: ["devicePath"] },
    ),
    livenessProbe: ref("Probe", "Not allowed for ephemeral containers."),
    readinessProbe: ref("Probe", "Not allowed for ephemeral containers."),
    startupProbe: ref("Probe", "Not allowed for ephemeral containers."),
    lifecycle: ref("Lifecycle", "Not allowed for ephemeral containers."),
    terminationMessagePath: s.str("File whose contents become the termination message."),
    terminationMessagePolicy: s.enumOf(["FallbackToLogsOnError", "File"], "File (default) or FallbackToLogsOnError."),
    imagePullPolicy: s.enumOf(["Always", "IfNotPresent", "Never"], "Always, Never or IfNotPresent."),
    securityContext: ref("SecurityContext", "Container-level security settings."),
    stdin: s.bool("Keep a stdin buffer open."),
    stdinOnce: s.bool("Close stdin after the first attach ends."),
    tty: s.bool("Allocate a TTY."),
    targetContainerName: s.str("Container whose namespaces (e.g. processes) to join."),
  }, { description: "A temporary container added to a running pod for debugging.", required: ["name"] }),
  ContainerPort: s.obj({
    name: s.str("IANA service name of the port, unique in the pod."),
    hostPort: s.int("Port opened on the node; rarely needed."),
    containerPort: s.int("Port number on the pod IP, 1-65535."),
    protocol: withDefault(s.enumOf(["SCTP", "TCP", "UDP"], "TCP (default), UDP or SCTP."), "TCP"),
    hostIP: s.str("Node IP to bind hostPort to."),
  }, { description: "A network port exposed by a container.", required: ["containerPort"] }),
  ResourceRequirements: s.obj({
    limits: s.map(s.quantity(), "Most of each resource the container may use."),
    requests: s.map(s.quantity(), "Least of each resource the container needs; scheduling uses these."),
    claims: refs(
      "ResourceClaim",
      "Entries of spec.resourceClaims this container uses.",
      { listType: "map", listMapKeys: ["name"] },
    ),
  }, { description: "Compute resource requests and limits." }),
  ResourceClaim: s.obj({
    name: s.str("Name of an entry in the pod's spec.resourceClaims."),
    request: s.str("One request inside that claim; the whole claim when empty."),
  }, { description: "Names one entry of the pod's resourceClaims that a container uses.", required: ["name"] }),
  ContainerResizePolicy: s.obj({
    resourceName: s.str("Resource this policy is for, e.g. cpu."),
    restartPolicy: s.str("NotRequired (default) or RestartContainer."),
  }, {
    description: "How a container reacts when one resource is resized in place.",
    required: ["resourceName", "restartPolicy"],
  }),
  VolumeMount: s.obj({
    name: s.str("Name of the volume to mount."),
    readOnly: s.bool("Mount read-only."),
    recursiveReadOnly: s.str("Disabled, IfPossible or Enabled; makes submounts read-only too."),
    mountPath: s.str("Path in the container to mount at."),
    subPath: s.str("Sub-path inside the volume to mount instead of its root."),
    mountPropagation: s.enumOf(["Bidirectional", "HostToContainer", "None"], "None, HostToContainer or Bidirectional."),
    subPathExpr: s.str("Like subPath, with $(VAR) expansion from the environment."),
  }, { description: "Where a volume appears in a container's filesystem.", required: ["name", "mountPath"] }),
  VolumeDevice: s.obj({
    name: s.str("Name of the PersistentVolumeClaim volume."),
    devicePath: s.str("Path of the device inside the container."),
  }, { description: "Where a raw block volume appears inside a container.", required: ["name", "devicePath"] }),

  // Environment
  EnvVar: s.obj({
    name: s.str("Variable name."),
    value: s.str("Literal value; $(VAR) references are expanded."),
    valueFrom: ref("EnvVarSource", "Take the value from another source instead."),
  }, { description: "An environment variable set in a container.", required: ["name"] }),
  EnvVarSource: s.obj({
    fieldRef: ref("ObjectFieldSelector", "A field of the pod."),
    resourceFieldRef: ref("ResourceFieldSelector", "A resource limit or request of a container."),
    configMapKeyRef: ref("ConfigMapKeySelector", "A key of a ConfigMap."),
    secretKeyRef: ref("SecretKeySelector", "A key of a Secret."),
    fileKeyRef: ref("FileKeySelector", "A key of an env file in a volume."),
  }, { description: "Where an environment variable's value comes from." }),
  ConfigMapKeySelector: atomic(s.obj({
    name: withDefault(s.str("Name of the ConfigMap."), ""),
    key: s.str("Key in the ConfigMap."),
    optional: s.bool("Do not fail if the referenced object or key is missing."),
  }, { description: "Picks one key out of a ConfigMap.", required: ["key"] })),
  SecretKeySelector: atomic(s.obj({
    name: withDefault(s.str("Name of the Secret."), ""),
    key: s.str("Key in the Secret."),
    optional: s.bool("Do not fail if the referenced object or key is missing."),
  }, { description: "Picks one key out of a Secret.", required: ["key"] })),
  ObjectFieldSelector: atomic(s.obj({
    apiVersion: s.str("Version the fieldPath is written in; defaults to v1."),
    fieldPath: s.str("Path of the field, e.g. metadata.name."),
  }, { description: "Picks a field of the pod object.", required: ["fieldPath"] })),
  ResourceFieldSelector: atomic(s.obj({
    containerName: s.str("Container to read; required for volumes."),
    resource: s.str("Resource to read, e.g. limits.cpu."),
    divisor: s.quantity("Unit the value is divided by; defaults to 1."),
  }, { description: "Picks a container's resource request or limit.", required: ["resource"] })),
  FileKeySelector: atomic(s.obj({
    volumeName: s.str("Volume holding the file."),
    path: s.str("Path of the env file inside the volume."),
    key: s.str("Variable name to read from the file."),
    optional: withDefault(s.bool("Do not fail if the file or key is missing."), false),
  }, { description: "Picks one key out of an env-style file in a volume.", required: ["volumeName", "path", "key"] })),
  EnvFromSource: s.obj({
    prefix: s.str("Prefix added to every imported variable name."),
    configMapRef: ref("ConfigMapEnvSource", "ConfigMap to import."),
    secretRef: ref("SecretEnvSource", "Secret to import."),
  }, { description: "Imports all keys of a ConfigMap or Secret as environment variables." }),
  ConfigMapEnvSource: s.obj({
    name: withDefault(s.str("Name of the ConfigMap."), ""),
    optional: s.bool("Do not fail if the ConfigMap is missing."),
  }, { description: "Names a ConfigMap whose keys become environment variables." }),
  SecretEnvSource: s.obj({
    name: withDefault(s.str("Name of the Secret."), ""),
    optional: s.bool("Do not fail if the Secret is missing."),
  }, { description: "Names a Secret whose keys become environment variables." }),

  // Probes and lifecycle hooks
  Probe: s.obj({
    exec: ref("ExecAction", "Run a command inside the container."),
    httpGet: ref("HTTPGetAction", "Send an HTTP GET request."),
    tcpSocket: ref("TCPSocketAction", "Open a TCP connection."),
    grpc: ref("GRPCAction", "Call a gRPC health check."),
    initialDelaySeconds: s.int("Seconds to wait after start before the first probe."),
    timeoutSeconds: s.int("Seconds before a probe times out; defaults to 1."),
    periodSeconds: s.int("Seconds between probes; defaults to 10."),
    successThreshold: s.int("Successes in a row needed after a failure; defaults to 1."),
    failureThreshold: s.int("Failures in a row before giving up; defaults to 3."),
    terminationGracePeriodSeconds: s.int64("Grace period used when a probe failure kills the container."),
  }, { description: "A periodic health check of a container." }),
  ProbeHandler: s.obj({
    exec: ref("ExecAction", "Run a command inside the container."),
    httpGet: ref("HTTPGetAction", "Send an HTTP GET request."),
    tcpSocket: ref("TCPSocketAction", "Open a TCP connection."),
    grpc: ref("GRPCAction", "Call a gRPC health check."),
  }, { description: "The action a probe performs; exactly one member is set." }),
  ExecAction: s.obj({
    command: list(s.str(), "Command line to run; not run in a shell.", { listType: "atomic" }),
  }, { description: "Runs a command inside the container." }),
  HTTPGetAction: s.obj({
    path: s.str("Path to request."),
    port: s.intOrString("Port to connect to, by number or by container port name."),
    host: s.str("Host to connect to; defaults to the pod IP."),
    scheme: s.enumOf(["HTTP", "HTTPS"], "HTTP (default) or HTTPS."),
    httpHeaders: refs("HTTPHeader", "Extra request headers.", { listType: "atomic" }),
  }, { description: "Performs an HTTP GET request.", required: ["port"] }),
  HTTPHeader: s.obj({
    name: s.str("Header name."),
    value: s.str("Header value."),
  }, { description: "One HTTP request header.", required: ["name", "value"] }),
  TCPSocketAction: s.obj({
    port: s.intOrString("Port to connect to, by number or by container port name."),
    host: s.str("Host to connect to; defaults to the pod IP."),
  }, { description: "Opens a TCP connection.", required: ["port"] }),
  GRPCAction: s.obj({
    port: s.int("Port of the gRPC service, 1-65535."),
    service: withDefault(s.str("Service name sent in the health check request."), ""),
  }, { description: "Calls the gRPC health checking service.", required: ["port"] }),
  Lifecycle: s.obj({
    postStart: ref("LifecycleHandler", "Runs right after the container is created."),
    preStop: ref("LifecycleHandler", "Runs before the container is stopped."),
    stopSignal: s.enumOf(SIGNALS, "Signal sent to stop the container."),
  }, { description: "Actions run by the kubelet around container start and stop." }),
  LifecycleHandler: s.obj({
    exec: ref("ExecAction", "Run a command inside the container."),
    httpGet: ref("HTTPGetAction", "Send an HTTP GET request."),
    tcpSocket: ref("TCPSocketAction", "Open a TCP connection."),
    sleep: ref("SleepAction", "Wait for a while."),
  }, { description: "One lifecycle hook action; exactly one member is set." }),
  SleepAction: s.obj({
    seconds: s.int64("Seconds to sleep."),
  }, { description: "Pauses for a while.", required: ["seconds"] }),

  // Security
  SecurityContext: s.obj({
    capabilities: ref("Capabilities", "Capabilities to add or drop."),
    privileged: s.bool("Run as privileged, like root on the host."),
    seLinuxOptions: ref("SELinuxOptions", "SELinux label to apply."),
    windowsOptions: ref("WindowsSecurityContextOptions", "Windows-only settings."),
    runAsUser: s.int64("UID that runs the container's entrypoint."),
    runAsGroup: s.int64("GID that runs the container's entrypoint."),
    runAsNonRoot: s.bool("Refuse to start any container that would run as uid 0."),
    readOnlyRootFilesystem: s.bool("Mount the root filesystem read-only."),
    allowPrivilegeEscalation: s.bool("Allow a process to gain more privileges than its parent."),
    procMount: s.enumOf(["Default", "Unmasked"], "Default or Unmasked /proc."),
    seccompProfile: ref("SeccompProfile", "Seccomp profile to apply."),
    appArmorProfile: ref("AppArmorProfile", "AppArmor profile to apply."),
  }, { description: "Security settings of one container; these win over pod-level ones." }),
  PodSecurityContext: s.obj({
    seLinuxOptions: ref("SELinuxOptions", "SELinux label to apply."),
    windowsOptions: ref("WindowsSecurityContextOptions", "Windows-only settings."),
    runAsUser: s.int64("UID that runs the container's entrypoint."),
    runAsGroup: s.int64("GID that runs the container's entrypoint."),
    runAsNonRoot: s.bool("Refuse to start any container that would run as uid 0."),
    supplementalGroups: list(s.int64(), "Extra group IDs for each container's first process.", { listType: "atomic" }),
    supplementalGroupsPolicy: s.enumOf(
      ["Merge", "Strict"],
      "Merge (default) or Strict: how supplemental groups are computed.",
    ),
    fsGroup: s.int64("Group that owns volumes and is added to every container."),
    sysctls: refs("Sysctl", "Namespaced sysctls to set.", { listType: "atomic" }),
    fsGroupChangePolicy: s.enumOf(
      ["Always", "OnRootMismatch"],
      "OnRootMismatch or Always: when to fix volume ownership.",
    ),
    seccompProfile: ref("SeccompProfile", "Seccomp profile to apply."),
    appArmorProfile: ref("AppArmorProfile", "AppArmor profile to apply."),
    seLinuxChangePolicy: s.str("MountOption or Recursive: how volumes get their SELinux label."),
  }, { description: "Security settings shared by every container in the pod." }),
  Capabilities: s.obj({
    add: list(s.str(), "Capabilities to add.", { listType: "atomic" }),
    drop: list(s.str(), "Capabilities to remove.", { listType: "atomic" }),
  }, { description: "Linux capabilities to add to or drop from a container." }),
  SELinuxOptions: s.obj({
    user: s.str("SELinux user."),
    role: s.str("SELinux role."),
    type: s.str("SELinux type."),
    level: s.str("SELinux level."),
  }, { description: "An SELinux label." }),
  SeccompProfile: union(s.obj({
    type: s.enumOf(["Localhost", "RuntimeDefault", "Unconfined"], "Localhost, RuntimeDefault or Unconfined."),
    localhostProfile: s.str("Profile file on the node to load; only for type Localhost."),
  }, {
    description: "Which seccomp profile to apply.",
    required: ["type"],
  }), "type", { localhostProfile: "LocalhostProfile" }),
  AppArmorProfile: union(s.obj({
    type: s.enumOf(["Localhost", "RuntimeDefault", "Unconfined"], "Localhost, RuntimeDefault or Unconfined."),
    localhostProfile: s.str("Profile file on the node to load; only for type Localhost."),
  }, {
    description: "Which AppArmor profile to apply.",
    required: ["type"],
  }), "type", { localhostProfile: "LocalhostProfile" }),
  WindowsSecurityContextOptions: s.obj({
    gmsaCredentialSpecName: s.str("Name of the GMSA credential spec to use."),
    gmsaCredentialSpec: s.str("Inlined GMSA credential spec."),
    runAsUserName: s.str("Windows user that runs the entrypoint."),
    hostProcess: s.bool("Run as a Windows HostProcess container."),
  }, { description: "Windows-specific security settings." }),
  Sysctl: s.obj({
    name: s.str("Parameter name."),
    value: s.str("Value to set."),
  }, { description: "One namespaced kernel parameter.", required: ["name", "value"] }),

  // Scheduling and pod-level settings
  Affinity: s.obj({
    nodeAffinity: ref("NodeAffinity", "Node affinity rules."),
    podAffinity: ref("PodAffinity", "Pod affinity rules."),
    podAntiAffinity: ref("PodAntiAffinity", "Pod anti-affinity rules."),
  }, { description: "Scheduling affinity and anti-affinity rules." }),
  NodeAffinity: s.obj({
    requiredDuringSchedulingIgnoredDuringExecution: ref("NodeSelector", "Hard rules the scheduler must satisfy."),
    preferredDuringSchedulingIgnoredDuringExecution: refs(
      "PreferredSchedulingTerm",
      "Soft rules the scheduler tries to satisfy.",
      { listType: "atomic" },
    ),
  }, { description: "Rules that attract the pod to nodes." }),
  PodAffinity: s.obj({
    requiredDuringSchedulingIgnoredDuringExecution: refs(
      "PodAffinityTerm",
      "Hard rules the scheduler must satisfy.",
      { listType: "atomic" },
    ),
    preferredDuringSchedulingIgnoredDuringExecution: refs(
      "WeightedPodAffinityTerm",
      "Soft rules the scheduler tries to satisfy.",
      { listType: "atomic" },
    ),
  }, { description: "Rules that co-locate the pod with other pods." }),
  PodAntiAffinity: s.obj({
    requiredDuringSchedulingIgnoredDuringExecution: refs(
      "PodAffinityTerm",
      "Hard rules the scheduler must satisfy.",
      { listType: "atomic" },
    ),
    preferredDuringSchedulingIgnoredDuringExecution: refs(
      "WeightedPodAffinityTerm",
      "Soft rules the scheduler tries to satisfy.",
      { listType: "atomic" },
    ),
  }, { description: "Rules that keep the pod away from other pods." }),
  NodeSelector: atomic(s.obj({
    nodeSelectorTerms: refs("NodeSelectorTerm", "Terms, combined with OR.", { listType: "atomic" }),
  }, {
    description: "A set of node selector terms; a node matches if any term matches.",
    required: ["nodeSelectorTerms"],
  })),
  NodeSelectorTerm: atomic(s.obj({
    matchExpressions: refs("NodeSelectorRequirement", "Requirements on node labels.", { listType: "atomic" }),
    matchFields: refs("NodeSelectorRequirement", "Requirements on node fields.", { listType: "atomic" }),
  }, { description: "Node requirements that must all hold." })),
  NodeSelectorRequirement: s.obj({
    key: s.str("Label or field key."),
    operator: s.enumOf(
      ["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"],
      "In, NotIn, Exists, DoesNotExist, Gt or Lt.",
    ),
    values: list(s.str(), "Values to compare with; a single integer for Gt and Lt.", { listType: "atomic" }),
  }, { description: "A test of one node label or field against values.", required: ["key", "operator"] }),
  PreferredSchedulingTerm: s.obj({
    weight: s.int("Weight added to a node's score when the term matches, 1-100."),
    preference: ref("NodeSelectorTerm", "Node requirements of this preference."),
  }, { description: "A weighted node preference.", required: ["weight", "preference"] }),
  PodAffinityTerm: s.obj({
    labelSelector: meta("LabelSelector", "Selects the pods to consider."),
    namespaces: list(s.str(), "Namespaces to look for pods in; the pod's own when empty.", { listType: "atomic" }),
    topologyKey: s.str("Node label whose equal values form one domain."),
    namespaceSelector: meta("LabelSelector", "Selects more namespaces to look for pods in."),
    matchLabelKeys: list(
      s.str(),
      "Label keys whose values, taken from the incoming pod, narrow the selector.",
      { listType: "atomic" },
    ),
    mismatchLabelKeys: list(
      s.str(),
      "Label keys whose values, taken from the incoming pod, exclude pods from the selector.",
      { listType: "atomic" },
    ),
  }, {
    description: "Pods to be placed with (or away from), and the topology that defines \"with\".",
    required: ["topologyKey"],
  }),
  WeightedPodAffinityTerm: s.obj({
    weight: s.int("Weight added to a node's score when the term matches, 1-100."),
    podAffinityTerm: ref("PodAffinityTerm", "The term to satisfy."),
  }, { description: "A weighted pod affinity term.", required: ["weight", "podAffinityTerm"] }),
  Toleration: s.obj({
    key: s.str("Taint key; empty with operator Exists matches every taint."),
    operator: s.enumOf(["Equal", "Exists"], "Exists or Equal (default)."),
    value: s.str("Taint value to match with operator Equal."),
    effect: s.enumOf(["NoExecute", "NoSchedule", "PreferNoSchedule"], "Taint effect to match; empty matches all."),
    tolerationSeconds: s.int64("How long a NoExecute taint is tolerated before eviction."),
  }, { description: "Lets the pod schedule onto (or stay on) nodes carrying a matching taint." }),
  TopologySpreadConstraint: s.obj({
    maxSkew: s.int("Largest allowed difference in matching pods between domains."),
    topologyKey: s.str("Node label whose values define the domains."),
    whenUnsatisfiable: s.enumOf(["DoNotSchedule", "ScheduleAnyway"], "DoNotSchedule or ScheduleAnyway."),
    labelSelector: meta("LabelSelector", "Selects the pods to count."),
    minDomains: s.int("Least number of eligible domains."),
    nodeAffinityPolicy: s.enumOf(
      ["Honor", "Ignore"],
      "Honor (default) or Ignore the pod's node affinity when computing skew.",
    ),
    nodeTaintsPolicy: s.enumOf(["Honor", "Ignore"], "Honor or Ignore (default) node taints when computing skew."),
    matchLabelKeys: list(
      s.str(),
      "Label keys whose values, taken from the incoming pod, narrow the selector.",
      { listType: "atomic" },
    ),
  }, {
    description: "How evenly matching pods must spread across a topology.",
    required: ["maxSkew", "topologyKey", "whenUnsatisfiable"],
  }),
  HostAlias: s.obj({
    ip: s.str("IP address of the entry."),
    hostnames: list(s.str(), "Hostnames for the IP.", { listType: "atomic" }),
  }, { description: "An extra /etc/hosts entry.", required: ["ip"] }),
  PodDNSConfig: s.obj({
    nameservers: list(s.str(), "DNS server IPs.", { listType: "atomic" }),
    searches: list(s.str(), "DNS search domains.", { listType: "atomic" }),
    options: refs("PodDNSConfigOption", "Resolver options.", { listType: "atomic" }),
  }, { description: "DNS resolver settings merged with those chosen by dnsPolicy." }),
  PodDNSConfigOption: s.obj({
    name: s.str("Option name."),
    value: s.str("Option value."),
  }, { description: "One resolver option." }),
  PodReadinessGate: s.obj({
    conditionType: s.str("Pod condition type to wait for."),
  }, { description: "An extra pod condition that must be true for the pod to be ready.", required: ["conditionType"] }),
  PodOS: s.obj({
    name: s.str("linux or windows."),
  }, { description: "The operating system the pod needs.", required: ["name"] }),
  PodSchedulingGate: s.obj({
    name: s.str("Gate name, unique in the pod."),
  }, { description: "A gate that holds the pod back from scheduling while present.", required: ["name"] }),
  PodResourceClaim: s.obj({
    name: s.str("Name of this entry, unique in the pod."),
    resourceClaimName: s.str("Existing ResourceClaim to use."),
    resourceClaimTemplateName: s.str("ResourceClaimTemplate to create a claim from."),
  }, { description: "Names a ResourceClaim (or a template for one) that the pod needs.", required: ["name"] }),
  LocalObjectReference: atomic(s.obj({
    name: withDefault(s.str("Name of the object."), ""),
  }, { description: "Names an object in the same namespace." })),

  // Status
  PodStatus: s.obj({
    observedGeneration: s.int64("The pod generation this status reflects."),
    phase: s.enumOf(
      ["Failed", "Pending", "Running", "Succeeded", "Unknown"],
      "Pending, Running, Succeeded, Failed or Unknown.",
    ),
    conditions: refs(
      "PodCondition",
      "Current conditions of the pod.",
      { mergeKey: "type", strategy: "merge", listType: "map", listMapKeys: ["type"] },
    ),
    message: s.str("Why the pod is in this state."),
    reason: s.str("Short reason the pod is in this state, e.g. Evicted."),
    nominatedNodeName: s.str("Node the scheduler preempted other pods on for this pod."),
    hostIP: s.str("Primary IP of the node running the pod."),
    hostIPs: refs(
      "HostIP",
      "IPs of the node running the pod; the first equals hostIP.",
      { mergeKey: "ip", strategy: "merge", listType: "atomic" },
    ),
    podIP: s.str("Primary IP of the pod."),
    podIPs: refs(
      "PodIP",
      "IPs of the pod; the first equals podIP.",
      { mergeKey: "ip", strategy: "merge", listType: "map", listMapKeys: ["ip"] },
    ),
    startTime: s.time("When the kubelet accepted the pod."),
    initContainerStatuses: refs("ContainerStatus", "Status of each init container.", { listType: "atomic" }),
    containerStatuses: refs("ContainerStatus", "Status of each app container.", { listType: "atomic" }),
    qosClass: s.enumOf(
      ["BestEffort", "Burstable", "Guaranteed"],
      "Quality of service class: Guaranteed, Burstable or BestEffort.",
    ),
    ephemeralContainerStatuses: refs("ContainerStatus", "Status of each ephemeral container.", { listType: "atomic" }),
    resize: s.str("State of an in-place resize (deprecated)."),
    resourceClaimStatuses: refs(
      "PodResourceClaimStatus",
      "ResourceClaims generated for the pod.",
      { mergeKey: "name", strategy: "merge,retainKeys", listType: "map", listMapKeys: ["name"] },
    ),
  }, { description: "What is last known about a pod as reported by the node and control plane." }),
  PodCondition: s.obj({
    type: s.str("Kind of condition, e.g. Ready."),
    observedGeneration: s.int64("The pod generation this condition reflects."),
    status: s.str("True, False or Unknown."),
    lastProbeTime: s.time("When the condition was last checked."),
    lastTransitionTime: s.time("When the status last changed."),
    reason: s.str("Why the condition last changed."),
    message: s.str("Details of the last change."),
  }, {
    description: "One observed aspect of a pod's state, such as Ready or PodScheduled.",
    required: ["type", "status"],
  }),
  PodIP: s.obj({
    ip: s.str("An IP address of the pod."),
  }, { description: "One IP address given to the pod.", required: ["ip"] }),
  HostIP: s.obj({
    ip: s.str("An IP address of the node."),
  }, { description: "One IP address of the node hosting the pod.", required: ["ip"] }),
  ContainerStatus: s.obj({
    name: s.str("Container name, as in the spec."),
    state: ref("ContainerState", "Current state."),
    lastState: ref("ContainerState", "State before the last restart."),
    ready: s.bool("Passed its readiness probe."),
    restartCount: s.int("Number of restarts."),
    image: s.str("Image the container runs."),
    imageID: s.str("Digest of the image the container runs."),
    containerID: s.str("Runtime-specific container ID, as <type>://<id>."),
    started: s.bool("Passed its startup probe (or has none) and is running."),
    allocatedResources: s.map(s.quantity(), "Resources the node has allocated to the container."),
    resources: ref("ResourceRequirements", "Requests and limits currently applied by the runtime."),
    volumeMounts: refs(
      "VolumeMountStatus",
      "Status of each volume mount.",
      { mergeKey: "mountPath", strategy: "merge", listType: "map", listMapKeys: ["mountPath"] },
    ),
    user: ref("ContainerUser", "Identity the process runs as."),
    allocatedResourcesStatus: refs(
      "ResourceStatus",
      "Health of devices allocated to the container.",
      { mergeKey: "name", strategy: "merge", listType: "map", listMapKeys: ["name"] },
    ),
    stopSignal: s.enumOf(SIGNALS, "Signal that stops the container."),
  }, {
    description: "Observed state of one container in the pod.",
    required: ["name", "ready", "restartCount", "image", "imageID"],
  }),
  ContainerState: s.obj({
    waiting: ref("ContainerStateWaiting", "Set while waiting to start."),
    running: ref("ContainerStateRunning", "Set while running."),
    terminated: ref("ContainerStateTerminated", "Set after exit."),
  }, { description: "The state a container is in; exactly one member is set." }),
  ContainerStateWaiting: s.obj({
    reason: s.str("Why it is not running yet, e.g. ContainerCreating."),
    message: s.str("Human-readable detail."),
  }, { description: "The container has not started yet." }),
  ContainerStateRunning: s.obj({
    startedAt: s.time("When the container started."),
  }, { description: "The container is running." }),
  ContainerStateTerminated: s.obj({
    exitCode: s.int("Exit code of the last run."),
    signal: s.int("Signal that ended it."),
    reason: s.str("Why it ended, e.g. Completed or OOMKilled."),
    message: s.str("Human-readable detail."),
    startedAt: s.time("When it started."),
    finishedAt: s.time("When it exited."),
    containerID: s.str("Runtime-specific container ID, as <type>://<id>."),
  }, { description: "The container ran and has exited.", required: ["exitCode"] }),
  VolumeMountStatus: s.obj({
    name: s.str("Name of the volume mount."),
    mountPath: s.str("Path it is mounted at."),
    readOnly: s.bool("Mounted read-only."),
    recursiveReadOnly: s.str("Effective recursive read-only mode: Disabled or Enabled."),
  }, { description: "Observed state of one volume mount.", required: ["name", "mountPath"] }),
  ContainerUser: s.obj({
    linux: ref("LinuxContainerUser", "Linux identity."),
  }, { description: "Identity the container process actually runs as." }),
  LinuxContainerUser: s.obj({
    uid: s.int64("User ID."),
    gid: s.int64("Primary group ID."),
    supplementalGroups: list(s.int64(), "Extra group IDs.", { listType: "atomic" }),
  }, { description: "Linux uid, gid and groups of the container's first process.", required: ["uid", "gid"] }),
  ResourceStatus: s.obj({
    name: s.str("Resource name, e.g. claim:<claim>/<request>."),
    resources: refs(
      "ResourceHealth",
      "Health of each device of the resource.",
      { listType: "map", listMapKeys: ["resourceID"] },
    ),
  }, { description: "Health of the devices behind one allocated resource.", required: ["name"] }),
  ResourceHealth: s.obj({
    resourceID: s.str("Unique ID of the device."),
    health: s.str("Healthy, Unhealthy or Unknown."),
  }, { description: "Health of one device.", required: ["resourceID"] }),
  PodResourceClaimStatus: s.obj({
    name: s.str("Entry in spec.resourceClaims this belongs to."),
    resourceClaimName: s.str("Name of the generated ResourceClaim."),
  }, { description: "Which ResourceClaim was produced for a pod resource claim entry.", required: ["name"] }),

  // Volumes
  Volume: s.obj({
    name: s.str("Volume name, unique in the pod (DNS label)."),
    hostPath: ref("HostPathVolumeSource", "A path on the node."),
    emptyDir: ref("EmptyDirVolumeSource", "A scratch directory."),
    gcePersistentDisk: ref("GCEPersistentDiskVolumeSource", "A GCE persistent disk."),
    awsElasticBlockStore: ref("AWSElasticBlockStoreVolumeSource", "An AWS EBS disk."),
    gitRepo: ref("GitRepoVolumeSource", "A cloned git repository."),
    secret: ref("SecretVolumeSource", "A Secret's keys as files."),
    nfs: ref("NFSVolumeSource", "An NFS export."),
    iscsi: ref("ISCSIVolumeSource", "An iSCSI disk."),
    glusterfs: ref("GlusterfsVolumeSource", "A GlusterFS volume."),
    persistentVolumeClaim: ref("PersistentVolumeClaimVolumeSource", "A PersistentVolumeClaim in the pod's namespace."),
    rbd: ref("RBDVolumeSource", "A Ceph RBD image."),
    flexVolume: ref("FlexVolumeSource", "A FlexVolume driver volume."),
    cinder: ref("CinderVolumeSource", "A Cinder volume."),
    cephfs: ref("CephFSVolumeSource", "A CephFS mount."),
    flocker: ref("FlockerVolumeSource", "A Flocker dataset."),
    downwardAPI: ref("DownwardAPIVolumeSource", "Pod information as files."),
    fc: ref("FCVolumeSource", "A Fibre Channel disk."),
    azureFile: ref("AzureFileVolumeSource", "An Azure File share."),
    configMap: ref("ConfigMapVolumeSource", "A ConfigMap's keys as files."),
    vsphereVolume: ref("VsphereVirtualDiskVolumeSource", "A vSphere disk."),
    quobyte: ref("QuobyteVolumeSource", "A Quobyte volume."),
    azureDisk: ref("AzureDiskVolumeSource", "An Azure data disk."),
    photonPersistentDisk: ref("PhotonPersistentDiskVolumeSource", "A Photon Controller disk."),
    projected: ref("ProjectedVolumeSource", "Several sources in one directory."),
    portworxVolume: ref("PortworxVolumeSource", "A Portworx volume."),
    scaleIO: ref("ScaleIOVolumeSource", "A ScaleIO volume."),
    storageos: ref("StorageOSVolumeSource", "A StorageOS volume."),
    csi: ref("CSIVolumeSource", "An inline CSI volume."),
    ephemeral: ref("EphemeralVolumeSource", "A claim created and deleted with the pod."),
    image: ref("ImageVolumeSource", "An OCI image or artifact."),
  }, { description: "A named volume that containers in the pod can mount.", required: ["name"] }),
  HostPathVolumeSource: s.obj({
    path: s.str("Path on the node."),
    type: s.enumOf(
      ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"],
      "What must be at the path, e.g. Directory or FileOrCreate.",
    ),
  }, { description: "A file or directory on the node.", required: ["path"] }),
  EmptyDirVolumeSource: s.obj({
    medium: s.str("Storage medium: empty for the node's disk, or Memory."),
    sizeLimit: s.quantity("Most storage the directory may use."),
  }, { description: "A scratch directory that lives as long as the pod." }),
  GCEPersistentDiskVolumeSource: s.obj({
    pdName: s.str("Name of the disk in GCE."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    partition: s.int("Partition number on the disk to mount; empty means the whole disk."),
    readOnly: s.bool("Mount the volume read-only."),
  }, { description: "A Google Compute Engine persistent disk (deprecated).", required: ["pdName"] }),
  AWSElasticBlockStoreVolumeSource: s.obj({
    volumeID: s.str("Identifier of the volume in the storage system."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    partition: s.int("Partition number on the disk to mount; empty means the whole disk."),
    readOnly: s.bool("Mount the volume read-only."),
  }, { description: "An AWS EBS disk (deprecated).", required: ["volumeID"] }),
  GitRepoVolumeSource: s.obj({
    repository: s.str("Repository URL."),
    revision: s.str("Commit hash to check out."),
    directory: s.str("Target directory name; \".\" clones into the volume root."),
  }, { description: "A git repository cloned into a directory (deprecated).", required: ["repository"] }),
  SecretVolumeSource: s.obj({
    secretName: s.str("Name of the Secret in the pod's namespace."),
    items: refs(
      "KeyToPath",
      "Which keys to project and where; unlisted keys are left out when set.",
      { listType: "atomic" },
    ),
    defaultMode: s.int("Permission bits for created files, 0000-0777 (octal) or 0-511 (decimal)."),
    optional: s.bool("Do not fail if the Secret or a key is missing."),
  }, { description: "Files filled from a Secret." }),
  KeyToPath: s.obj({
    key: s.str("Key to project."),
    path: s.str("Relative file path to write the key to."),
    mode: s.int("Permission bits for this file; defaults to the volume's defaultMode."),
  }, { description: "Maps one key to a file path inside the volume.", required: ["key", "path"] }),
  NFSVolumeSource: s.obj({
    server: s.str("Host name or IP of the NFS server."),
    path: s.str("Exported path."),
    readOnly: s.bool("Mount the volume read-only."),
  }, { description: "An NFS export.", required: ["server", "path"] }),
  ISCSIVolumeSource: s.obj({
    targetPortal: s.str("iSCSI target portal as ip or ip:port."),
    iqn: s.str("iSCSI qualified name of the target."),
    lun: s.int("Logical unit number of the target."),
    iscsiInterface: withDefault(s.str("iSCSI interface name; \"default\" means the tcp transport."), "default"),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    readOnly: s.bool("Mount the volume read-only."),
    portals: list(s.str(), "Extra target portals, as ip or ip:port.", { listType: "atomic" }),
    chapAuthDiscovery: s.bool("Use CHAP authentication for discovery."),
    chapAuthSession: s.bool("Use CHAP authentication for the session."),
    secretRef: ref("LocalObjectReference", "Secret holding credentials for this volume."),
    initiatorName: s.str("Custom initiator name; overrides iscsiInterface's."),
  }, { description: "An iSCSI disk.", required: ["targetPortal", "iqn", "lun"] }),
  GlusterfsVolumeSource: s.obj({
    endpoints: s.str("Name of the Endpoints object describing the Gluster cluster."),
    path: s.str("Gluster volume name."),
    readOnly: s.bool("Mount the volume read-only."),
  }, { description: "A GlusterFS volume.", required: ["endpoints", "path"] }),
  PersistentVolumeClaimVolumeSource: s.obj({
    claimName: s.str("Name of the claim in the pod's namespace."),
    readOnly: s.bool("Force a read-only mount."),
  }, { description: "Uses the volume bound to a PersistentVolumeClaim.", required: ["claimName"] }),
  RBDVolumeSource: s.obj({
    monitors: list(s.str(), "Ceph monitor addresses.", { listType: "atomic" }),
    image: s.str("Name of the RBD image."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    pool: withDefault(s.str("Ceph pool; defaults to rbd."), "rbd"),
    user: withDefault(s.str("Ceph user; defaults to admin."), "admin"),
    keyring: withDefault(s.str("Path to the Ceph keyring; defaults to /etc/ceph/keyring."), "/etc/ceph/keyring"),
    secretRef: ref("LocalObjectReference", "Secret holding credentials for this volume."),
    readOnly: s.bool("Mount the volume read-only."),
  }, { description: "A Ceph RBD image (deprecated).", required: ["monitors", "image"] }),
  FlexVolumeSource: s.obj({
    driver: s.str("Name of the FlexVolume driver."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    secretRef: ref("LocalObjectReference", "Secret holding credentials for this volume."),
    readOnly: s.bool("Mount the volume read-only."),
    options: s.stringMap("Extra driver-specific options."),
  }, { description: "A volume attached through a FlexVolume driver (deprecated).", required: ["driver"] }),
  CinderVolumeSource: s.obj({
    volumeID: s.str("Identifier of the volume in the storage system."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    readOnly: s.bool("Mount the volume read-only."),
    secretRef: ref("LocalObjectReference", "Secret holding credentials for this volume."),
  }, { description: "An OpenStack Cinder volume (deprecated).", required: ["volumeID"] }),
  CephFSVolumeSource: s.obj({
    monitors: list(s.str(), "Ceph monitor addresses.", { listType: "atomic" }),
    path: s.str("Path inside CephFS to mount; defaults to /."),
    user: s.str("User name to authenticate as."),
    secretFile: s.str("Path to the Ceph user's key file."),
    secretRef: ref("LocalObjectReference", "Secret holding credentials for this volume."),
    readOnly: s.bool("Mount the volume read-only."),
  }, { description: "A CephFS mount.", required: ["monitors"] }),
  FlockerVolumeSource: s.obj({
    datasetName: s.str("Name of the dataset."),
    datasetUUID: s.str("UUID of the dataset."),
  }, { description: "A Flocker dataset." }),
  DownwardAPIVolumeSource: s.obj({
    items: refs("DownwardAPIVolumeFile", "Files to write.", { listType: "atomic" }),
    defaultMode: s.int("Permission bits for created files, 0000-0777 (octal) or 0-511 (decimal)."),
  }, { description: "Files holding pod fields and container resources." }),
  DownwardAPIVolumeFile: s.obj({
    path: s.str("Relative file path to write."),
    fieldRef: ref("ObjectFieldSelector", "A field of the pod; only annotations, labels, name, namespace and uid."),
    resourceFieldRef: ref("ResourceFieldSelector", "A container resource limit or request."),
    mode: s.int("Permission bits for this file; defaults to the volume's defaultMode."),
  }, { description: "One file of downward API data.", required: ["path"] }),
  FCVolumeSource: s.obj({
    targetWWNs: list(s.str(), "Target world wide names.", { listType: "atomic" }),
    lun: s.int("Target LUN."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    readOnly: s.bool("Mount the volume read-only."),
    wwids: list(s.str(), "World wide identifiers; use either these or targetWWNs with lun.", { listType: "atomic" }),
  }, { description: "A Fibre Channel disk." }),
  AzureFileVolumeSource: s.obj({
    secretName: s.str("Secret holding the storage account name and key."),
    shareName: s.str("Name of the Azure file share."),
    readOnly: s.bool("Mount the volume read-only."),
  }, { description: "An Azure File share (deprecated).", required: ["secretName", "shareName"] }),
  ConfigMapVolumeSource: s.obj({
    name: withDefault(s.str("Name of the ConfigMap."), ""),
    items: refs(
      "KeyToPath",
      "Which keys to project and where; unlisted keys are left out when set.",
      { listType: "atomic" },
    ),
    defaultMode: s.int("Permission bits for created files, 0000-0777 (octal) or 0-511 (decimal)."),
    optional: s.bool("Do not fail if the ConfigMap or a key is missing."),
  }, { description: "Files filled from a ConfigMap." }),
  VsphereVirtualDiskVolumeSource: s.obj({
    volumePath: s.str("Path identifying the vSphere disk."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    storagePolicyName: s.str("Storage policy based management profile name."),
    storagePolicyID: s.str("Storage policy based management profile ID."),
  }, { description: "A vSphere disk (deprecated).", required: ["volumePath"] }),
  QuobyteVolumeSource: s.obj({
    registry: s.str("Quobyte registry addresses, as host:port, comma separated."),
    volume: s.str("Name of the existing Quobyte volume."),
    readOnly: s.bool("Mount the volume read-only."),
    user: s.str("User to map volume access to; defaults to serviceaccount."),
    group: s.str("Group to map volume access to."),
    tenant: s.str("Tenant owning the volume."),
  }, { description: "A Quobyte volume.", required: ["registry", "volume"] }),
  AzureDiskVolumeSource: s.obj({
    diskName: s.str("Name of the data disk."),
    diskURI: s.str("URI of the data disk."),
    cachingMode: withDefault(
      s.enumOf(["None", "ReadOnly", "ReadWrite"], "Host caching mode: None, ReadOnly or ReadWrite."),
      "ReadWrite",
    ),
    fsType: withDefault(s.str("Filesystem type to mount, e.g. ext4 or xfs."), "ext4"),
    readOnly: withDefault(s.bool("Mount the volume read-only."), false),
    kind: withDefault(s.enumOf(["Dedicated", "Managed", "Shared"], "Shared, Dedicated or Managed."), "Shared"),
  }, { description: "An Azure data disk (deprecated).", required: ["diskName", "diskURI"] }),
  PhotonPersistentDiskVolumeSource: s.obj({
    pdID: s.str("ID of the Photon persistent disk."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
  }, { description: "A Photon Controller persistent disk.", required: ["pdID"] }),
  ProjectedVolumeSource: s.obj({
    sources: refs("VolumeProjection", "Sources to project.", { listType: "atomic" }),
    defaultMode: s.int("Permission bits for created files, 0000-0777 (octal) or 0-511 (decimal)."),
  }, { description: "Several sources merged into one directory." }),
  VolumeProjection: s.obj({
    secret: ref("SecretProjection", "A Secret."),
    downwardAPI: ref("DownwardAPIProjection", "Pod information."),
    configMap: ref("ConfigMapProjection", "A ConfigMap."),
    serviceAccountToken: ref("ServiceAccountTokenProjection", "A service account token."),
    clusterTrustBundle: ref("ClusterTrustBundleProjection", "ClusterTrustBundle certificates."),
  }, { description: "One source of a projected volume; exactly one member is set." }),
  SecretProjection: s.obj({
    name: withDefault(s.str("Name of the Secret."), ""),
    items: refs(
      "KeyToPath",
      "Which keys to project and where; unlisted keys are left out when set.",
      { listType: "atomic" },
    ),
    optional: s.bool("Do not fail if the referenced object or key is missing."),
  }, { description: "Projects keys of a Secret." }),
  ConfigMapProjection: s.obj({
    name: withDefault(s.str("Name of the ConfigMap."), ""),
    items: refs(
      "KeyToPath",
      "Which keys to project and where; unlisted keys are left out when set.",
      { listType: "atomic" },
    ),
    optional: s.bool("Do not fail if the referenced object or key is missing."),
  }, { description: "Projects keys of a ConfigMap." }),
  DownwardAPIProjection: s.obj({
    items: refs("DownwardAPIVolumeFile", "Files to write.", { listType: "atomic" }),
  }, { description: "Projects pod fields and container resources." }),
  ServiceAccountTokenProjection: s.obj({
    audience: s.str("Audience the token is for; defaults to the API server."),
    expirationSeconds: s.int64("Requested lifetime; defaults to one hour, at least ten minutes."),
    path: s.str("File path, relative to the mount point."),
  }, { description: "Projects a bound service account token.", required: ["path"] }),
  ClusterTrustBundleProjection: s.obj({
    name: s.str("Select one bundle by name."),
    signerName: s.str("Select bundles that belong to this signer."),
    labelSelector: meta("LabelSelector", "Select bundles by label; with signerName only."),
    optional: s.bool("Write an empty file instead of failing when nothing matches."),
    path: s.str("File path, relative to the volume root."),
  }, { description: "Projects certificates from ClusterTrustBundle objects.", required: ["path"] }),
  PortworxVolumeSource: s.obj({
    volumeID: s.str("Identifier of the volume in the storage system."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    readOnly: s.bool("Mount the volume read-only."),
  }, { description: "A Portworx volume.", required: ["volumeID"] }),
  ScaleIOVolumeSource: s.obj({
    gateway: s.str("Address of the ScaleIO API gateway."),
    system: s.str("Name of the ScaleIO storage system."),
    secretRef: ref("LocalObjectReference", "Secret holding ScaleIO user credentials."),
    sslEnabled: s.bool("Talk to the gateway over SSL."),
    protectionDomain: s.str("ScaleIO protection domain of the volume."),
    storagePool: s.str("ScaleIO storage pool of the volume."),
    storageMode: withDefault(s.str("ThickProvisioned or ThinProvisioned."), "ThinProvisioned"),
    volumeName: s.str("Name of an existing ScaleIO volume."),
    fsType: withDefault(s.str("Filesystem type to mount, e.g. ext4 or xfs."), "xfs"),
    readOnly: s.bool("Mount the volume read-only."),
  }, { description: "A ScaleIO volume.", required: ["gateway", "system", "secretRef"] }),
  StorageOSVolumeSource: s.obj({
    volumeName: s.str("StorageOS volume name, unique in its namespace."),
    volumeNamespace: s.str("StorageOS namespace of the volume; defaults to the pod's namespace."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    readOnly: s.bool("Mount the volume read-only."),
    secretRef: ref("LocalObjectReference", "Secret holding credentials for this volume."),
  }, { description: "A StorageOS volume." }),
  CSIVolumeSource: s.obj({
    driver: s.str("Name of the CSI driver."),
    readOnly: s.bool("Mount read-only; defaults to false."),
    fsType: s.str("Filesystem type; the driver picks when empty."),
    volumeAttributes: s.stringMap("Driver-specific attributes passed to the CSI driver."),
    nodePublishSecretRef: ref("LocalObjectReference", "Secret passed to the driver's NodePublishVolume calls."),
  }, { description: "An inline volume provided by a CSI driver.", required: ["driver"] }),
  EphemeralVolumeSource: s.obj({
    volumeClaimTemplate: ref("PersistentVolumeClaimTemplate", "Template for the claim created for the pod."),
  }, { description: "A volume from a PersistentVolumeClaim created with the pod and deleted with it." }),
  PersistentVolumeClaimTemplate: s.obj({
    metadata: meta("ObjectMeta", "Labels and annotations copied into the new claim."),
    spec: ref("PersistentVolumeClaimSpec", "Spec copied into the new claim unchanged."),
  }, { description: "The PersistentVolumeClaim to create for an ephemeral volume.", required: ["spec"] }),
  ImageVolumeSource: s.obj({
    reference: s.str("Image or artifact reference, like a container image."),
    pullPolicy: s.enumOf(["Always", "IfNotPresent", "Never"], "Always, Never or IfNotPresent."),
  }, { description: "Contents of an OCI image or artifact, mounted read-only." }),

  // PersistentVolume-side sources and references
  ISCSIPersistentVolumeSource: s.obj({
    targetPortal: s.str("iSCSI target portal as ip or ip:port."),
    iqn: s.str("iSCSI qualified name of the target."),
    lun: s.int("Logical unit number of the target."),
    iscsiInterface: withDefault(s.str("iSCSI interface name; \"default\" means the tcp transport."), "default"),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    readOnly: s.bool("Mount the volume read-only."),
    portals: list(s.str(), "Extra target portals, as ip or ip:port.", { listType: "atomic" }),
    chapAuthDiscovery: s.bool("Use CHAP authentication for discovery."),
    chapAuthSession: s.bool("Use CHAP authentication for the session."),
    secretRef: ref("SecretReference", "Secret holding credentials for this volume."),
    initiatorName: s.str("Custom initiator name; overrides iscsiInterface's."),
  }, { description: "An iSCSI disk backing a PersistentVolume.", required: ["targetPortal", "iqn", "lun"] }),
  CephFSPersistentVolumeSource: s.obj({
    monitors: list(s.str(), "Ceph monitor addresses.", { listType: "atomic" }),
    path: s.str("Path inside CephFS to mount; defaults to /."),
    user: s.str("User name to authenticate as."),
    secretFile: s.str("Path to the Ceph user's key file."),
    secretRef: ref("SecretReference", "Secret holding credentials for this volume."),
    readOnly: s.bool("Mount the volume read-only."),
  }, { description: "A CephFS mount backing a PersistentVolume.", required: ["monitors"] }),
  CinderPersistentVolumeSource: s.obj({
    volumeID: s.str("Identifier of the volume in the storage system."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    readOnly: s.bool("Mount the volume read-only."),
    secretRef: ref("SecretReference", "Secret holding credentials for this volume."),
  }, { description: "A Cinder volume backing a PersistentVolume (deprecated).", required: ["volumeID"] }),
  FlexPersistentVolumeSource: s.obj({
    driver: s.str("Name of the FlexVolume driver."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    secretRef: ref("SecretReference", "Secret holding credentials for this volume."),
    readOnly: s.bool("Mount the volume read-only."),
    options: s.stringMap("Extra driver-specific options."),
  }, { description: "A FlexVolume backing a PersistentVolume (deprecated).", required: ["driver"] }),
  AzureFilePersistentVolumeSource: s.obj({
    secretName: s.str("Secret holding the storage account name and key."),
    shareName: s.str("Name of the Azure file share."),
    readOnly: s.bool("Mount the volume read-only."),
    secretNamespace: s.str("Namespace of the Secret; defaults to the pod's."),
  }, {
    description: "An Azure File share backing a PersistentVolume (deprecated).",
    required: ["secretName", "shareName"],
  }),
  RBDPersistentVolumeSource: s.obj({
    monitors: list(s.str(), "Ceph monitor addresses.", { listType: "atomic" }),
    image: s.str("Name of the RBD image."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    pool: withDefault(s.str("Ceph pool; defaults to rbd."), "rbd"),
    user: withDefault(s.str("Ceph user; defaults to admin."), "admin"),
    keyring: withDefault(s.str("Path to the Ceph keyring; defaults to /etc/ceph/keyring."), "/etc/ceph/keyring"),
    secretRef: ref("SecretReference", "Secret holding credentials for this volume."),
    readOnly: s.bool("Mount the volume read-only."),
  }, { description: "A Ceph RBD image backing a PersistentVolume (deprecated).", required: ["monitors", "image"] }),
  ScaleIOPersistentVolumeSource: s.obj({
    gateway: s.str("Address of the ScaleIO API gateway."),
    system: s.str("Name of the ScaleIO storage system."),
    secretRef: ref("SecretReference", "Secret holding ScaleIO user credentials."),
    sslEnabled: s.bool("Talk to the gateway over SSL."),
    protectionDomain: s.str("ScaleIO protection domain of the volume."),
    storagePool: s.str("ScaleIO storage pool of the volume."),
    storageMode: withDefault(s.str("ThickProvisioned or ThinProvisioned."), "ThinProvisioned"),
    volumeName: s.str("Name of an existing ScaleIO volume."),
    fsType: withDefault(s.str("Filesystem type to mount, e.g. ext4 or xfs."), "xfs"),
    readOnly: s.bool("Mount the volume read-only."),
  }, { description: "A ScaleIO volume backing a PersistentVolume.", required: ["gateway", "system", "secretRef"] }),
  StorageOSPersistentVolumeSource: s.obj({
    volumeName: s.str("StorageOS volume name, unique in its namespace."),
    volumeNamespace: s.str("StorageOS namespace of the volume; defaults to the pod's namespace."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    readOnly: s.bool("Mount the volume read-only."),
    secretRef: ref("ObjectReference", "Secret holding credentials for this volume."),
  }, { description: "A StorageOS volume backing a PersistentVolume." }),
  CSIPersistentVolumeSource: s.obj({
    driver: s.str("Name of the CSI driver."),
    volumeHandle: s.str("ID of the volume in the driver."),
    readOnly: s.bool("Publish the volume read-only."),
    fsType: s.str("Filesystem type to mount, e.g. ext4 or xfs."),
    volumeAttributes: s.stringMap("Driver-specific attributes passed to the CSI driver."),
    controllerPublishSecretRef: ref(
      "SecretReference",
      "Secret for ControllerPublishVolume and ControllerUnpublishVolume.",
    ),
    nodeStageSecretRef: ref("SecretReference", "Secret for NodeStageVolume and NodeUnstageVolume."),
    nodePublishSecretRef: ref("SecretReference", "Secret for NodePublishVolume and NodeUnpublishVolume."),
    controllerExpandSecretRef: ref("SecretReference", "Secret for ControllerExpandVolume."),
    nodeExpandSecretRef: ref("SecretReference", "Secret for NodeExpandVolume."),
  }, { description: "A CSI-managed volume backing a PersistentVolume.", required: ["driver", "volumeHandle"] }),
  GlusterfsPersistentVolumeSource: s.obj({
    endpoints: s.str("Name of the Endpoints object describing the Gluster cluster."),
    path: s.str("Gluster volume name."),
    readOnly: s.bool("Mount the volume read-only."),
    endpointsNamespace: s.str("Namespace of the Endpoints object; defaults to the claim's."),
  }, { description: "A GlusterFS volume backing a PersistentVolume.", required: ["endpoints", "path"] }),
  LocalVolumeSource: s.obj({
    path: s.str("Full path of the volume on the node."),
    fsType: s.str("Filesystem type when path is a block device."),
  }, { description: "A disk, partition or directory local to one node.", required: ["path"] }),
  SecretReference: atomic(s.obj({
    name: s.str("Name of the Secret."),
    namespace: s.str("Namespace of the Secret."),
  }, { description: "Names a Secret, possibly in another namespace." })),
  ObjectReference: atomic(s.obj({
    kind: s.str("Kind of the object."),
    namespace: s.str("Namespace of the object."),
    name: s.str("Name of the object."),
    uid: s.str("UID of the object."),
    apiVersion: s.str("API version of the object."),
    resourceVersion: s.str("Resource version of the object the reference was taken at."),
    fieldPath: s.str("Path to a field inside the object, when it points at part of one."),
  }, { description: "Points at any object, optionally at a field inside it." })),
  TypedLocalObjectReference: atomic(s.obj({
    apiGroup: s.str("API group of the kind; empty for the core group."),
    kind: s.str("Kind of the object."),
    name: s.str("Name of the object."),
  }, { description: "Names an object of a given kind in the same namespace.", required: ["kind", "name"] })),
  TypedObjectReference: s.obj({
    apiGroup: s.str("API group of the kind; empty for the core group."),
    kind: s.str("Kind of the object."),
    name: s.str("Name of the object."),
    namespace: s.str("Namespace of the object; cross-namespace references need permission."),
  }, { description: "Names an object of a given kind, possibly in another namespace.", required: ["kind", "name"] }),
  VolumeNodeAffinity: s.obj({
    required: ref("NodeSelector", "Nodes that can reach the volume."),
  }, { description: "Which nodes can reach a PersistentVolume." }),
};

export const corePodDefinitions: Definitions = Object.fromEntries(
  Object.entries(definitions).map(([name, schema]) => [CORE + name, schema]),
);
