// Port-forward over WebSocket channels (client-node's protocol, the kubelet's v4.channel.k8s.io):
// ports come from the query; port i uses channel 2i for data both ways and 2i+1 for errors. The
// server's first message on each channel is the port as a little-endian uint16. The connection
// closes when every forwarded connection has ended.
import { Duplex } from "node:stream";
import { StatusError } from "../../api/status-error.ts";
import type { PodRef, StreamingBackend } from "./backend.ts";
import type { ChannelSocket } from "./channel-socket.ts";
import { proxy } from "./spdy-port-forward.ts";

/** The `ports` query parameter: repeated and/or comma-separated, each 1-65535. */
export function forwardedPorts(query: URLSearchParams): number[] {
  const values = query.getAll("ports");
  if (values.length === 0) throw StatusError.badRequest('query parameter "ports" is required');
  const ports: number[] = [];
  for (const value of values) {
    if (value === "") throw StatusError.badRequest('query parameter "ports" cannot be empty');
    for (const text of value.split(",")) {
      const port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535) throw StatusError.badRequest(`unable to parse "${value}" as a port`);
      if (port < 1) throw StatusError.badRequest(`port "${value}" must be > 0`);
      ports.push(port);
    }
  }
  return ports;
}

export async function serveChannelPortForward(channels: ChannelSocket, pod: PodRef, ports: readonly number[], backend: StreamingBackend): Promise<void> {
  await Promise.all(ports.map((port, i) => forwardPort(channels, pod, port, 2 * i, backend)));
  await channels.close();
}

async function forwardPort(channels: ChannelSocket, pod: PodRef, port: number, dataChannel: number, backend: StreamingBackend): Promise<void> {
  const errorChannel = dataChannel + 1;
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16LE(port);
  const input = channels.reader(dataChannel);
  channels.send(dataChannel, prefix);
  channels.send(errorChannel, prefix);
  let upstream: Duplex;
  try {
    upstream = await backend.portForward(pod, port, channels.signal);
  } catch (err) {
    const message = `error forwarding port ${port} to pod ${pod.namespace}/${pod.name}, uid ${pod.uid}: ${err instanceof Error ? err.message : String(err)}`;
    channels.send(errorChannel, Buffer.from(message));
    return;
  }
  channels.signal.addEventListener("abort", () => upstream.destroy(), { once: true });
  await proxy(Duplex.from({ readable: input, writable: channels.writer(dataChannel) }), upstream);
}
