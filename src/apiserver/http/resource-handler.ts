// REST verbs on resources: get, list, watch, create, update, patch, delete, deletecollection and
// the status, scale and finalize subresources.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isPlainObject, type KubeObject } from "../../api/meta.ts";
import { StatusError, successStatus } from "../../api/status-error.ts";
import type { GenericStore, DeleteOptions, ObjectFilter, WriteContext } from "../registry/generic-store.ts";
import type { ResourceRegistry } from "../registry/resource-registry.ts";
import { admitObject, type FieldValidation } from "../registry/admit-object.ts";
import { applyPatch } from "../registry/apply-patch.ts";
import { scaleOf, withScale } from "../registry/scale.ts";
import { bindPod } from "../registry/bind-pod.ts";
import { decodeObjectBody, decodePatchBody, PATCH_MEDIA_TYPES, readBody } from "./body.ts";
import { mediaType, responseShape } from "./negotiate.ts";
import { addWarnings, sendJson } from "./respond.ts";
import { parseIncludeObject, tableContentType, toTable } from "./table-response.ts";
import { serveWatch } from "./watch.ts";
import { selectorFilter } from "./selector-filter.ts";

export interface ResourceRoute {
  group: string;
  version: string;
  namespace?: string;
  plural: string;
  name?: string;
  subresource?: string;
}

export interface HandlerDeps {
  registry: ResourceRegistry;
  now: () => Date;
}

const NODE_SUBRESOURCES = new Set(["proxy", "ephemeralcontainers"]);

function fieldValidation(q: URLSearchParams): FieldValidation {
  const v = q.get("fieldValidation");
  if (v === null || v === "") return "Warn";
  if (v === "Strict" || v === "Warn" || v === "Ignore") return v;
  throw StatusError.badRequest(`fieldValidation parameter unsupported: ${v}`);
}

function dryRun(q: URLSearchParams): boolean {
  const values = q.getAll("dryRun");
  for (const v of values) if (v !== "All") throw StatusError.badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return values.length > 0;
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw StatusError.badRequest(`invalid ${name}: ${v}`);
  return n;
}

export async function handleResource(req: IncomingMessage, res: ServerResponse, url: URL, route: ResourceRoute, deps: HandlerDeps): Promise<void> {
  const store = deps.registry.lookup(route.group, route.version, route.plural);
  if (!store) throw StatusError.pathNotFound();
  if (store.strategy.namespaced === false && route.namespace !== undefined) throw StatusError.pathNotFound();
  const q = url.searchParams;
  const sub = route.subresource;
  if (sub !== undefined && !isServedSubresource(store, sub)) throw StatusError.pathNotFound();
  if (sub !== undefined && NODE_SUBRESOURCES.has(sub)) {
    throw StatusError.badRequest(
      `${store.strategy.names.plural}/${sub} is not available yet: ordinal does not run containers until its node agent lands (see README, "What is not there yet")`,
    );
  }
  const method = req.method ?? "GET";
  const ns = store.strategy.namespaced ? route.namespace : undefined;
  const ctx = (): WriteContext => ({ now: deps.now(), dryRun: dryRun(q) });

  if (route.name === undefined) {
    if (method === "GET") return getCollection(req, res, url, store, ns, deps);
    if (method === "POST") return create(req, res, q, store, ns, deps, ctx());
    if (method === "DELETE") return deleteCollection(req, res, q, store, ns, ctx());
    throw StatusError.methodNotAllowed();
  }
  const name = route.name;
  if (sub === "scale") return handleScale(req, res, store, ns, name, ctx);
  if (sub === "eviction" || sub === "binding") {
    if (method !== "POST") throw StatusError.methodNotAllowed();
    return handlePodAction(req, res, store, ns, name, sub, ctx());
  }
  const subresource = sub === "status" ? "status" : undefined;
  switch (method) {
    case "GET":
      return sendObject(req, res, store, store.get(ns, name), deps, url);
    case "PUT":
      return update(req, res, q, store, ns, name, ctx(), sub);
    case "PATCH":
      return patch(req, res, q, store, ns, name, ctx(), subresource, deps);
    case "DELETE":
      if (sub !== undefined) throw StatusError.methodNotAllowed();
      return remove(req, res, q, store, ns, name, ctx());
    default:
      throw StatusError.methodNotAllowed();
  }
}

function isServedSubresource(store: GenericStore, sub: string): boolean {
  if (sub === "status") return store.strategy.hasStatus;
  return (store.strategy.subresources ?? []).includes(sub);
}

function sendObject(req: IncomingMessage, res: ServerResponse, store: GenericStore, obj: KubeObject, deps: HandlerDeps, url: URL, code = 200): void {
  const shape = responseShape(req.headers.accept);
  if (shape.kind === "table") {
    const include = parseIncludeObject(url.searchParams.get("includeObject"));
    const table = toTable(store, [obj], { resourceVersion: obj.metadata.resourceVersion }, { version: shape.version, include, now: deps.now() });
    return sendJson(res, code, table, tableContentType(shape.version));
  }
  if (shape.kind === "partial") {
    return sendJson(res, code, { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${shape.version}`, metadata: obj.metadata });
  }
  sendJson(res, code, obj);
}

function filterFor(store: GenericStore, q: URLSearchParams): ObjectFilter | undefined {
  return selectorFilter(store, q.get("labelSelector") ?? "", q.get("fieldSelector") ?? "");
}

function getCollection(req: IncomingMessage, res: ServerResponse, url: URL, store: GenericStore, ns: string | undefined, deps: HandlerDeps): void {
  const q = url.searchParams;
  const filter = filterFor(store, q);
  const shape = responseShape(req.headers.accept);
  if (q.get("watch") === "true" || q.get("watch") === "1") {
    return serveWatch(req, res, {
      store,
      namespace: ns,
      filter,
      resourceVersion: q.get("resourceVersion") ?? undefined,
      timeoutSeconds: intParam(q, "timeoutSeconds"),
      allowBookmarks: q.get("allowWatchBookmarks") === "true",
      sendInitialEvents: q.get("sendInitialEvents") === "true",
      table: shape.kind === "table" ? { version: shape.version, include: parseIncludeObject(q.get("includeObject")) } : undefined,
      now: deps.now,
    });
  }
  const page = store.list(ns, { filter, limit: intParam(q, "limit"), continueToken: q.get("continue") || undefined });
  const listMeta: Record<string, unknown> = { resourceVersion: String(page.rev) };
  if (page.continueToken) listMeta.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) listMeta.remainingItemCount = page.remainingItemCount;
  if (shape.kind === "table") {
    const include = parseIncludeObject(q.get("includeObject"));
    return sendJson(res, 200, toTable(store, page.items, listMeta, { version: shape.version, include, now: deps.now() }), tableContentType(shape.version));
  }
  if (shape.kind === "partial") {
    const items = page.items.map((o) => ({ kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${shape.version}`, metadata: o.metadata }));
    return sendJson(res, 200, { kind: "PartialObjectMetadataList", apiVersion: `meta.k8s.io/${shape.version}`, metadata: listMeta, items });
  }
  sendJson(res, 200, { kind: store.strategy.names.listKind, apiVersion: store.apiVersion, metadata: listMeta, items: page.items });
}

async function create(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, store: GenericStore, ns: string | undefined, deps: HandlerDeps, ctx: WriteContext): Promise<void> {
  const body = await decodeObjectBody(await readBody(req), req.headers["content-type"]);
  const { object, warnings } = admitObject(store, body, { namespace: ns, fieldValidation: fieldValidation(q) });
  if (ns !== undefined) assertNamespaceWritable(deps.registry, ns);
  const created = await store.create(ns, object, ctx);
  addWarnings(res, warnings);
  sendJson(res, 201, created);
}

function assertNamespaceWritable(registry: ResourceRegistry, ns: string): void {
  const namespaces = registry.lookup("", "v1", "namespaces")!;
  const kv = namespaces.getStored(undefined, ns);
  if (!kv) throw StatusError.notFound({ group: "", resource: "namespaces" }, ns);
  const meta = (kv.value as KubeObject).metadata;
  if (meta.deletionTimestamp) {
    throw new StatusError(403, "Forbidden", `unable to create new content in namespace ${ns} because it is being terminated`, {
      name: ns,
      kind: "namespaces",
      causes: [{ reason: "NamespaceTerminating", message: `namespace ${ns} is being terminated`, field: "metadata.namespace" }],
    });
  }
}

async function update(
  req: IncomingMessage,
  res: ServerResponse,
  q: URLSearchParams,
  store: GenericStore,
  ns: string | undefined,
  name: string,
  ctx: WriteContext,
  sub: string | undefined,
): Promise<void> {
  const body = await decodeObjectBody(await readBody(req), req.headers["content-type"]);
  const { object, warnings } = admitObject(store, body, { namespace: ns, name, fieldValidation: fieldValidation(q) });
  const updated = await store.update(ns, name, object, ctx, sub === "status" || sub === "finalize" ? sub : undefined);
  addWarnings(res, warnings);
  sendJson(res, 200, updated);
}

async function patch(
  req: IncomingMessage,
  res: ServerResponse,
  q: URLSearchParams,
  store: GenericStore,
  ns: string | undefined,
  name: string,
  ctx: WriteContext,
  subresource: "status" | undefined,
  deps: HandlerDeps,
): Promise<void> {
  const { type, patchDoc } = await readPatch(req);
  const validation = fieldValidation(q);
  const warnings: string[] = [];
  if (type === "application/apply-patch+yaml" && subresource === undefined && !store.getStored(ns, name)) {
    return applyCreate(res, store, ns, name, patchDoc, validation, deps, ctx);
  }
  const updated = await store.modify(
    ns,
    name,
    (current) => {
      const patched = applyPatch(store, current, patchDoc, type, q.get("force") === "true");
      const admitted = admitObject(store, patched, { namespace: ns, name, fieldValidation: validation, patched: true });
      warnings.splice(0, warnings.length, ...admitted.warnings);
      return admitted.object;
    },
    ctx,
    subresource,
  );
  addWarnings(res, warnings);
  sendJson(res, 200, updated);
}

/** Server-side apply of an object that does not exist yet creates it. */
async function applyCreate(
  res: ServerResponse,
  store: GenericStore,
  ns: string | undefined,
  name: string,
  patchDoc: unknown,
  validation: FieldValidation,
  deps: HandlerDeps,
  ctx: WriteContext,
): Promise<void> {
  if (!isPlainObject(patchDoc)) throw StatusError.badRequest("the applied configuration must be an object");
  const { object, warnings } = admitObject(store, patchDoc, { namespace: ns, name, fieldValidation: validation });
  if (ns !== undefined) assertNamespaceWritable(deps.registry, ns);
  const created = await store.create(ns, object, ctx);
  addWarnings(res, warnings);
  sendJson(res, 201, created);
}

async function readPatch(req: IncomingMessage): Promise<{ type: string; patchDoc: unknown }> {
  const type = mediaType(req.headers["content-type"]);
  if (!PATCH_MEDIA_TYPES.includes(type)) throw StatusError.unsupportedMediaType(type, PATCH_MEDIA_TYPES);
  return { type, patchDoc: await decodePatchBody(await readBody(req), type) };
}

async function readDeleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<DeleteOptions> {
  const body = await readBody(req);
  let opts: DeleteOptions = {};
  if (body.length) {
    const decoded = await decodeObjectBody(body, req.headers["content-type"]);
    opts = decoded as DeleteOptions;
  }
  const grace = intParam(q, "gracePeriodSeconds");
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  const policy = q.get("propagationPolicy");
  if (policy) opts.propagationPolicy = policy as DeleteOptions["propagationPolicy"];
  if (opts.propagationPolicy && !["Background", "Foreground", "Orphan"].includes(opts.propagationPolicy)) {
    throw StatusError.invalid("", "DeleteOptions", "", [
      { type: "FieldValueNotSupported", field: "propagationPolicy", value: opts.propagationPolicy, detail: 'supported values: "Foreground", "Background", "Orphan", "nil"' },
    ]);
  }
  return opts;
}

async function remove(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, store: GenericStore, ns: string | undefined, name: string, ctx: WriteContext): Promise<void> {
  const opts = await readDeleteOptions(req, q);
  const result = await store.delete(ns, name, opts, ctx);
  sendJson(res, 200, result.object);
}

async function deleteCollection(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, store: GenericStore, ns: string | undefined, ctx: WriteContext): Promise<void> {
  const opts = await readDeleteOptions(req, q);
  const page = store.list(ns, { filter: filterFor(store, q) });
  const deleted: KubeObject[] = [];
  for (const obj of page.items) {
    try {
      deleted.push((await store.delete(obj.metadata.namespace, obj.metadata.name!, opts, ctx)).object);
    } catch (e) {
      if (!(e instanceof StatusError && e.reason === "NotFound")) throw e;
    }
  }
  sendJson(res, 200, { kind: store.strategy.names.listKind, apiVersion: store.apiVersion, metadata: { resourceVersion: String(page.rev) }, items: deleted });
}

async function handleScale(
  req: IncomingMessage,
  res: ServerResponse,
  store: GenericStore,
  ns: string | undefined,
  name: string,
  ctx: () => WriteContext,
): Promise<void> {
  const method = req.method ?? "GET";
  if (method === "GET") return sendJson(res, 200, scaleOf(store.get(ns, name)));
  if (method === "PUT") {
    const body = await decodeObjectBody(await readBody(req), req.headers["content-type"]);
    const rv = isPlainObject(body.metadata) ? body.metadata.resourceVersion : undefined;
    const updated = await store.modify(ns, name, (current) => withScale(current, body, typeof rv === "string" && rv !== "" ? rv : undefined), ctx());
    return sendJson(res, 200, scaleOf(updated));
  }
  if (method === "PATCH") {
    const { type, patchDoc } = await readPatch(req);
    const updated = await store.modify(
      ns,
      name,
      (current) => {
        const patchedScale = applyPatch(undefined, scaleOf(current) as KubeObject, patchDoc, type, false);
        return withScale(current, patchedScale, undefined);
      },
      ctx(),
    );
    return sendJson(res, 200, scaleOf(updated));
  }
  throw StatusError.methodNotAllowed();
}

async function handlePodAction(
  req: IncomingMessage,
  res: ServerResponse,
  store: GenericStore,
  ns: string | undefined,
  name: string,
  sub: "eviction" | "binding",
  ctx: WriteContext,
): Promise<void> {
  const body = await decodeObjectBody(await readBody(req), req.headers["content-type"]);
  if (sub === "eviction") {
    const opts = (isPlainObject(body.deleteOptions) ? body.deleteOptions : {}) as DeleteOptions;
    await store.delete(ns, name, opts, ctx);
    return sendJson(res, 201, successStatus());
  }
  const target = isPlainObject(body.target) ? body.target : {};
  const nodeName = typeof target.name === "string" ? target.name : "";
  if (!nodeName) throw StatusError.badRequest("binding target name is required");
  await bindPod(store, ns, name, nodeName, ctx);
  sendJson(res, 201, successStatus());
}
