import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough, Readable } from "node:stream";
import type { TerminalSize } from "./backend.ts";
import { terminalSizes } from "./terminal-sizes.ts";

async function collect(source: AsyncIterable<TerminalSize>): Promise<TerminalSize[]> {
  const out = [];
  for await (const s of source) out.push(s);
  return out;
}

test("terminalSizes() reads objects split across chunks, skipping malformed ones", async () => {
  const cases: { name: string; chunks: string[]; want: TerminalSize }[] = [
    { name: "newline separated", chunks: ['{"Width":1,"Height":1}\n', '{"Width":80,"Height":24}\n'], want: { width: 80, height: 24 } },
    { name: "split mid-object", chunks: ['{"Wid', 'th":7,"Hei', 'ght":9}'], want: { width: 7, height: 9 } },
    { name: "malformed last", chunks: ['{"Width":2,"Height":3}{"Width":"x"}'], want: { width: 2, height: 3 } },
  ];
  for (const c of cases) {
    const source = new PassThrough();
    const sizes = terminalSizes(source);
    for (const chunk of c.chunks) source.write(chunk);
    source.end();
    assert.deepEqual(await collect(sizes), [c.want], c.name);
  }
});

test("terminalSizes() yields each size to a reader that keeps up", async () => {
  const source = new PassThrough();
  const iterator = terminalSizes(source)[Symbol.asyncIterator]();
  source.write('{"Width":1,"Height":1}');
  assert.deepEqual((await iterator.next()).value, { width: 1, height: 1 });
  source.write('{"Width":0,"Height":0}{"Width":100,"Height":40}');
  assert.deepEqual((await iterator.next()).value, { width: 100, height: 40 });
  source.end();
  assert.equal((await iterator.next()).done, true);
});

test("terminalSizes() drains its source even when nobody reads sizes", async () => {
  const source = Readable.from(Array.from({ length: 5000 }, () => Buffer.from('{"Width":80,"Height":24}\n')));
  terminalSizes(source);
  await new Promise((resolve) => source.once("end", resolve));
});
