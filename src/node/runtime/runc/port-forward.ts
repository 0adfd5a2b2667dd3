// A connection to a pod port for pods/portforward. Pod IPs are routed to the node bridge, so the
// host dials <pod IP>:<port> directly. The kubelet dials localhost inside the pod's network
// namespace instead, which also reaches servers bound to 127.0.0.1 only: when the pod IP refuses,
// we do that too, with a small relay (this Node binary) started in the namespace by nsenter.
import { spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import { Duplex } from "node:stream";

const RELAY = `
const s = require("node:net").connect(Number(process.argv[1]), "127.0.0.1");
s.on("connect", () => { process.stderr.write("connected\\n"); process.stdin.pipe(s); s.pipe(process.stdout); });
s.on("error", (e) => { process.stderr.write(e.message + "\\n"); process.exit(1); });
process.stdin.on("end", () => s.end());
s.on("close", () => process.exit(0));
`;

function dial(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, allowHalfOpen: true });
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

function relayInNetns(netnsPath: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const child = spawn("nsenter", [`--net=${netnsPath}`, "--", process.execPath, "-e", RELAY, String(port)], { stdio: ["pipe", "pipe", "pipe"] });
    let err = "";
    child.stderr.setEncoding("utf8");
    const onData = (d: string) => {
      err += d;
      if (!err.startsWith("connected\n")) return;
      child.stderr.off("data", onData);
      child.stderr.resume();
      const duplex = Duplex.from({ readable: child.stdout, writable: child.stdin });
      duplex.once("close", () => child.kill("SIGKILL"));
      resolve(duplex);
    };
    child.stderr.on("data", onData);
    child.once("error", reject);
    child.once("close", (code) => {
      if (!err.startsWith("connected\n")) reject(new Error(`dial tcp 127.0.0.1:${port}: ${err.trim() || `relay exited with ${code}`}`));
    });
  });
}

export async function podPortForward(opts: { podIP: string; netnsPath: string; port: number; signal: AbortSignal }): Promise<Duplex> {
  opts.signal.throwIfAborted();
  let stream: Duplex;
  try {
    stream = await dial(opts.podIP, opts.port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ECONNREFUSED") throw e;
    stream = await relayInNetns(opts.netnsPath, opts.port);
  }
  const onAbort = () => stream.destroy();
  opts.signal.addEventListener("abort", onAbort, { once: true });
  stream.once("close", () => opts.signal.removeEventListener("abort", onAbort));
  return stream;
}
