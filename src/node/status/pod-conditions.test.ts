import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../api/validation/json-access.ts";
import { podConditions, type ConditionInput } from "./pod-conditions.ts";

const NOW = Date.parse("2025-01-01T00:01:00Z");
const EARLIER = "2025-01-01T00:00:00Z";

function input(over: Partial<ConditionInput>): ConditionInput {
  return { spec: { containers: [{ name: "a" }] }, initStatuses: [], statuses: [], phase: "Pending", sandboxReady: true, previous: [], now: NOW, ...over };
}

const brief = (conditions: JsonObject[]) => conditions.map((c) => [c.type, c.status, c.reason ?? "", c.message ?? ""].join(" ").trim());

test("podConditions() reports readiness with upstream reasons and messages", () => {
  const cases: Array<{ name: string; in: Partial<ConditionInput>; want: string[] }> = [
    {
      name: "sandbox not ready, no statuses",
      in: { sandboxReady: false },
      want: [
        "PodReadyToStartContainers False",
        "Initialized True",
        "Ready False ContainersNotReady containers with unknown status: [a]",
        "ContainersReady False ContainersNotReady containers with unknown status: [a]",
        "PodScheduled True",
      ],
    },
    {
      name: "running, not ready",
      in: { statuses: [{ name: "a", ready: false, state: { running: {} } }], phase: "Running" },
      want: [
        "PodReadyToStartContainers True",
        "Initialized True",
        "Ready False ContainersNotReady containers with unready status: [a]",
        "ContainersReady False ContainersNotReady containers with unready status: [a]",
        "PodScheduled True",
      ],
    },
    {
      name: "ready",
      in: { statuses: [{ name: "a", ready: true, state: { running: {} } }], phase: "Running" },
      want: ["PodReadyToStartContainers True", "Initialized True", "Ready True", "ContainersReady True", "PodScheduled True"],
    },
    {
      name: "ready but a readiness gate is missing",
      in: { spec: { containers: [{ name: "a" }], readinessGates: [{ conditionType: "example.com/lb" }] }, statuses: [{ name: "a", ready: true }], phase: "Running" },
      want: [
        "PodReadyToStartContainers True",
        "Initialized True",
        'Ready False ReadinessGatesNotReady corresponding condition of pod readiness gate "example.com/lb" does not exist.',
        "ContainersReady True",
        "PodScheduled True",
      ],
    },
    {
      name: "init containers incomplete",
      in: {
        spec: { initContainers: [{ name: "i1" }, { name: "i2" }], containers: [{ name: "a" }] },
        initStatuses: [{ name: "i1", state: { terminated: { exitCode: 0 } } }, { name: "i2", state: { running: {} } }],
        statuses: [{ name: "a", ready: false, state: { waiting: { reason: "PodInitializing" } } }],
      },
      want: [
        "PodReadyToStartContainers True",
        "Initialized False ContainersNotInitialized containers with incomplete status: [i2]",
        "Ready False ContainersNotReady containers with unready status: [a]",
        "ContainersReady False ContainersNotReady containers with unready status: [a]",
        "PodScheduled True",
      ],
    },
    {
      name: "succeeded",
      in: { statuses: [{ name: "a", ready: false, state: { terminated: { exitCode: 0 } } }], phase: "Succeeded" },
      want: ["PodReadyToStartContainers True", "Initialized True", "Ready False PodCompleted", "ContainersReady False PodCompleted", "PodScheduled True"],
    },
  ];
  for (const c of cases) assert.deepEqual(brief(podConditions(input(c.in))), c.want, c.name);
});

test("podConditions() keeps transition times of unchanged conditions and other owners' conditions", () => {
  const previous = [
    { type: "example.com/lb", status: "True" },
    { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: EARLIER },
    { type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: EARLIER },
  ];
  const out = podConditions(input({ previous, statuses: [{ name: "a", ready: false, state: { running: {} } }] }));
  assert.deepEqual(out[0], previous[0]);
  const at = (type: string) => out.find((c) => c.type === type)!.lastTransitionTime;
  assert.equal(at("PodScheduled"), EARLIER);
  assert.equal(at("Ready"), "2025-01-01T00:01:00Z", "Ready went False: it transitions now");
});
