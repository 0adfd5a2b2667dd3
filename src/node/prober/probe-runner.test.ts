import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../api/validation/json-access.ts";
import { ManualTimerClock } from "../manual-timer-clock.ts";
import { expandVariables } from "./_expand-command.ts";
import { resolveContainerPort } from "./_container-port.ts";
import { ScriptedTarget, type ExecStep } from "./_scripted-target.ts";
import { runProbe } from "./probe-runner.ts";
import type { ProbeOutcome } from "./probe-target.ts";

const container: JsonObject = {
  name: "web",
  ports: [{ name: "http", containerPort: 8080 }, { name: "admin", containerPort: 9090 }],
  env: [{ name: "FILE", value: "/tmp/healthy" }, { name: "SECRET", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }],
};

interface ExecCase {
  name: string;
  command: string[];
  /** What the target runs, after expansion. */
  runs: string;
  steps: ExecStep[];
  want: ProbeOutcome;
  calls?: number;
  aborted?: boolean;
  tickMs?: number;
}

const execCases: ExecCase[] = [
  { name: "exit 0 succeeds with its output", command: ["cat", "/tmp/healthy"], runs: "cat /tmp/healthy", steps: [{ exitCode: 0, output: "ok\n" }], want: { result: "success", output: "ok\n" } },
  {
    name: "a non-zero exit fails with stdout and stderr",
    command: ["cat", "/tmp/healthy"],
    runs: "cat /tmp/healthy",
    steps: [{ exitCode: 1, output: "cat: can't open '/tmp/healthy': No such file or directory\n" }],
    want: { result: "failure", output: "cat: can't open '/tmp/healthy': No such file or directory\n" },
  },
  { name: "$(VAR) expands from static env only", command: ["test", "-f", "$(FILE)", "$(SECRET)", "$(NOPE)", "$$(FILE)"], runs: "test -f /tmp/healthy  $(NOPE) $(FILE)", steps: [{ exitCode: 0, output: "" }], want: { result: "success", output: "" } },
  { name: "output is cut at 10 KiB", command: ["yes"], runs: "yes", steps: [{ exitCode: 0, output: "y".repeat(20_000) }], want: { result: "success", output: "y".repeat(10_240) } },
  {
    name: "a command past timeoutSeconds fails and is stopped",
    command: ["sh", "-c", "sleep 10"],
    runs: "sh -c sleep 10",
    steps: [{ hang: true }],
    want: { result: "failure", output: 'command "sh -c sleep 10" timed out' },
    aborted: true,
    tickMs: 2000,
  },
  {
    name: "an exec the runtime refuses errors after three tries",
    command: ["true"],
    runs: "true",
    steps: [{ refuse: "container not running" }],
    want: { result: "unknown", output: "", error: "container not running" },
    calls: 3,
  },
  {
    name: "a refusal followed by an answer counts the answer",
    command: ["true"],
    runs: "true",
    steps: [{ refuse: "busy" }, { exitCode: 0, output: "" }],
    want: { result: "success", output: "" },
    calls: 2,
  },
];

for (const c of execCases) {
  test(`runProbe() exec: ${c.name}`, async () => {
    const clock = new ManualTimerClock(0);
    const target = new ScriptedTarget(clock).on(c.runs, ...c.steps);
    const pending = runProbe({ exec: { command: c.command }, timeoutSeconds: 2 }, { target, container, clock });
    await clock.tick(c.tickMs ?? 0);
    assert.deepEqual(await pending, c.want);
    assert.equal(target.calls.length, c.calls ?? 1);
    assert.deepEqual(target.aborted, c.aborted ? [c.runs] : []);
    assert.equal(clock.pending, 0);
  });
}

test("runProbe() exec: the timeout is timeoutSeconds, not sooner", async () => {
  const clock = new ManualTimerClock(0);
  const target = new ScriptedTarget(clock).on("slow", { exitCode: 0, output: "done", delayMs: 2500 });
  const pending = runProbe({ exec: { command: ["slow"] }, timeoutSeconds: 3 }, { target, container, clock });
  await clock.tick(2500);
  assert.deepEqual(await pending, { result: "success", output: "done" });
  assert.equal(clock.pending, 0);
});

test("runProbe() reports probes it cannot carry out as errors", async () => {
  const clock = new ManualTimerClock(0);
  const target = new ScriptedTarget(clock);
  const cases: Array<[JsonObject, string]> = [
    [{ tcpSocket: { port: "metrics" } }, 'strconv.Atoi: parsing "metrics": invalid syntax'],
    [{ httpGet: { port: 0, path: "/" } }, "invalid port number: 0"],
    [{ timeoutSeconds: 1 }, "missing probe handler for container web"],
  ];
  for (const [probe, error] of cases) {
    assert.deepEqual(await runProbe(probe, { target, container, clock }), { result: "unknown", output: "", error });
  }
});

test("resolveContainerPort() takes numbers, port names and numeric strings", () => {
  const cases: Array<[unknown, number | string]> = [
    [80, 80],
    ["http", 8080],
    ["admin", 9090],
    ["8081", 8081],
    ["metrics", 'strconv.Atoi: parsing "metrics": invalid syntax'],
    [0, "invalid port number: 0"],
    [65536, "invalid port number: 65536"],
    ["-1", "invalid port number: -1"],
    [undefined, "intOrString had no kind: null"],
  ];
  for (const [port, want] of cases) {
    if (typeof want === "number") assert.equal(resolveContainerPort(port, container), want, String(port));
    else assert.throws(() => resolveContainerPort(port, container), { message: want }, String(port));
  }
});

test("expandVariables() follows Kubernetes $(VAR) syntax", () => {
  const env = new Map([["A", "x"], ["EMPTY", ""]]);
  const cases: Array<[string, string]> = [
    ["$(A)", "x"],
    ["pre-$(A)-post", "pre-x-post"],
    ["$(EMPTY)", ""],
    ["$(B)", "$(B)"],
    ["$$(A)", "$(A)"],
    ["$$", "$"],
    ["$(A", "$(A"],
    ["$A", "$A"],
    ["cost $", "cost $"],
    ["$(A)$(A)", "xx"],
  ];
  for (const [input, want] of cases) assert.equal(expandVariables(input, env), want, input);
});
