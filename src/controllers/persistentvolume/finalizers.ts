// Finalizer bookkeeping shared by the protection controllers (upstream protectionutil) and the
// provisioner's deletion finalizer.
import type { KubeObject } from "../../api/meta.ts";
import { isNotFound } from "../../api/status-error.ts";
import type { ResourceClient } from "../../client/client.ts";

export const hasFinalizer = (o: KubeObject, f: string): boolean => (o.metadata.finalizers ?? []).includes(f);

/** Being deleted and still held by `f`: time to decide whether to let go. */
export const isDeletionCandidate = (o: KubeObject, f: string): boolean => !!o.metadata.deletionTimestamp && hasFinalizer(o, f);

/** Not being deleted and missing `f` (created before anything added it). */
export const needsFinalizer = (o: KubeObject, f: string): boolean => !o.metadata.deletionTimestamp && !hasFinalizer(o, f);

/**
 * Adds or removes one finalizer with a strategic merge patch: finalizers merge as a set, so other
 * writers' finalizers and fields are untouched and no stale cache causes a conflict. The UID in the
 * patch makes it fail rather than touch a re-created namesake. A vanished object is done.
 */
export async function setFinalizer(client: ResourceClient, o: KubeObject, f: string, present: boolean): Promise<void> {
  const change = present ? { finalizers: [f] } : { "$deleteFromPrimitiveList/finalizers": [f] };
  try {
    await client.patch(o.metadata.namespace, o.metadata.name ?? "", "strategic", { metadata: { uid: o.metadata.uid, ...change } });
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}
