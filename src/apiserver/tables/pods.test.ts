import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta.ts";
import { podsTable } from "./pods.ts";

const now = new Date("2024-06-01T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const minutes = (n: number) => n * 60_000;

const running = { running: { startedAt: ago(minutes(60)) } };
const waiting = (reason: string) => ({ waiting: { reason } });
const terminated = (reason: string | undefined, exitCode: number, extra: object = {}) => ({
  terminated: { ...(reason ? { reason } : {}), exitCode, ...extra },
});
const lastExit = (finishedMinutesAgo: number) => terminated("Error", 1, { finishedAt: ago(minutes(finishedMinutesAgo)) });
const cond = (type: string, status: string, reason?: string) => ({ type, status, ...(reason ? { reason } : {}) });

interface PodCase {
  name: string;
  pod: { spec?: object; status?: object; deletionTimestamp?: string };
  /** READY, STATUS, RESTARTS */
  want: [string, string, string];
}

function pod(c: PodCase["pod"]): KubeObject {
  return {
    metadata: {
      name: "web-0",
      creationTimestamp: ago(minutes(60)),
      ...(c.deletionTimestamp ? { deletionTimestamp: c.deletionTimestamp } : {}),
    },
    spec: { containers: [{ name: "app" }], ...c.spec },
    status: c.status ?? {},
  };
}

const cases: PodCase[] = [
  { name: "no statuses yet", pod: { status: { phase: "Pending" } }, want: ["0/1", "Pending", "0"] },
  {
    name: "ContainerCreating",
    pod: { status: { phase: "Pending", containerStatuses: [{ name: "app", state: waiting("ContainerCreating") }] } },
    want: ["0/1", "ContainerCreating", "0"],
  },
  {
    name: "SchedulingGated",
    pod: { status: { phase: "Pending", conditions: [cond("PodScheduled", "False", "SchedulingGated")] } },
    want: ["0/1", "SchedulingGated", "0"],
  },
  {
    name: "Init:0/2",
    pod: {
      spec: { initContainers: [{ name: "a" }, { name: "b" }] },
      status: {
        phase: "Pending",
        initContainerStatuses: [
          { name: "a", state: waiting("PodInitializing") },
          { name: "b", state: waiting("PodInitializing") },
        ],
        containerStatuses: [{ name: "app", state: waiting("PodInitializing") }],
      },
    },
    want: ["0/1", "Init:0/2", "0"],
  },
  {
    name: "Init:1/2",
    pod: {
      spec: { initContainers: [{ name: "a" }, { name: "b" }] },
      status: {
        phase: "Pending",
        initContainerStatuses: [
          { name: "a", state: terminated("Completed", 0) },
          { name: "b", state: running },
        ],
      },
    },
    want: ["0/1", "Init:1/2", "0"],
  },
  {
    name: "Init:CrashLoopBackOff counts init restarts",
    pod: {
      spec: { initContainers: [{ name: "a" }] },
      status: {
        phase: "Pending",
        initContainerStatuses: [
          { name: "a", restartCount: 3, state: waiting("CrashLoopBackOff"), lastState: lastExit(5) },
        ],
        containerStatuses: [{ name: "app", state: waiting("PodInitializing") }],
      },
    },
    want: ["0/1", "Init:CrashLoopBackOff", "3 (5m ago)"],
  },
  {
    name: "Init:Error",
    pod: {
      spec: { initContainers: [{ name: "a" }] },
      status: { phase: "Pending", initContainerStatuses: [{ name: "a", state: terminated("Error", 1) }] },
    },
    want: ["0/1", "Init:Error", "0"],
  },
  {
    name: "Init:ExitCode without a reason",
    pod: {
      spec: { initContainers: [{ name: "a" }] },
      status: { phase: "Pending", initContainerStatuses: [{ name: "a", state: terminated(undefined, 2) }] },
    },
    want: ["0/1", "Init:ExitCode:2", "0"],
  },
  {
    name: "Init:Signal without a reason",
    pod: {
      spec: { initContainers: [{ name: "a" }] },
      status: { phase: "Pending", initContainerStatuses: [{ name: "a", state: terminated(undefined, 137, { signal: 9 }) }] },
    },
    want: ["0/1", "Init:Signal:9", "0"],
  },
  {
    name: "Running",
    pod: {
      status: {
        phase: "Running",
        conditions: [cond("Ready", "True")],
        containerStatuses: [{ name: "app", ready: true, state: running }],
      },
    },
    want: ["1/1", "Running", "0"],
  },
  {
    name: "CrashLoopBackOff with restarts 3 (5m ago)",
    pod: {
      status: {
        phase: "Running",
        containerStatuses: [
          { name: "app", ready: false, restartCount: 3, state: waiting("CrashLoopBackOff"), lastState: lastExit(5) },
        ],
      },
    },
    want: ["0/1", "CrashLoopBackOff", "3 (5m ago)"],
  },
  {
    name: "restarts without a finish time",
    pod: {
      status: { phase: "Running", containerStatuses: [{ name: "app", ready: true, restartCount: 4, state: running }] },
    },
    want: ["1/1", "Running", "4"],
  },
  {
    name: "Completed",
    pod: { status: { phase: "Succeeded", containerStatuses: [{ name: "app", state: terminated("Completed", 0) }] } },
    want: ["0/1", "Completed", "0"],
  },
  {
    name: "Error",
    pod: { status: { phase: "Failed", containerStatuses: [{ name: "app", state: terminated("Error", 1) }] } },
    want: ["0/1", "Error", "0"],
  },
  {
    name: "ExitCode and Signal without a reason",
    pod: {
      spec: { containers: [{ name: "a" }, { name: "b" }] },
      status: {
        phase: "Failed",
        containerStatuses: [
          { name: "a", state: terminated(undefined, 3) },
          { name: "b", state: terminated(undefined, 137, { signal: 9 }) },
        ],
      },
    },
    want: ["0/2", "ExitCode:3", "0"],
  },
  {
    name: "Evicted keeps the pod's reason",
    pod: { status: { phase: "Failed", reason: "Evicted" } },
    want: ["0/1", "Evicted", "0"],
  },
  {
    name: "Completed container next to a running one, pod not ready: NotReady",
    pod: {
      spec: { containers: [{ name: "a" }, { name: "b" }] },
      status: {
        phase: "Running",
        conditions: [cond("Ready", "False")],
        containerStatuses: [
          { name: "a", ready: true, state: running },
          { name: "b", state: terminated("Completed", 0) },
        ],
      },
    },
    want: ["1/2", "NotReady", "0"],
  },
  {
    name: "Completed container next to a running one, pod ready: Running",
    pod: {
      spec: { containers: [{ name: "a" }, { name: "b" }] },
      status: {
        phase: "Running",
        conditions: [cond("Ready", "True")],
        containerStatuses: [
          { name: "a", ready: true, state: running },
          { name: "b", state: terminated("Completed", 0) },
        ],
      },
    },
    want: ["1/2", "Running", "0"],
  },
  {
    name: "Terminating",
    pod: {
      deletionTimestamp: ago(minutes(1)),
      status: { phase: "Running", containerStatuses: [{ name: "app", ready: true, state: running }] },
    },
    want: ["1/1", "Terminating", "0"],
  },
  {
    name: "a finished pod being deleted keeps its status",
    pod: {
      deletionTimestamp: ago(minutes(1)),
      status: { phase: "Succeeded", containerStatuses: [{ name: "app", state: terminated("Completed", 0) }] },
    },
    want: ["0/1", "Completed", "0"],
  },
  {
    name: "NodeLost while deleting: Unknown",
    pod: { deletionTimestamp: ago(minutes(1)), status: { phase: "Running", reason: "NodeLost" } },
    want: ["0/1", "Unknown", "0"],
  },
  {
    name: "sidecar counts toward READY and its restarts stay after init",
    pod: {
      spec: { initContainers: [{ name: "proxy", restartPolicy: "Always" }] },
      status: {
        phase: "Running",
        conditions: [cond("Initialized", "True"), cond("Ready", "True")],
        initContainerStatuses: [
          { name: "proxy", started: true, ready: true, restartCount: 1, state: running, lastState: lastExit(2) },
        ],
        containerStatuses: [{ name: "app", ready: true, state: running }],
      },
    },
    want: ["2/2", "Running", "1 (2m ago)"],
  },
  {
    name: "sidecar not started yet blocks initialisation",
    pod: {
      spec: { initContainers: [{ name: "proxy", restartPolicy: "Always" }] },
      status: {
        phase: "Pending",
        initContainerStatuses: [{ name: "proxy", started: false, state: running }],
        containerStatuses: [{ name: "app", state: waiting("PodInitializing") }],
      },
    },
    want: ["0/2", "Init:0/1", "0"],
  },
  {
    name: "regular init restarts are dropped once initialised",
    pod: {
      spec: { initContainers: [{ name: "a" }] },
      status: {
        phase: "Running",
        conditions: [cond("Initialized", "True")],
        initContainerStatuses: [{ name: "a", restartCount: 2, state: terminated("Completed", 0), lastState: lastExit(1) }],
        containerStatuses: [{ name: "app", ready: true, restartCount: 4, state: running, lastState: lastExit(20) }],
      },
    },
    want: ["1/1", "Running", "4 (20m ago)"],
  },
];

test("podsTable READY, STATUS and RESTARTS follow the pod printer", () => {
  for (const c of cases) {
    const cells = podsTable.cells(pod(c.pod), now);
    assert.deepEqual(cells.slice(1, 4), c.want, c.name);
  }
});

test("podsTable renders every cell, wide ones included", () => {
  const obj: KubeObject = {
    metadata: { name: "web-1", creationTimestamp: ago(minutes(7)) },
    spec: {
      nodeName: "node1",
      containers: [{ name: "app" }],
      readinessGates: [{ conditionType: "example.com/lb" }, { conditionType: "example.com/dns" }],
    },
    status: {
      phase: "Running",
      podIPs: [{ ip: "10.1.0.5" }, { ip: "fd00::5" }],
      nominatedNodeName: "node2",
      conditions: [cond("Ready", "True"), cond("example.com/lb", "True"), cond("example.com/dns", "False")],
      containerStatuses: [{ name: "app", ready: true, state: running }],
    },
  };
  assert.deepEqual(podsTable.cells(obj, now), ["web-1", "1/1", "Running", "0", "7m", "10.1.0.5", "node1", "node2", "1/2"]);
});

test("podsTable falls back to podIP and prints <none> for unset wide cells", () => {
  const obj: KubeObject = { metadata: { name: "p" }, spec: { containers: [] }, status: { podIP: "10.1.0.9" } };
  assert.deepEqual(podsTable.cells(obj, now), ["p", "0/0", "", "0", "<unknown>", "10.1.0.9", "<none>", "<none>", "<none>"]);
});

test("podsTable columns match the pod printer's", () => {
  assert.deepEqual(
    podsTable.columns.map((c) => [c.name, c.type, c.format, c.priority]),
    [
      ["Name", "string", "name", 0],
      ["Ready", "string", "", 0],
      ["Status", "string", "", 0],
      ["Restarts", "string", "", 0],
      ["Age", "string", "", 0],
      ["IP", "string", "", 1],
      ["Node", "string", "", 1],
      ["Nominated Node", "string", "", 1],
      ["Readiness Gates", "string", "", 1],
    ],
  );
});
