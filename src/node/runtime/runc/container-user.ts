// Which user a container's process runs as, decided as the kubelet and containerd decide it:
// runAsUser/runAsGroup (container over pod) win over the image's USER; a user or group given by
// name is looked up in the image's /etc/passwd and /etc/group; without a group the user's primary
// group from /etc/passwd is used (0 when the user has no entry); the groups listing the user by
// name, the pod's supplementalGroups and fsGroup are added. Pure: the caller reads the files.
// runAsNonRoot violations are the kubelet's CreateContainerConfigError; a user or group the image
// does not know is containerd's, a CreateContainerError.
import { arr, obj, str, type JsonObject } from "../../../api/validation/json-access.ts";
import { ContainerConfigError } from "../../volumes/container-env.ts";
import { createContainerError } from "./start-error.ts";

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

const isId = (s: string) => /^\d+$/.test(s);

function parsePasswd(text: string): PasswdEntry[] {
  return text
    .split("\n")
    .map((l) => l.split(":"))
    .filter((f) => f.length >= 4 && isId(f[2]) && isId(f[3]))
    .map((f) => ({ name: f[0], uid: Number(f[2]), gid: Number(f[3]) }));
}

function parseGroup(text: string): GroupEntry[] {
  return text
    .split("\n")
    .map((l) => l.split(":"))
    .filter((f) => f.length >= 3 && isId(f[2]))
    .map((f) => ({ name: f[0], gid: Number(f[2]), members: (f[3] ?? "").split(",").filter((m) => m !== "") }));
}

/** The pod's and the container's securityContext merged as the kubelet merges them. */
export function effectiveSecurityContext(pod: JsonObject, container: JsonObject): JsonObject {
  const podSc = obj(obj(pod.spec)?.securityContext) ?? {};
  const sc = obj(container.securityContext) ?? {};
  const pick = (k: string) => (sc[k] !== undefined && sc[k] !== null ? sc[k] : podSc[k]);
  return {
    ...sc,
    runAsUser: pick("runAsUser"),
    runAsGroup: pick("runAsGroup"),
    runAsNonRoot: pick("runAsNonRoot"),
    seccompProfile: pick("seccompProfile"),
  };
}

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

export interface UserInput {
  pod: JsonObject;
  container: JsonObject;
  /** The image config's User: "", "name", "uid", "name:group", "uid:gid". */
  imageUser: string;
  passwd: string;
  group: string;
}

/** kubelet's verifyRunAsNonRoot, with its messages. */
export function verifyRunAsNonRoot(input: Pick<UserInput, "pod" | "container" | "imageUser">): void {
  const sc = effectiveSecurityContext(input.pod, input.container);
  if (sc.runAsNonRoot !== true) return;
  const podName = `${str(obj(input.pod.metadata)?.namespace)}/${str(obj(input.pod.metadata)?.name)}`;
  const containerName = str(input.container.name);
  const uid = num(sc.runAsUser);
  if (uid !== undefined) {
    if (uid === 0) throw new ContainerConfigError(`container's runAsUser breaks non-root policy (pod: "${podName}", container: ${containerName})`);
    return;
  }
  const user = input.imageUser.split(":")[0];
  if (user !== "" && !isId(user)) {
    throw new ContainerConfigError(`container has runAsNonRoot and image has non-numeric user (${user}), cannot verify user is non-root (pod: "${podName}", container: ${containerName})`);
  }
  if (user === "" || Number(user) === 0) throw new ContainerConfigError(`container has runAsNonRoot and image will run as root (pod: "${podName}", container: ${containerName})`);
}

export function resolveUser(input: UserInput): ResolvedUser {
  verifyRunAsNonRoot(input);
  const sc = effectiveSecurityContext(input.pod, input.container);
  const users = parsePasswd(input.passwd);
  const groups = parseGroup(input.group);
  const [imageUserPart = "", imageGroupPart] = input.imageUser.split(":");

  let uid: number;
  let entry: PasswdEntry | undefined;
  const runAsUser = num(sc.runAsUser);
  if (runAsUser !== undefined) {
    uid = runAsUser;
    entry = users.find((u) => u.uid === uid);
  } else if (imageUserPart === "" || isId(imageUserPart)) {
    uid = Number(imageUserPart || 0);
    entry = users.find((u) => u.uid === uid);
  } else {
    entry = users.find((u) => u.name === imageUserPart);
    if (!entry) throw createContainerError(`unable to find user ${imageUserPart}: no matching entries in passwd file`);
    uid = entry.uid;
  }

  let gid: number;
  const runAsGroup = num(sc.runAsGroup);
  if (runAsGroup !== undefined) {
    gid = runAsGroup;
  } else if (runAsUser === undefined && imageGroupPart !== undefined && imageGroupPart !== "") {
    if (isId(imageGroupPart)) {
      gid = Number(imageGroupPart);
    } else {
      const g = groups.find((x) => x.name === imageGroupPart);
      if (!g) throw createContainerError(`unable to find group ${imageGroupPart}: no matching entries in group file`);
      gid = g.gid;
    }
  } else {
    gid = entry?.gid ?? 0;
  }

  const podSc = obj(obj(input.pod.spec)?.securityContext) ?? {};
  const extra: number[] = [];
  if (entry) for (const g of groups) if (g.members.includes(entry.name)) extra.push(g.gid);
  for (const g of arr(podSc.supplementalGroups)) if (typeof g === "number") extra.push(g);
  if (typeof podSc.fsGroup === "number") extra.push(podSc.fsGroup);
  return { uid, gid, additionalGids: [...new Set(extra)] };
}
