// Every message we can read or write, and which top-level kinds map to which message.
import { buildMessages, type MessageDescriptor } from "./message-schema.ts";
import { metaV1Messages } from "./messages-meta.ts";
import { coreV1Messages } from "./messages-core.ts";
import { podMessages } from "./messages-pod.ts";
import { volumeMessages } from "./messages-volume.ts";
import { appsV1Messages } from "./messages-apps.ts";
import { authenticationV1Messages } from "./messages-authentication.ts";

export const messages: ReadonlyMap<string, MessageDescriptor> = buildMessages(
  metaV1Messages,
  coreV1Messages,
  podMessages,
  volumeMessages,
  appsV1Messages,
  authenticationV1Messages,
);

/** Top-level kinds by `apiVersion/kind`; the message has the kind's name. */
const KINDS: ReadonlySet<string> = new Set([
  "v1/Namespace",
  "v1/Secret",
  "v1/ConfigMap",
  "v1/Service",
  "v1/ServiceAccount",
  "v1/Pod",
  "v1/PersistentVolumeClaim",
  "v1/Endpoints",
  "apps/v1/StatefulSet",
  "apps/v1/ControllerRevision",
  "authentication.k8s.io/v1/TokenRequest",
]);

/**
 * The message for a request body's type. DeleteOptions is registered in every group version, so
 * a typed delete in any group sends it under that group's apiVersion.
 */
export function messageForKind(apiVersion: string, kind: string): MessageDescriptor | undefined {
  if (kind === "DeleteOptions" || KINDS.has(`${apiVersion}/${kind}`)) return messages.get(kind);
  return undefined;
}

export function messageNamed(name: string): MessageDescriptor {
  const message = messages.get(name);
  if (!message) throw new Error(`no protobuf message named ${name}`);
  return message;
}

export function supportedKinds(): string[] {
  return [...KINDS];
}
