// Input to a container's main process on `--runtime runc` (root only), through conmon's attach
// socket, driven by Debian's kubectl 1.20 (SPDY) and the newest kubectl (WebSocket v5):
// `echo hello | kubectl run --rm -i -- cat`, `kubectl run --rm -it -- sh` on a terminal from
// script(1) with the shell's exit code coming back, `kubectl attach -i` twice to a pod whose stdin
// stays open, and attach -i to a pod without stdin. At the end nothing of the pods is left: no
// attach bridge (socat), conmon, runc container, netns or mount.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { eventually, findKubectls, OrdinalServer, type Kubectl, type KubectlBinary, type RawClient } from "./harness.ts";
import { runcLeftovers } from "./runc-leftovers.ts";

const ORDINAL = resolve(import.meta.dirname, "../../bin/ordinal");
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

/** `kubectl run --rm -it NAME -- sh` on a pseudo-terminal from script(1): computes 6*7, then `exit 3`. */
function runShellOnTty(k: Kubectl, kubeconfig: string, name: string): Promise<{ code: number; output: string }> {
  const cmd = `${k.bin.path} run ${name} --rm -it --restart=Never --image=busybox -- sh`;
  const child = spawn("script", ["-qec", cmd, "/dev/null"], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: k.home, KUBECONFIG: kubeconfig, LANG: "C", TERM: "xterm" },
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (output += c));
  const exited = new Promise<number>((done) => child.on("close", (code) => done(code ?? 128)));
  return (async () => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    try {
      // The shell printed its prompt before kubectl attached; kubectl's resize makes it redraw it.
      await eventually("the prompt", async () => (/\/ # /.test(output) ? true : undefined), WAIT_MS).catch((e) => {
        throw new Error(`${e.message} in ${JSON.stringify(output)}`);
      });
      child.stdin.write("echo $((6*7)); exit 3\n");
      return { code: await exited, output };
    } finally {
      clearTimeout(timer);
      child.stdin.end();
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  })();
}

describe("input to containers on the runc runtime: attach and run -i", { skip: process.getuid?.() !== 0 ? "needs root" : false }, () => {
  let server: OrdinalServer;
  let stopped = false;
  let api: RawClient;
  let k: Kubectl;
  const uids = new Set<string>();
  const pod = async (name: string) => {
    const r = await api.get(`/api/v1/namespaces/default/pods/${name}`);
    return r.status === 200 ? r.json() : undefined;
  };
  /** Remembers the UIDs of the pods `kubectl run` creates and deletes, for the leak checks. */
  const watchUids = async (signal: AbortSignal) => {
    while (!signal.aborted) {
      for (const p of (await api.get("/api/v1/pods")).json().items) uids.add(p.metadata.uid);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  let stopWatching: AbortController;

  before(async () => {
    server = await OrdinalServer.start({ runtime: "runc" });
    api = server.client();
    k = server.kubectl(kubectls.at(-1)!);
    const image = await run(ORDINAL, ["image", "busybox"], { ORDINAL_HOME: server.home });
    assert.equal(image.code, 0, image.stderr);
    stopWatching = new AbortController();
    void watchUids(stopWatching.signal).catch(() => {});
  });
  after(async () => {
    stopWatching?.abort();
    if (!stopped) await server?.stop();
  });

  for (const bin of kubectls) {
    it(`kubectl ${bin.version}: echo hello | run --rm -i -- cat prints hello, exits 0 and deletes the pod`, async () => {
      const name = `cat-${bin.minor}`;
      const r = await server.kubectl(bin).run(["run", name, "--rm", "-i", "--restart=Never", "--image=busybox", "--", "cat"], { input: "hello\n", timeoutMs: 45_000 });
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      assert.equal(r.stdout, `hello\npod "${name}" deleted\n`, r.stderr);
      await eventually(`${name} gone`, async () => ((await pod(name)) ? undefined : true), WAIT_MS);
    });

    it(`kubectl ${bin.version}: run --rm -it -- sh on a terminal runs the typed commands and exits with the shell's code`, async () => {
      const name = `sh-${bin.minor}`;
      const r = await runShellOnTty(server.kubectl(bin), server.kubeconfigPath, name);
      assert.ok(r.output.includes("echo $((6*7)); exit 3\r\n42\r\n"), `no echo of the input and its output: ${JSON.stringify(r.output)}`);
      assert.ok(r.output.includes(`pod "${name}" deleted`), r.output);
      assert.ok(r.output.includes(`pod default/${name} terminated (Error)`), r.output);
      assert.equal(r.code, 3, r.output);
      await eventually(`${name} gone`, async () => ((await pod(name)) ? undefined : true), WAIT_MS);
    });
  }

  it("kubectl attach -i delivers input in each session to a pod whose stdin stays open", async () => {
    const manifest = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "reader" },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [{ name: "reader", image: "busybox", stdin: true, command: ["sh", "-c", "while read line; do echo got $line; done; echo stdin closed"] }],
      },
    };
    await k.ok(["apply", "-f", "-"], { input: JSON.stringify(manifest) });
    await eventually("reader Running", async () => ((await pod("reader"))?.status?.containerStatuses?.[0]?.state?.running ? true : undefined), WAIT_MS);
    const words: string[] = [];
    for (const bin of kubectls) {
      for (const n of [1, 2]) {
        const word = `${bin.minor}-${n}`;
        words.push(word);
        const r = await server.kubectl(bin).run(["attach", "-i", "reader"], { input: `${word}\n`, timeoutMs: 20_000 });
        assert.equal(r.code, 0, `${bin.version}: ${r.stdout}\n${r.stderr}`);
      }
    }
    const want = words.map((w) => `got ${w}\n`).join("");
    assert.equal(await eventually("every line in the log", async () => {
      const logs = await k.ok(["logs", "reader"]);
      return logs.length >= want.length ? logs : undefined;
    }), want);
    assert.equal((await pod("reader")).status.containerStatuses[0].restartCount, 0);
    await k.ok(["delete", "pod", "reader"]);
  });

  it("kubectl attach -i to a pod without stdin shows its output until it exits and drops the input", async () => {
    const manifest = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "talker" },
      spec: {
        restartPolicy: "Never",
        containers: [{ name: "talker", image: "busybox", command: ["sh", "-c", "sleep 3; echo bye; cat; echo after-cat"] }],
      },
    };
    await k.ok(["apply", "-f", "-"], { input: JSON.stringify(manifest) });
    await eventually("talker Running", async () => ((await pod("talker"))?.status?.containerStatuses?.[0]?.state?.running ? true : undefined), WAIT_MS);
    const r = await k.run(["attach", "-i", "talker"], { input: "ignored\n", timeoutMs: 20_000 });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    // cat reads an empty stdin, not the client's input.
    assert.equal(r.stdout, "bye\nafter-cat\n", r.stderr);
    await k.ok(["delete", "pod", "talker"]);
  });

  it("leaves no attach bridge, conmon, runc container, netns or mount of the deleted pods", async () => {
    stopWatching.abort();
    assert.ok(uids.size >= 2 * kubectls.length + 2, `only ${uids.size} pods seen`);
    await eventually("no pods", async () => ((await api.get("/api/v1/pods")).json().items.length === 0 ? true : undefined), WAIT_MS);
    const left = async () => runcLeftovers(server.home, uids, server.pid());
    await eventually("nothing left", async () => ((await left()).length === 0 ? true : undefined)).catch(() => undefined);
    assert.deepEqual(await left(), []);
    stopped = true;
    await server.stop();
    assert.deepEqual(runcLeftovers(server.home, uids), []);
  });
});
