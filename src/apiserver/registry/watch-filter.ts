// Turns store events into the events a filtered watcher sees: objects entering the selection
// arrive as ADDED, objects leaving it as DELETED (as the apiserver's watch cache does).
import type { KubeObject } from "../../api/meta.ts";
import type { WatchEvent } from "../../store/backend.ts";
import { withResourceVersion, type GenericStore, type ObjectFilter } from "./generic-store.ts";

export interface VisibleEvent {
  type: "ADDED" | "MODIFIED" | "DELETED";
  object: KubeObject;
}

export function visibleEvent(store: GenericStore, e: WatchEvent, filter: ObjectFilter | undefined): VisibleEvent | undefined {
  const obj = withResourceVersion({ key: e.key, rev: e.rev, createRev: 0, value: e.value });
  const matches = (o: KubeObject | undefined) => o !== undefined && (!filter || filter(o));
  const now = matches(obj);
  const hadPrev = e.prevValue !== undefined;
  const before = hadPrev && matches(e.prevValue as KubeObject);
  let type: VisibleEvent["type"] | undefined;
  if (e.type === "ADDED") type = now ? "ADDED" : undefined;
  else if (e.type === "DELETED") type = before || (!hadPrev && now) ? "DELETED" : undefined;
  else if (now) type = before || !hadPrev ? "MODIFIED" : "ADDED";
  else if (before) type = "DELETED";
  if (!type) return undefined;
  return { type, object: { apiVersion: store.apiVersion, kind: store.strategy.names.kind, ...obj } };
}
