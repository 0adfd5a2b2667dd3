import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { duplexPair } from "node:stream";
import { text } from "node:stream/consumers";
import { SpdyConnection } from "./connection.ts";
import { encodeFrame, FrameSplitter, decodeFrame } from "./frame.ts";
import { HeaderDeflater } from "./header-block.ts";
import type { SpdyStream } from "./stream.ts";

function pair(): { client: SpdyConnection; server: SpdyConnection; close: () => void } {
  const [a, b] = duplexPair();
  const client = new SpdyConnection(a, { role: "client" });
  const server = new SpdyConnection(b, { role: "server" });
  return { client, server, close: () => (client.destroy(), server.destroy()) };
}

test("SpdyConnection carries headers, data both ways and FIN on an opened stream", async () => {
  const { client, server, close } = pair();
  server.on("stream", (s) => {
    s.reply({ accepted: "yes" });
    s.pipe(s); // echo until the client's FIN, then FIN back
  });
  const stream = client.openStream({ streamType: "data", port: "80" });
  assert.deepEqual(await stream.replied, { accepted: "yes" });
  stream.end("ping-pong");
  assert.equal(await text(stream), "ping-pong");
  close();
});

test("SpdyConnection gives the server the peer's lowercased SYN_STREAM headers", async () => {
  const { client, server, close } = pair();
  const accepted = once(server, "stream");
  client.openStream({ streamType: "error", requestID: "7" });
  const [stream] = (await accepted) as [SpdyStream];
  assert.equal(stream.id, 1);
  assert.deepEqual(stream.headers, { streamtype: "error", requestid: "7" });
  close();
});

test("SpdyStream.reset() on one side destroys the stream on the other", async () => {
  const { client, server, close } = pair();
  const accepted = once(server, "stream");
  const stream = client.openStream({});
  const [remote] = (await accepted) as [SpdyStream];
  remote.reply();
  await stream.replied;
  const closed = once(remote, "close");
  stream.reset();
  await closed;
  assert.equal(remote.destroyed, true);
  close();
});

test("SpdyConnection writes large payloads as frames the peer reassembles", async () => {
  const { client, server, close } = pair();
  const payload = Buffer.alloc(300_000, 0xab);
  server.on("stream", (s) => {
    s.reply();
    s.end(payload);
  });
  const stream = client.openStream({}, { fin: true });
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  assert.deepEqual(Buffer.concat(chunks), payload);
  close();
});

test("SpdyConnection echoes the peer's pings, refuses even stream ids from a client and ignores WINDOW_UPDATE", async () => {
  const [raw, b] = duplexPair();
  const server = new SpdyConnection(b, { role: "server" });
  const deflater = new HeaderDeflater();
  const splitter = new FrameSplitter();
  const got: unknown[] = [];
  raw.on("data", (c: Buffer) => got.push(...splitter.push(c).map((f) => decodeFrame(f))));
  raw.write(encodeFrame({ type: "window_update", streamId: 1, delta: 10 }, deflater));
  raw.write(encodeFrame({ type: "ping", id: 1 }, deflater));
  raw.write(encodeFrame({ type: "ping", id: 2 }, deflater));
  raw.write(encodeFrame({ type: "syn_stream", streamId: 2, associatedId: 0, priority: 0, fin: false, unidirectional: false, headers: {} }, deflater));
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(got, [
    { type: "ping", id: 1 },
    { type: "rst_stream", streamId: 2, status: 1 },
  ]);
  server.destroy();
});

test("SpdyConnection.end() sends GOAWAY, half-closes, and closes when the peer does", async () => {
  const { client, server } = pair();
  const goaway = once(client, "goaway");
  const closed = once(server, "close");
  server.end();
  await goaway;
  client.destroy();
  await closed;
  assert.equal(server.closed, true);
});

test("SpdyConnection destroys its streams when the transport closes", async () => {
  const { client, server } = pair();
  const accepted = once(server, "stream");
  client.openStream({});
  const [remote] = (await accepted) as [SpdyStream];
  const closed = once(remote, "close");
  client.destroy();
  await closed;
  assert.equal(server.closed, true);
});
