// Request bodies: size limit, then JSON, YAML or Kubernetes protobuf into a plain object.
import type { IncomingMessage } from "node:http";
import { StatusError } from "../../api/status-error.ts";
import { isPlainObject } from "../../api/meta.ts";
import { mediaType } from "./negotiate.ts";

/** The apiserver's request size limit for JSON and YAML bodies: 3 MiB. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) {
    req.resume();
    throw StatusError.tooLarge(`Request entity too large: limit is ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw StatusError.tooLarge(`Request entity too large: limit is ${limit}`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export const OBJECT_MEDIA_TYPES = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw StatusError.badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

// The YAML library is loaded on the first YAML body only: kubectl and client-node send JSON, and
// the library costs more memory than the rest of the server's code.
let yaml: typeof import("yaml") | undefined;
async function parseYaml(text: string): Promise<unknown> {
  yaml ??= await import("yaml");
  return yaml.parse(text);
}

/** Decodes a create/update body. Anything but a JSON object is a 400. */
export async function decodeObjectBody(body: Buffer, contentType: string | undefined): Promise<Record<string, unknown>> {
  const type = mediaType(contentType) || "application/json";
  let value: unknown;
  if (type === "application/json") value = parseJson(body.toString("utf8"));
  else if (type === "application/yaml") {
    try {
      value = await parseYaml(body.toString("utf8"));
    } catch (e) {
      throw StatusError.badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
    }
  } else if (type === "application/vnd.kubernetes.protobuf") value = (await import("../protobuf/decode.ts")).decodeKubeProtobuf(body);
  else throw StatusError.unsupportedMediaType(type, OBJECT_MEDIA_TYPES);
  if (!isPlainObject(value)) throw StatusError.badRequest("Object 'Kind' is missing in the request body: not a JSON object");
  return value;
}

export const PATCH_MEDIA_TYPES = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
];

export async function decodePatchBody(body: Buffer, type: string): Promise<unknown> {
  if (type === "application/apply-patch+yaml") {
    try {
      return await parseYaml(body.toString("utf8"));
    } catch (e) {
      throw StatusError.badRequest(`error decoding YAML: ${(e as Error).message}`);
    }
  }
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (e) {
    throw StatusError.badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}
