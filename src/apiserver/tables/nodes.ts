// `kubectl get nodes`: STATUS from the Ready condition, ROLES from node-role labels.
import type { KubeObject } from "../../api/meta.ts";
import { ageColumn, nameColumn } from "./_columns.ts";
import { ageCell } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

interface Node extends KubeObject {
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: { type: string; status: string }[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
  };
}

const rolePrefix = "node-role.kubernetes.io/";
const legacyRoleLabel = "kubernetes.io/role";

function statusCell(node: Node): string {
  // The last Ready condition wins, as the printer indexes conditions by type.
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === "Ready").at(-1);
  const parts = [ready ? (ready.status === "True" ? "Ready" : "NotReady") : "Unknown"];
  if (node.spec?.unschedulable) parts.push("SchedulingDisabled");
  return parts.join(",");
}

function rolesCell(node: Node): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(rolePrefix)) {
      const role = key.slice(rolePrefix.length);
      if (role) roles.add(role);
    } else if (key === legacyRoleLabel && value !== "") {
      roles.add(value);
    }
  }
  return roles.size ? [...roles].sort().join(",") : "<none>";
}

function addressCell(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? "<none>";
}

export const nodesTable: TableConvertor = {
  columns: [
    nameColumn,
    column("Status", { description: "Readiness of the node, and whether scheduling is disabled." }),
    column("Roles", { description: "Roles taken from the node's node-role.kubernetes.io/* labels." }),
    ageColumn,
    column("Version", { description: "Version of the node agent." }),
    column("Internal-IP", { priority: 1, description: "The node's first internal address." }),
    column("External-IP", { priority: 1, description: "The node's first external address." }),
    column("OS-Image", { priority: 1, description: "Operating system image the node reports." }),
    column("Kernel-Version", { priority: 1, description: "Kernel version the node reports." }),
    column("Container-Runtime", { priority: 1, description: "Container runtime and version the node reports." }),
  ],
  cells(obj: KubeObject, now: Date): Cell[] {
    const node = obj as Node;
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata.name ?? "",
      statusCell(node),
      rolesCell(node),
      ageCell(node.metadata.creationTimestamp, now),
      info.kubeletVersion ?? "",
      addressCell(node, "InternalIP"),
      addressCell(node, "ExternalIP"),
      info.osImage || "<unknown>",
      info.kernelVersion || "<unknown>",
      info.containerRuntimeVersion || "<unknown>",
    ];
  },
};
