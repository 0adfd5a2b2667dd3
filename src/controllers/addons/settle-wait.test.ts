import { test } from "node:test";
import assert from "node:assert/strict";
import { settleWait, type SettleDecision, type SettleInput } from "./settle-wait.ts";

const SETTLE = 1000;
const NOW = 50_000;
const web1 = { kind: "waiting", pod: "web-1", message: "web-1 is Pending: ContainerCreating" } as const;

test("settleWait() announces only a wait one pod has held for the settle time", () => {
  const cases: Array<{ name: string; input: Omit<SettleInput, "nowMs" | "settleMs">; want: SettleDecision }> = [
    {
      name: "nothing blocks",
      input: { state: { kind: "clear" }, blocked: { pod: "web-1", since: NOW - 5000 }, annotated: "web-1 is Terminating" },
      want: { reason: undefined, blocked: undefined },
    },
    {
      name: "a new wait is remembered and rechecked when it would settle",
      input: { state: web1, blocked: undefined, annotated: undefined },
      want: { reason: undefined, blocked: { pod: "web-1", since: NOW }, recheckAfterMs: SETTLE },
    },
    {
      name: "a wait not yet settled",
      input: { state: web1, blocked: { pod: "web-1", since: NOW - 400 }, annotated: undefined },
      want: { reason: undefined, blocked: { pod: "web-1", since: NOW - 400 }, recheckAfterMs: 600 },
    },
    {
      name: "a settled wait",
      input: { state: web1, blocked: { pod: "web-1", since: NOW - SETTLE }, annotated: undefined },
      want: { reason: web1.message, blocked: { pod: "web-1", since: NOW - SETTLE } },
    },
    {
      name: "the next pod blocks: the old reason goes at once and the new wait starts over",
      input: { state: web1, blocked: { pod: "web-0", since: NOW - 5000 }, annotated: "web-0 is not Ready" },
      want: { reason: undefined, blocked: { pod: "web-1", since: NOW }, recheckAfterMs: SETTLE },
    },
    {
      name: "an earlier run announced this pod: settled",
      input: { state: web1, blocked: undefined, annotated: "web-1 is not Ready: readiness probe failed" },
      want: { reason: web1.message, blocked: { pod: "web-1", since: NOW - SETTLE } },
    },
    {
      name: "an annotation naming a pod with a longer name is not this pod's",
      input: { state: web1, blocked: undefined, annotated: "web-10 is not Ready" },
      want: { reason: undefined, blocked: { pod: "web-1", since: NOW }, recheckAfterMs: SETTLE },
    },
  ];
  for (const c of cases) assert.deepEqual(settleWait({ ...c.input, nowMs: NOW, settleMs: SETTLE }), c.want, c.name);
});

test("settleWait() with a settle time of 0 announces every wait at once", () => {
  assert.deepEqual(settleWait({ state: web1, blocked: undefined, annotated: undefined, nowMs: NOW, settleMs: 0 }), { reason: web1.message, blocked: { pod: "web-1", since: NOW } });
});
