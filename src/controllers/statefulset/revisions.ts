// ControllerRevisions of a StatefulSet: the recorded state is the pod template only, stored as a
// strategic-merge patch that replaces spec.template; equal templates give equal revisions, so
// going back to an old template re-uses (and re-numbers) its revision.
//
// Every sync compares the set's template with its stored revisions, so the bytes of a revision's
// data and the template it restores are remembered per data object. Revision data is never changed
// in place (writers copy first), and the objects handed out from here are shared: read them only.
import { isPlainObject } from "../../api/meta.ts";
import { isAlreadyExists } from "../../api/status-error.ts";
import type { ControllerHistory } from "./controller-history.ts";
import { goJsonString, goTyped, sortKeysDeep } from "./go-json.ts";
import { controllerRevisionName, hashControllerRevision } from "./revision-hash.ts";
import { controllerRef, revisionHashLabel, statefulSetKind, type ControllerRevision, type PodTemplate, type StatefulSet } from "./stateful-set-types.ts";

/** `{"spec":{"template":{"$patch":"replace",...}}}` with the template as Go writes it (R39). */
export function revisionData(set: StatefulSet): Record<string, unknown> {
  const template = { ...goTyped(set.spec.template, "PodTemplateSpec"), $patch: "replace" };
  return sortKeysDeep({ spec: { template } }) as Record<string, unknown>;
}

const bytesOfData = new WeakMap<object, string>();
const templateOfData = new WeakMap<object, PodTemplate>();

/** The revision's data as the bytes upstream hashes and compares. */
export function revisionBytes(revision: ControllerRevision): string {
  const data = revision.data;
  if (!isPlainObject(data)) return goJsonString(data);
  let bytes = bytesOfData.get(data);
  if (bytes === undefined) bytesOfData.set(data, (bytes = goJsonString(data)));
  return bytes;
}

/** A set's template as revision data, with its bytes. */
export interface TemplateRevision {
  data: Record<string, unknown>;
  bytes: string;
}

export function templateRevision(set: StatefulSet): TemplateRevision {
  const data = revisionData(set);
  const bytes = goJsonString(data);
  bytesOfData.set(data, bytes);
  return { data, bytes };
}

/**
 * A new, not yet stored revision of the set's current template (NewControllerRevision). Pass the
 * template's revision when it is known already (it depends only on spec.template).
 */
export function newRevision(set: StatefulSet, number: number, collisionCount: number, template: TemplateRevision = templateRevision(set)): ControllerRevision {
  const data = template.data;
  const hash = hashControllerRevision(template.bytes, collisionCount);
  const revision: ControllerRevision = {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: controllerRevisionName(set.metadata.name ?? "", hash),
      namespace: set.metadata.namespace,
      labels: { ...(set.spec.template?.metadata?.labels ?? {}), [revisionHashLabel]: hash },
      ownerReferences: [controllerRef(set, statefulSetKind)],
    },
    data,
    revision: number,
  };
  if (set.metadata.annotations && Object.keys(set.metadata.annotations).length) revision.metadata.annotations = { ...set.metadata.annotations };
  return revision;
}

/**
 * The set as it was at `revision`: its current object with the recorded template (ApplyRevision).
 * It shares everything but spec with `set`, and its template with other results for this revision.
 */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  return { ...set, spec: { ...set.spec, template: recordedTemplate(revision) } };
}

function recordedTemplate(revision: ControllerRevision): PodTemplate {
  const data = revision.data;
  const template = isPlainObject(data) && isPlainObject(data.spec) ? data.spec.template : undefined;
  if (!isPlainObject(template)) throw new Error(`controller revision ${revision.metadata.name} has no spec.template in its data`);
  let restored = templateOfData.get(data as object);
  if (!restored) {
    const { $patch: _directive, ...rest } = structuredClone(template);
    templateOfData.set(data as object, (restored = rest as PodTemplate));
  }
  return restored;
}

export function nextRevision(sorted: readonly ControllerRevision[]): number {
  return sorted.length ? sorted[sorted.length - 1].revision + 1 : 1;
}

function hashLabelAsInt32(revision: ControllerRevision): number | undefined {
  const s = revision.metadata.labels?.[revisionHashLabel];
  if (s === undefined || !/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : undefined;
}

/** EqualRevision: hash labels that both read as integers must agree; then the data bytes decide. */
export function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  const ha = hashLabelAsInt32(a);
  const hb = hashLabelAsInt32(b);
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return revisionBytes(a) === revisionBytes(b);
}

export function findEqualRevisions(revisions: readonly ControllerRevision[], needle: ControllerRevision): ControllerRevision[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** By .revision, then creation time, then name (SortControllerRevisions). */
export function sortRevisions(revisions: ControllerRevision[]): ControllerRevision[] {
  return revisions.sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    const ta = a.metadata.creationTimestamp ?? "";
    const tb = b.metadata.creationTimestamp ?? "";
    if (ta !== tb) return ta < tb ? -1 : 1;
    const na = a.metadata.name ?? "";
    const nb = b.metadata.name ?? "";
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
}

/**
 * Stores `revision`, renaming it with a bumped collision count while its name is taken by a
 * revision with other data; one with the same data is returned instead (CreateControllerRevision).
 * The hash label keeps the first hash, as upstream's does.
 */
export async function createRevision(history: ControllerHistory, set: StatefulSet, revision: ControllerRevision, collision: { count: number }): Promise<ControllerRevision> {
  const clone = structuredClone(revision);
  const data = revisionBytes(revision);
  for (;;) {
    clone.metadata.name = controllerRevisionName(set.metadata.name ?? "", hashControllerRevision(data, collision.count));
    try {
      return await history.create(clone);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      const existing = await history.get(set.metadata.namespace ?? "", clone.metadata.name);
      if (revisionBytes(existing) === data) return existing;
      collision.count++;
    }
  }
}
