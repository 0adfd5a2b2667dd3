// /openapi/v2 (the empty protobuf document older kubectl needs) and /openapi/v3 documents built
// from our own schemas, so explain and server-side field validation work (spec §1.4).
import { createHash } from "node:crypto";
import { definitions } from "../api/schema/definitions.ts";
import { definitionsForGroupVersion } from "../api/schema/kinds.ts";
import type { Schema } from "../api/schema/schema.ts";
import type { GroupVersion, ResourceRegistry } from "./registry/resource-registry.ts";
import type { GenericStore } from "./registry/generic-store.ts";
import { versionInfo } from "./version-info.ts";

export const OPENAPI_V2_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

export interface OpenApiDocument {
  body: string;
  hash: string;
}

function gvPath(gv: GroupVersion): string {
  return gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`;
}

const queryParam = (name: string, type: Schema["type"] = "string"): Record<string, unknown> => ({ name, in: "query", schema: { type }, uniqueItems: true });

function operations(store: GenericStore): Record<string, unknown> {
  const n = store.strategy.names;
  const gvk = { group: n.group, version: n.version, kind: n.kind };
  const ref = { $ref: `#/components/schemas/${store.strategy.definition}` };
  const ok = { "200": { description: "OK", content: { "application/json": { schema: ref } } } };
  const writeParams = [queryParam("dryRun"), queryParam("fieldManager"), queryParam("fieldValidation")];
  const base = store.strategy.namespaced ? `/${gvPath(gvk)}/namespaces/{namespace}/${n.plural}` : `/${gvPath(gvk)}/${n.plural}`;
  const pathParams = [
    { name: "name", in: "path", required: true, schema: { type: "string" } },
    ...(store.strategy.namespaced ? [{ name: "namespace", in: "path", required: true, schema: { type: "string" } }] : []),
  ];
  const op = (action: string, extra: Record<string, unknown> = {}) => ({
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": gvk,
    responses: ok,
    ...extra,
  });
  const body = { content: { "application/json": { schema: ref } }, required: true };
  // PATCH declares no strategic-merge-patch body: kubectl then builds apply patches from its own
  // compiled-in types, which match upstream exactly for every built-in kind.
  const patchBody = { content: { "application/json-patch+json": { schema: { type: "object" } }, "application/merge-patch+json": { schema: { type: "object" } } }, required: true };
  const paths: Record<string, unknown> = {
    [base]: {
      get: op("list", { parameters: [queryParam("labelSelector"), queryParam("fieldSelector"), queryParam("limit", "integer"), queryParam("continue"), queryParam("watch", "boolean")] }),
      post: op("post", { parameters: writeParams, requestBody: body }),
    },
    [`${base}/{name}`]: {
      parameters: pathParams,
      get: op("get"),
      put: op("put", { parameters: writeParams, requestBody: body }),
      patch: op("patch", { parameters: [...writeParams, queryParam("force", "boolean")], requestBody: patchBody }),
      delete: op("delete"),
    },
  };
  if (store.strategy.hasStatus) {
    paths[`${base}/{name}/status`] = {
      parameters: pathParams,
      get: op("get"),
      put: op("put", { parameters: writeParams, requestBody: body }),
      patch: op("patch", { parameters: writeParams, requestBody: patchBody }),
    };
  }
  return paths;
}

function hashOf(body: string): string {
  return createHash("sha512").update(body).digest("hex").toUpperCase();
}

export class OpenApi {
  readonly #docs = new Map<string, OpenApiDocument>();
  readonly #index: string;

  constructor(registry: ResourceRegistry) {
    const paths: Record<string, unknown> = {};
    for (const gv of registry.groupVersions()) {
      const schemas: Record<string, Schema> = {};
      for (const name of definitionsForGroupVersion(gv.group, gv.version)) schemas[name] = definitions[name];
      const docPaths: Record<string, unknown> = {};
      for (const store of registry.inGroupVersion(gv)) Object.assign(docPaths, operations(store));
      const body = JSON.stringify({
        openapi: "3.0.0",
        info: { title: "Kubernetes", version: versionInfo.gitVersion },
        paths: docPaths,
        components: { schemas },
      });
      const doc = { body, hash: hashOf(body) };
      this.#docs.set(gvPath(gv), doc);
      paths[gvPath(gv)] = { serverRelativeURL: `/openapi/v3/${gvPath(gv)}?hash=${doc.hash}` };
    }
    this.#index = JSON.stringify({ paths });
  }

  index(): string {
    return this.#index;
  }

  /** The document of "api/v1" or "apis/<group>/<version>". */
  document(path: string): OpenApiDocument | undefined {
    return this.#docs.get(path);
  }
}
