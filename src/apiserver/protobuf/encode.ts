// Objects to Kubernetes protobuf bodies, as client-go 1.32 sends them: the "k8s\0" magic and a
// runtime.Unknown around the typed message. Tests use it to build request bodies.
import { KUBE_PROTOBUF_MAGIC } from "./decode.ts";
import { ProtobufEncodeError, writeMessage } from "./from-json.ts";
import { messageForKind } from "../../api/go-types/messages.ts";
import { WireWriter } from "./wire-writer.ts";

export function encodeKubeProtobuf(obj: Record<string, unknown>): Buffer {
  const { apiVersion, kind, ...rest } = obj;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    throw new ProtobufEncodeError("encodeKubeProtobuf: apiVersion and kind must be strings");
  }
  const message = messageForKind(apiVersion, kind);
  if (!message) throw new ProtobufEncodeError(`encodeKubeProtobuf: no protobuf message for ${apiVersion} ${kind}`);
  const raw = new WireWriter();
  writeMessage(raw, message, rest, kind);
  // Go writes contentEncoding and contentType even when empty; so do we.
  const unknown = new WireWriter()
    .messageField(1, (typeMeta) => typeMeta.stringField(1, apiVersion).stringField(2, kind))
    .bytesField(2, raw.finish())
    .stringField(3, "")
    .stringField(4, "");
  return Buffer.concat([Uint8Array.from(KUBE_PROTOBUF_MAGIC), unknown.finish()]);
}
