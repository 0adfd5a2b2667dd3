// Request bodies in Kubernetes' protobuf encoding (kubectl 1.32+ typed creates and deletes): the
// "k8s\0" magic, then a runtime.Unknown whose typeMeta names the kind and whose raw bytes hold the
// typed message. We return the object's JSON form so the rest of the server sees what a JSON
// client would have sent.
import { StatusError } from "../../api/status-error.ts";
import { messageForKind } from "../../api/go-types/messages.ts";
import { readMessage } from "./to-json.ts";
import { ProtobufDecodeError, WireReader, WireType } from "./wire-reader.ts";

export const KUBE_PROTOBUF_MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

export const KUBE_PROTOBUF_MAGIC: readonly number[] = [0x6b, 0x38, 0x73, 0x00];

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
}

export function decodeKubeProtobuf(body: Uint8Array): Record<string, unknown> {
  if (!KUBE_PROTOBUF_MAGIC.every((b, i) => body[i] === b)) {
    throw StatusError.badRequest('invalid protobuf body: it does not start with the "k8s\\0" prefix');
  }
  const envelope = badRequestOnError(() => readEnvelope(new WireReader(body, KUBE_PROTOBUF_MAGIC.length)));
  const { apiVersion, kind } = envelope;
  if (!kind) throw StatusError.badRequest("invalid protobuf body: Object 'Kind' is missing");
  if (envelope.contentEncoding) {
    throw unsupported(`protobuf bodies with contentEncoding "${envelope.contentEncoding}" are not supported`);
  }
  const message = messageForKind(apiVersion, kind);
  if (!message) {
    throw unsupported(
      `protobuf request bodies of kind ${kind} (${apiVersion || "no apiVersion"}) are not supported; ` +
        `send it as application/json instead`,
    );
  }
  const object = badRequestOnError(() => readMessage(new WireReader(envelope.raw), message, kind));
  return { apiVersion, kind, ...object };
}

function unsupported(message: string): StatusError {
  return new StatusError(415, "UnsupportedMediaType", message);
}

function badRequestOnError<T>(decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    if (err instanceof ProtobufDecodeError) throw StatusError.badRequest(`invalid protobuf body: ${err.message}`);
    throw err;
  }
}

function readEnvelope(r: WireReader): Envelope {
  const envelope: Envelope = { apiVersion: "", kind: "", raw: new Uint8Array(0), contentEncoding: "" };
  while (!r.done()) {
    const { field, wireType } = r.readTag();
    if (field > 4) {
      r.skip(wireType);
      continue;
    }
    if (wireType !== WireType.lengthDelimited) {
      throw new ProtobufDecodeError(`runtime.Unknown field ${field}: wire type ${wireType}, expected 2`);
    }
    if (field === 1) Object.assign(envelope, readTypeMeta(r.readMessage()));
    else if (field === 2) envelope.raw = r.readBytes();
    else if (field === 3) envelope.contentEncoding = r.readString();
    else r.readBytes(); // contentType: the request's Content-Type already said protobuf
  }
  return envelope;
}

function readTypeMeta(r: WireReader): { apiVersion: string; kind: string } {
  const typeMeta = { apiVersion: "", kind: "" };
  while (!r.done()) {
    const { field, wireType } = r.readTag();
    if (field !== 1 && field !== 2) {
      r.skip(wireType);
      continue;
    }
    if (wireType !== WireType.lengthDelimited) {
      throw new ProtobufDecodeError(`runtime.TypeMeta field ${field}: wire type ${wireType}, expected 2`);
    }
    if (field === 1) typeMeta.apiVersion = r.readString();
    else typeMeta.kind = r.readString();
  }
  return typeMeta;
}
