// `kubectl get events` (core/v1). events.k8s.io/v1 shares the columns and cells: upstream
// converts both to one internal Event before printing (see events-k8s-io.ts).
import type { KubeObject } from "../../api/meta.ts";
import { ageCell, parseTimestamp } from "./human-duration.ts";
import { column, type Cell, type TableConvertor } from "./table.ts";

/** The fields both Event APIs print, under neutral names. */
export interface EventFacts {
  name: string;
  type: string;
  reason: string;
  message: string;
  regarding: { kind?: string; name?: string; fieldPath?: string };
  sourceComponent: string;
  sourceHost: string;
  reportingController: string;
  reportingInstance: string;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  count: number;
  series?: { count?: number; lastObservedTime?: string } | null;
}

interface CoreEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: EventFacts["regarding"];
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  count?: number;
  series?: EventFacts["series"];
}

export const eventColumns = [
  column("Last Seen", { description: "Time since the event was last observed." }),
  column("Type", { description: "Normal or Warning." }),
  column("Reason", { description: "Short machine-readable reason for the event." }),
  column("Object", { description: "The object the event is about, as kind/name." }),
  column("Subobject", { priority: 1, description: "Part of the object the event is about, such as a container." }),
  column("Source", { priority: 1, description: "Component (and host) that reported the event." }),
  column("Message", { description: "Human-readable description of what happened." }),
  column("First Seen", { priority: 1, description: "Time since the event was first observed." }),
  column("Count", { priority: 1, description: "How many times the event has occurred." }),
  column("Name", { priority: 1, format: "name", description: "Name of the Event object." }),
];

const firstNonEmpty = (...values: string[]) => values.find((v) => v !== "") ?? "";

/** Prefers the legacy timestamps, then eventTime; a series overrides last-seen and count. */
export function eventCells(e: EventFacts, now: Date): Cell[] {
  const firstSeen =
    parseTimestamp(e.firstTimestamp) !== undefined ? ageCell(e.firstTimestamp, now) : ageCell(e.eventTime, now);
  let lastSeen = parseTimestamp(e.lastTimestamp) !== undefined ? ageCell(e.lastTimestamp, now) : firstSeen;
  let count = e.count;
  if (e.series) {
    lastSeen = ageCell(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events from the new API carry no count.
    count = 1;
  }
  const kind = (e.regarding.kind ?? "").toLowerCase();
  const object = e.regarding.name ? `${kind}/${e.regarding.name}` : kind;
  const component = firstNonEmpty(e.sourceComponent, e.reportingController);
  const instance = firstNonEmpty(e.sourceHost, e.reportingInstance);
  return [
    lastSeen,
    e.type,
    e.reason,
    object,
    e.regarding.fieldPath ?? "",
    instance ? `${component}, ${instance}` : component,
    e.message.trim(),
    firstSeen,
    count,
    e.name,
  ];
}

export const eventsTable: TableConvertor = {
  columns: eventColumns,
  cells(obj: KubeObject, now: Date): Cell[] {
    const e = obj as CoreEvent;
    return eventCells(
      {
        name: e.metadata.name ?? "",
        type: e.type ?? "",
        reason: e.reason ?? "",
        message: e.message ?? "",
        regarding: e.involvedObject ?? {},
        sourceComponent: e.source?.component ?? "",
        sourceHost: e.source?.host ?? "",
        reportingController: e.reportingComponent ?? "",
        reportingInstance: e.reportingInstance ?? "",
        firstTimestamp: e.firstTimestamp,
        lastTimestamp: e.lastTimestamp,
        eventTime: e.eventTime,
        count: e.count ?? 0,
        series: e.series,
      },
      now,
    );
  },
};
