// pods/log: the container's output as text/plain, chunked. tailLines picks the last lines on file,
// sinceTime/sinceSeconds drop older ones, timestamps prefixes each with its fixed-width RFC 3339
// time, limitBytes cuts the output (mid-line if need be), and follow keeps streaming until the
// container stops. Semantics of the kubelet's ReadLogs.
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import type { KubeObject } from "../../api/meta.ts";
import type { ContainerLog, LogBackend, LogRecord } from "./backend.ts";
import { logOptions, type LogOptions } from "./log-options.ts";
import { formatLogTime, logTimeOf, parseLogTime } from "./log-time.ts";
import { isScheduled, requireLogs, resolveContainer } from "./pod-target.ts";

export interface PodLogRequest {
  pod: KubeObject;
  query: URLSearchParams;
  logs: LogBackend;
  now: () => Date;
}

/** Throws a StatusError before the response starts; afterwards a failure just ends the body. */
export async function servePodLog(res: ServerResponse, r: PodLogRequest): Promise<void> {
  const opts = logOptions(r.query, r.pod.metadata.name ?? "");
  const target = resolveContainer(r.pod, opts.container);
  // An unscheduled pod has no node to ask: the API server answers with an empty log.
  if (!isScheduled(r.pod)) return void res.writeHead(200, { "Content-Type": "text/plain" }).end();
  requireLogs(r.pod, target, opts.previous);
  const log = await r.logs.openLog(target, { previous: opts.previous });

  const abort = new AbortController();
  const onClose = () => abort.abort();
  res.once("close", onClose);
  res.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-cache, private" });
  res.flushHeaders();
  try {
    await writeLog(log, opts, r.now(), abort.signal, (chunk) => write(res, chunk, abort.signal));
  } catch (err) {
    if (!abort.signal.aborted) console.error("ordinal: pods/log stream failed:", err);
  } finally {
    res.off("close", onClose);
    res.end();
  }
}

async function write(res: ServerResponse, chunk: Buffer, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  if (!res.write(chunk)) await once(res, "drain", { signal }).catch(() => {});
}

/** Produces the response body through `emit`; pure apart from reading the log. */
export async function writeLog(log: ContainerLog, opts: LogOptions, now: Date, signal: AbortSignal, emit: (chunk: Buffer) => Promise<void>): Promise<void> {
  const since = opts.sinceTime?.ns ?? (opts.sinceSeconds !== undefined ? logTimeOf(now).ns - BigInt(opts.sinceSeconds) * 1_000_000_000n : undefined);
  let budget = opts.limitBytes ?? Infinity;
  const send = async (record: LogRecord): Promise<boolean> => {
    const time = parseLogTime(record.time);
    if (since !== undefined && time && time.ns < since) return true;
    let chunk = Buffer.concat([
      Buffer.from(opts.timestamps ? `${time ? formatLogTime(time) : record.time} ` : ""),
      Buffer.from(record.line),
      Buffer.from(record.partial ? "" : "\n"),
    ]);
    if (chunk.length > budget) chunk = chunk.subarray(0, budget);
    budget -= chunk.length;
    await emit(chunk);
    return budget > 0 && !signal.aborted;
  };

  if (opts.tailLines === undefined) {
    for await (const record of log.read()) if (!(await send(record))) return;
  } else {
    // A ring of the last tailLines records; `oldest` is where the next one overwrites.
    const n = opts.tailLines;
    const ring: LogRecord[] = [];
    let oldest = 0;
    for await (const record of log.read()) {
      if (n === 0) continue;
      if (ring.length < n) ring.push(record);
      else {
        ring[oldest] = record;
        oldest = (oldest + 1) % n;
      }
    }
    for (const record of [...ring.slice(oldest), ...ring.slice(0, oldest)]) if (!(await send(record))) return;
  }
  if (!opts.follow || signal.aborted) return;
  for await (const record of log.follow(signal)) if (!(await send(record))) return;
}
