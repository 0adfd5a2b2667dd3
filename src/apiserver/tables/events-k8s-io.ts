// `kubectl get events.events.k8s.io`: the events.k8s.io/v1 field names mapped onto the core
// Event printer, as upstream's conversion to its internal Event does.
import type { KubeObject } from "../../api/meta.ts";
import { eventCells, eventColumns, type EventFacts } from "./events.ts";
import type { Cell, TableConvertor } from "./table.ts";

interface EventV1 extends KubeObject {
  type?: string;
  reason?: string;
  note?: string;
  regarding?: EventFacts["regarding"];
  deprecatedSource?: { component?: string; host?: string };
  reportingController?: string;
  reportingInstance?: string;
  deprecatedFirstTimestamp?: string | null;
  deprecatedLastTimestamp?: string | null;
  eventTime?: string | null;
  deprecatedCount?: number;
  series?: EventFacts["series"];
}

export const eventsK8sIoTable: TableConvertor = {
  columns: eventColumns,
  cells(obj: KubeObject, now: Date): Cell[] {
    const e = obj as EventV1;
    return eventCells(
      {
        name: e.metadata.name ?? "",
        type: e.type ?? "",
        reason: e.reason ?? "",
        message: e.note ?? "",
        regarding: e.regarding ?? {},
        sourceComponent: e.deprecatedSource?.component ?? "",
        sourceHost: e.deprecatedSource?.host ?? "",
        reportingController: e.reportingController ?? "",
        reportingInstance: e.reportingInstance ?? "",
        firstTimestamp: e.deprecatedFirstTimestamp,
        lastTimestamp: e.deprecatedLastTimestamp,
        eventTime: e.eventTime,
        count: e.deprecatedCount ?? 0,
        series: e.series,
      },
      now,
    );
  },
};
