// Real pods on `--runtime runc` (root only), driven by Debian's kubectl 1.20 and the newest kubectl:
// the seeds' nginx-style StatefulSet on the busybox image (fixtures/runc/web.yaml: busybox httpd on
// :80 serving its claim, an httpGet readiness probe), plus pods whose behaviour takes seconds to show
// (fixtures/runc/workloads.yaml, created first so that their waits overlap). Checked from outside:
// ordered creation gated by real readiness, hostname, a claim's file surviving its pod, two pods on
// one port reached from the host at their IPs, CrashLoopBackOff with growing back-off, liveness
// restarts, preStop and the grace period, init order, ConfigMap/Secret files and env, logs -f,
// exec -it on a terminal (script(1)), port-forward, kill -9 of ordinal; and at the end that deleting
// every pod, then `ordinal down --purge`, leaves no netns, veth, mount, cgroup, runc container or
// process of ours. The harness gives the server its own bridge, /24 and netns prefix; the cgroup
// parent /ordinal is still the machine's, so run no other runc ordinal meanwhile.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { get } from "node:http";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { WatchEvent, WatchStream } from "./raw-client.ts";
import { eventually, findKubectls, FIXTURES, OrdinalServer, type Kubectl, type KubectlBinary, type RawClient } from "./harness.ts";
import { runcLeftovers } from "./runc-leftovers.ts";

const ORDINAL = resolve(import.meta.dirname, "../../bin/ordinal");
const WEB_YAML = join(FIXTURES, "runc/web.yaml");
const WORKLOADS_YAML = join(FIXTURES, "runc/workloads.yaml");
const WAIT_MS = 30_000;

const bins = findKubectls();
const kubectls = [bins.find((b) => b.minor === 20), bins.at(-1)].filter((b, i, all): b is KubectlBinary => b !== undefined && all.indexOf(b) === i);

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(file, args, { env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** GET http://host:port/ from the host: the body of a 200, else what went wrong, for the assertion message. */
function httpGet(host: string, port: number): Promise<string> {
  return new Promise((done) => {
    const req = get({ host, port, path: "/", timeout: 2_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.on("end", () => done(res.statusCode === 200 ? body : `HTTP ${res.statusCode}: ${body}`));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (e) => done(`error: ${e.message}`));
  });
}

/** Every pod event of the default namespace since it was opened, in the store's order. */
class PodHistory {
  readonly events: Array<{ type: string; pod: any }> = [];
  readonly #stream: WatchStream;

  private constructor(stream: WatchStream) {
    this.#stream = stream;
    void this.#pump();
  }

  static async open(api: RawClient): Promise<PodHistory> {
    const list = await api.get("/api/v1/namespaces/default/pods");
    assert.equal(list.status, 200, list.text);
    return new PodHistory(await api.watch(`/api/v1/namespaces/default/pods?watch=true&resourceVersion=${list.json().metadata.resourceVersion}`));
  }

  of(name: string): Array<{ type: string; pod: any }> {
    return this.events.filter((e) => e.pod.metadata?.name === name);
  }

  /** The statuses of container `container` of pod `name`, in order. */
  statuses(name: string, container: string): any[] {
    return this.of(name).flatMap((e) => e.pod.status?.containerStatuses?.filter((c: any) => c.name === container) ?? []);
  }

  close(): void {
    this.#stream.close();
  }

  async #pump(): Promise<void> {
    while (!this.#stream.done) {
      let e: WatchEvent;
      try {
        e = await this.#stream.next(3_600_000);
      } catch {
        return;
      }
      this.events.push({ type: e.type, pod: e.object });
    }
  }
}

/** `kubectl exec -it POD -- sh` on a pseudo-terminal from script(1): types a command, then `exit 3`. */
function execTty(k: Kubectl, kubeconfig: string, pod: string): Promise<{ code: number; output: string }> {
  const child = spawn("script", ["-qec", `${k.bin.path} exec -it ${pod} -- sh`, "/dev/null"], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: k.home, KUBECONFIG: kubeconfig, LANG: "C", TERM: "xterm" },
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (output += c));
  const exited = new Promise<number>((done) => child.on("close", (code) => done(code ?? 128)));
  // Until kubectl has made the local terminal raw, script's pty turns the container terminal's
  // "\r\n" into "\r\r\n": that is kubectl's timing, not what the server sent.
  const text = () => output.replaceAll("\r\r\n", "\r\n");
  const seen = (what: string, re: RegExp) =>
    eventually(what, async () => (re.test(text()) ? true : undefined), 15_000).catch((e) => {
      throw new Error(`${e.message} in ${JSON.stringify(output)}`);
    });
  return (async () => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    try {
      // busybox sh prints "/ # " and then asks the terminal where the cursor is (ESC [6n).
      await seen("the prompt", /\/ # /);
      child.stdin.write("echo marker-$((6*7))\n");
      await seen("the result", /marker-42\r\n/);
      child.stdin.write("exit 3\n");
      return { code: await exited, output: text() };
    } finally {
      clearTimeout(timer);
      child.stdin.end();
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  })();
}

describe("pods on the runc runtime", { skip: process.getuid?.() !== 0 ? "needs root" : false }, () => {
  let server: OrdinalServer;
  let stopped = false;
  let api: RawClient;
  let k: Kubectl;
  let history: PodHistory;
  /** Every pod UID the suite saw, for the leak checks. */
  const uids = new Set<string>();
  const track = async () => {
    for (const p of (await api.get("/api/v1/pods")).json().items) uids.add(p.metadata.uid);
  };
  const pod = async (name: string) => {
    const r = await api.get(`/api/v1/namespaces/default/pods/${name}`);
    return r.status === 200 ? r.json() : undefined;
  };
  const status = async (name: string, container: string) => (await pod(name))?.status?.containerStatuses?.find((c: any) => c.name === container);
  const ready = (p: any) => (p?.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");

  before(async () => {
    server = await OrdinalServer.start({ runtime: "runc" });
    api = server.client();
    k = server.kubectl(kubectls.at(-1)!);
    const image = await run(ORDINAL, ["image", "busybox"], { ORDINAL_HOME: server.home });
    assert.equal(image.code, 0, image.stderr);
    history = await PodHistory.open(api);
    await k.ok(["apply", "-f", WORKLOADS_YAML]);
    await k.ok(["apply", "-f", WEB_YAML]);
  });
  after(async () => {
    history?.close();
    if (!stopped) await server?.stop();
  });

  it("creates web-0, then web-1 once web-0 is Ready by its httpGet probe, and a failing probe unreadies", async () => {
    await eventually("web-0 and web-1 Ready", async () => (ready(await pod("web-0")) && ready(await pod("web-1")) ? true : undefined), WAIT_MS);
    const web0Ready = history.events.findIndex((e) => e.pod.metadata.name === "web-0" && ready(e.pod));
    const web1Added = history.events.findIndex((e) => e.pod.metadata.name === "web-1" && e.type === "ADDED");
    assert.ok(web0Ready >= 0 && web1Added > web0Ready, `web-1 was created before web-0 was Ready (events ${web0Ready}, ${web1Added})`);
    // The probe is real: without index.html httpd answers 404 and the pod is no longer Ready.
    await k.ok(["exec", "web-1", "--", "mv", "/www/index.html", "/www/away.html"]);
    await eventually("web-1 not Ready", async () => (ready(await pod("web-1")) ? undefined : true));
    await k.ok(["exec", "web-1", "--", "mv", "/www/away.html", "/www/index.html"]);
    await eventually("web-1 Ready again", async () => (ready(await pod("web-1")) ? true : undefined));
    await track();
  });

  it("kubectl exec web-0 -- hostname prints web-0", async () => {
    for (const bin of kubectls) assert.equal(await server.kubectl(bin).ok(["exec", "web-0", "--", "hostname"]), "web-0\n", bin.version);
  });

  it("two pods serve on port 80, each reached from the host at its pod IP", async () => {
    const node = (await api.get("/api/v1/nodes")).json().items[0];
    const ips = await Promise.all(["web-0", "web-1"].map(async (name) => (await pod(name)).status.podIP as string));
    assert.notEqual(ips[0], ips[1]);
    const prefix = node.spec.podCIDR.replace(/\.0\/24$/, ".");
    for (const ip of ips) assert.ok(ip.startsWith(prefix), `${ip} is outside the node's ${node.spec.podCIDR}`);
    assert.deepEqual(await Promise.all(ips.map((ip) => httpGet(ip, 80))), ["seeded by web-0\n", "seeded by web-1\n"]);
  });

  it("a file written under the claim's mount survives kubectl delete pod web-0", async () => {
    const text = `kept-${Date.now()}`;
    await k.ok(["exec", "web-0", "--", "sh", "-c", `echo ${text} > /www/index.html`]);
    const old = await pod("web-0");
    await k.ok(["delete", "pod", "web-0"]);
    const fresh = await eventually("a new web-0 Ready", async () => {
      const p = await pod("web-0");
      return p && p.metadata.uid !== old.metadata.uid && ready(p) ? p : undefined;
    }, WAIT_MS);
    uids.add(fresh.metadata.uid);
    assert.equal(await k.ok(["exec", "web-0", "--", "cat", "/www/index.html"]), `${text}\n`);
    assert.equal(await httpGet(fresh.status.podIP, 80), `${text}\n`);
  });

  it("init containers run one after the other, in order, before the main container", async () => {
    await eventually("inits Running", async () => ((await pod("inits"))?.status?.phase === "Running" ? true : undefined), WAIT_MS);
    assert.equal(await eventually("main's output", async () => (await k.ok(["logs", "inits"])) || undefined), "one\ntwo\nmain\n");
    const inits = (await pod("inits")).status.initContainerStatuses;
    assert.deepEqual(inits.map((c: any) => [c.name, c.state.terminated?.reason, c.state.terminated?.exitCode]), [["one", "Completed", 0], ["two", "Completed", 0]]);
    assert.ok(Date.parse(inits[1].state.terminated.startedAt) >= Date.parse(inits[0].state.terminated.finishedAt), JSON.stringify(inits));
  });

  it("ConfigMap and Secret keys appear as files and as env", async () => {
    await eventually("config Running", async () => ((await status("config", "app"))?.state?.running ? true : undefined), WAIT_MS);
    assert.equal(await k.ok(["exec", "config", "--", "cat", "/etc/config/app.properties", "/etc/config/greeting", "/etc/secret/password"]), "color=blue\nhellos3cr3t");
    const env = (await k.ok(["exec", "config", "--", "env"])).split("\n");
    for (const line of ["GREETING=hello", "PASSWORD=s3cr3t", "CFG_greeting=hello", "HOSTNAME=config"]) assert.ok(env.includes(line), `${line} not in:\n${env.join("\n")}`);
  });

  it("kubectl logs -f streams lines as the container writes them", async () => {
    await eventually("ticker Running", async () => ((await status("ticker", "ticker"))?.state?.running ? true : undefined), WAIT_MS);
    for (const bin of kubectls) {
      const logs = server.kubectl(bin).stream(["logs", "-f", "ticker"]);
      try {
        const first = Number(/tick-(\d+)/.exec(logs.lines[await logs.waitForLine(/^tick-\d+$/)])![1]);
        // Written after the stream opened: at 5 per second, 5 more take a second.
        await logs.waitForLine(new RegExp(`^tick-${first + 5}$`), 10_000);
      } finally {
        logs.stop();
      }
    }
  });

  for (const bin of kubectls) {
    it(`kubectl ${bin.version} exec -it runs a shell on a terminal: echo, output, exit code`, async () => {
      const r = await execTty(server.kubectl(bin), server.kubeconfigPath, "web-1");
      assert.ok(r.output.includes("echo marker-$((6*7))\r\nmarker-42\r\n"), `no echo of the input and its output: ${JSON.stringify(r.output)}`);
      assert.equal(r.code, 3, r.output);
    });
  }

  it("kubectl port-forward forwards a local port to the pod's port 80", async () => {
    for (const bin of kubectls) {
      const pf = server.kubectl(bin).stream(["port-forward", "pod/web-1", ":80"]);
      try {
        const line = pf.lines[await pf.waitForLine(/^Forwarding from 127\.0\.0\.1:\d+ -> 80$/)];
        const port = Number(/:(\d+) ->/.exec(line)![1]);
        assert.equal(await httpGet("127.0.0.1", port), "seeded by web-1\n", bin.version);
        assert.equal(await httpGet("127.0.0.1", port), "seeded by web-1\n", `${bin.version}, a second connection`);
      } finally {
        pf.stop();
      }
    }
  });

  it("a crashing container reaches CrashLoopBackOff, waiting 10 s, then 20 s", async () => {
    const messages = () => [...new Set(history.statuses("crash", "crash").flatMap((c) => (c.state?.waiting?.reason === "CrashLoopBackOff" ? [c.state.waiting.message] : [])))];
    await eventually("back-off 20s", async () => (messages().some((m) => m.startsWith("back-off 20s ")) ? true : undefined), WAIT_MS).catch((e) => {
      const seen = history.statuses("crash", "crash").map((c) => `restarts ${c.restartCount} ${JSON.stringify(c.state)} last ${JSON.stringify(c.lastState)}`);
      throw new Error(`${e.message}; crash's statuses:\n${seen.join("\n")}`);
    });
    const [first, second] = messages();
    assert.match(first, /^back-off 10s restarting failed container=crash pod=crash_default\([0-9a-f-]{36}\)$/);
    assert.match(second, /^back-off 20s restarting failed container=crash pod=crash_default\(/);
    // lastState.terminated by restartCount: run 1 ended, then run 2 waited out the 10 s back-off.
    const runs = new Map(history.statuses("crash", "crash").filter((c) => c.lastState?.terminated).map((c) => [c.restartCount, c.lastState.terminated]));
    assert.deepEqual([runs.get(1)?.exitCode, runs.get(2)?.exitCode], [1, 1]);
    const waited = Date.parse(runs.get(2).startedAt) - Date.parse(runs.get(1).finishedAt);
    // RFC 3339 times are whole seconds.
    assert.ok(waited >= 9_000 && waited <= 12_000, `restart 2 came ${waited} ms after run 1 ended`);
    assert.match(await k.ok(["get", "pod", "crash", "--no-headers"]), /^crash\s+0\/1\s+CrashLoopBackOff\s+\d+ /);
    assert.equal(await k.ok(["logs", "crash", "--previous"]), "crashing\n");
  });

  it("a failing liveness probe kills and restarts the container", async () => {
    const killed = await eventually("a liveness restart", async () => history.statuses("liveness", "live").find((c) => c.restartCount >= 1 && c.lastState?.terminated), WAIT_MS);
    assert.equal(killed.lastState.terminated.exitCode, 137);
    const events = await k.ok(["get", "events", "--field-selector", "involvedObject.name=liveness", "-o", "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}"]);
    assert.match(events, /^Unhealthy: Liveness probe failed: cat: can't open '\/tmp\/healthy': No such file or directory$/m);
    assert.match(events, /^Killing: Container live failed liveness probe, will be restarted$/m);
  });

  it("deleting a pod runs preStop, then SIGTERM, and honours the grace period", async () => {
    const dir = join(server.workDir, "prestop");
    const manifest = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "prestop" },
      spec: {
        terminationGracePeriodSeconds: 3,
        containers: [{
          name: "app",
          image: "busybox",
          command: ["sh", "-c", "trap 'echo term >> /data/events' TERM; echo started >> /data/events; while true; do sleep 0.1; done"],
          lifecycle: { preStop: { exec: { command: ["sh", "-c", "echo prestop >> /data/events"] } } },
          volumeMounts: [{ name: "data", mountPath: "/data" }],
        }],
        volumes: [{ name: "data", hostPath: { path: dir, type: "DirectoryOrCreate" } }],
      },
    };
    await k.ok(["apply", "-f", "-"], { input: JSON.stringify(manifest) });
    await eventually("prestop started", async () => (existsSync(join(dir, "events")) ? true : undefined), WAIT_MS);
    await track();
    const started = Date.now();
    await k.ok(["delete", "pod", "prestop"]);
    const took = Date.now() - started;
    assert.equal(readFileSync(join(dir, "events"), "utf8"), "started\nprestop\nterm\n");
    // The loop outlives SIGTERM, so only the end of the 3 s grace period stops it.
    assert.ok(took >= 2_500 && took < 8_000, `deletion took ${took} ms`);
  });

  it("kill -9 of ordinal and a restart keep every pod running, untouched", async () => {
    await track();
    const names = ["web-0", "web-1", "ticker", "config", "inits"];
    const running = async () => (await api.get("/api/v1/namespaces/default/pods")).json().items.filter((p: any) => names.includes(p.metadata.name));
    const ids = (pods: any[]) => pods.map((p) => [p.metadata.name, p.metadata.uid, p.status.containerStatuses[0].containerID, p.status.containerStatuses[0].restartCount]).sort();
    const before = await running();
    assert.equal(before.length, names.length);
    await server.kill9();
    const web1 = before.find((p: any) => p.metadata.name === "web-1").status.podIP;
    assert.equal(await httpGet(web1, 80), "seeded by web-1\n", "web-1 while ordinal is down");
    await server.up();
    const after = await eventually("web-0 and web-1 Ready after the restart", async () => {
      const pods = await running();
      return pods.filter((p: any) => p.metadata.name.startsWith("web-")).every(ready) ? pods : undefined;
    }, WAIT_MS);
    assert.deepEqual(ids(after), ids(before));
    assert.equal(await k.ok(["exec", "web-1", "--", "hostname"]), "web-1\n");
    assert.equal(await httpGet(web1, 80), "seeded by web-1\n");
    // The inventory the leak checks below rely on sees every kind of thing a running pod has.
    const kinds = new Set(runcLeftovers(server.home, uids).map((x) => x.split(" ")[0]));
    assert.deepEqual([...kinds].sort(), ["cgroup", "mount", "netns", "process", "runc", "veth"]);
  });

  it("deleting every pod leaves no netns, veth, mount, cgroup, runc container or process of theirs", async () => {
    await track();
    assert.ok(uids.size >= 9, `only ${uids.size} pods tracked`);
    await k.ok(["delete", "statefulset", "web"]);
    await k.ok(["delete", "pods", "--all", "--grace-period=1"]);
    await eventually("no pods", async () => ((await api.get("/api/v1/pods")).json().items.length === 0 ? true : undefined), WAIT_MS);
    const ours = async () => runcLeftovers(server.home, uids).filter((x) => !x.startsWith(`process ${server.pid()} `));
    await eventually("nothing of the deleted pods left", async () => ((await ours()).length === 0 ? true : undefined)).catch(() => undefined);
    assert.deepEqual(await ours(), []);
  });

  it("ordinal down --purge leaves nothing of ours", async () => {
    stopped = true;
    // The harness's stop is `ordinal down --purge` with the server's own network, then removes the home.
    await server.stop();
    assert.deepEqual(runcLeftovers(server.home, uids), []);
  });
});
