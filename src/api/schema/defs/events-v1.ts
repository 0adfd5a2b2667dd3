// events.k8s.io/v1 Event: the newer shape of core/v1 Event, stored in the same place.

import { s } from "../schema.ts";
import type { Definitions } from "../schema.ts";
import { listOf, resource } from "./_resource.ts";

const events = (name: string): string => `io.k8s.api.events.v1.${name}`;
const gvk = (kind: string) => ({ group: "events.k8s.io", version: "v1", kind });
const objectReference = "io.k8s.api.core.v1.ObjectReference";

export const eventsDefinitions: Definitions = {
  [events("Event")]: resource(
    gvk("Event"),
    "A report of something that happened to an object.",
    {
      eventTime: s.time("When the event first occurred, with microsecond precision."),
      series: s.ref(events("EventSeries"), "Data about a series of repeated events."),
      reportingController: s.str("Controller that emitted the event, e.g. kubernetes.io/kubelet."),
      reportingInstance: s.str("Instance of the controller, e.g. a host name."),
      action: s.str("What was done, or failed to be done, to the object."),
      reason: s.str("Short CamelCase cause of the action."),
      regarding: s.ref(objectReference, "The object the event is about."),
      related: s.ref(objectReference, "A second object involved, if any."),
      note: s.str("Human-readable description."),
      type: s.str("Normal or Warning."),
      deprecatedSource: s.ref("io.k8s.api.core.v1.EventSource", "core/v1 source, kept for compatibility."),
      deprecatedFirstTimestamp: s.time("core/v1 firstTimestamp, kept for compatibility."),
      deprecatedLastTimestamp: s.time("core/v1 lastTimestamp, kept for compatibility."),
      deprecatedCount: s.int("core/v1 count, kept for compatibility."),
    },
    { required: ["eventTime"] },
  ),
  [events("EventList")]: listOf(gvk("Event"), events("Event")),

  [events("EventSeries")]: s.obj(
    {
      count: s.int("Occurrences so far in the series."),
      lastObservedTime: s.time("When the last occurrence was seen."),
    },
    { description: "A series of repeated events.", required: ["count", "lastObservedTime"] },
  ),
};
