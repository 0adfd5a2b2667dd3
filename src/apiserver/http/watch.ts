// Watch streams (spec §3.2): headers flushed at once, one JSON event per line, selector
// transitions as ADDED/DELETED, 410 as an ERROR event, timeoutSeconds, bookmarks on request.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KubeObject } from "../../api/meta.ts";
import { StatusError } from "../../api/status-error.ts";
import { CompactedError, type WatchEvent } from "../../store/backend.ts";
import type { GenericStore, ObjectFilter } from "../registry/generic-store.ts";
import { visibleEvent } from "../registry/watch-filter.ts";
import { tableContentType, toTable, type IncludeObject } from "./table-response.ts";

export interface WatchRequest {
  store: GenericStore;
  namespace?: string;
  /** Object filter from the label and field selectors. */
  filter?: ObjectFilter;
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  table?: { version: "v1" | "v1beta1"; include: IncludeObject };
  now: () => Date;
}

/** Without timeoutSeconds a watch lasts 30–60 minutes, as a real apiserver's do. */
function defaultTimeoutMs(): number {
  return (1800 + Math.floor(Math.random() * 1800)) * 1000;
}

const BOOKMARK_INTERVAL_MS = 60_000;
/** A client that stops reading is cut off instead of buffering without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export function serveWatch(req: IncomingMessage, res: ServerResponse, w: WatchRequest): void {
  const { store } = w;
  const rvParam = w.resourceVersion ?? "";
  const rv = rvParam === "" ? 0 : Number(rvParam);
  if (!Number.isInteger(rv) || rv < 0) throw StatusError.badRequest(`invalid resource version: ${rvParam}`);
  res.writeHead(200, {
    "Content-Type": w.table ? tableContentType(w.table.version) : "application/json",
    "Cache-Control": "no-cache, private",
    "Transfer-Encoding": "chunked",
  });
  res.flushHeaders();

  let headersSent = false;
  let closed = false;
  const encode = (type: string, obj: KubeObject): string => {
    let object: unknown = obj;
    if (w.table && type !== "BOOKMARK" && type !== "ERROR") {
      object = toTable(store, [obj], { resourceVersion: obj.metadata.resourceVersion }, { ...w.table, now: w.now(), noHeaders: headersSent });
      headersSent = true;
    }
    return JSON.stringify({ type, object }) + "\n";
  };
  const write = (line: string | Buffer) => {
    if (closed) return;
    res.write(line);
    if (res.writableLength > MAX_BUFFERED_BYTES) finish();
  };

  // A shared event goes to the socket as one ready-made chunk: for 100 watchers of a busy collection
  // the per-response chunk framing and corking were a quarter of the fan-out's cost.
  const writeChunk = (chunk: Buffer) => {
    const socket = res.socket;
    if (closed || !socket) return;
    socket.write(chunk);
    if (socket.writableLength > MAX_BUFFERED_BYTES) finish();
  };

  let lastRev = rv;
  const onEvent = (e: WatchEvent) => {
    lastRev = e.rev;
    const visible = visibleEvent(store, e, w.filter);
    if (!visible) return;
    if (w.table) write(encode(visible.type, visible.object));
    else writeChunk(sharedChunk(e.rev, visible.type, visible.object));
  };

  let watcher: { close(): void } | undefined;
  const timers: NodeJS.Timeout[] = [];
  const finish = () => {
    if (closed) return;
    closed = true;
    watcher?.close();
    for (const t of timers) clearTimeout(t), clearInterval(t);
    res.end();
  };
  req.on("close", finish);
  res.on("error", finish);

  try {
    if (rv === 0 || w.sendInitialEvents) {
      const page = store.list(w.namespace, { filter: w.filter });
      for (const obj of page.items) write(encode("ADDED", { apiVersion: store.apiVersion, kind: store.strategy.names.kind, ...obj }));
      lastRev = page.rev;
      if (w.sendInitialEvents && w.allowBookmarks) {
        write(JSON.stringify({ type: "BOOKMARK", object: bookmark(store, page.rev, true) }) + "\n");
      }
      watcher = store.backend.watch(store.prefix(w.namespace), { fromRev: page.rev, onEvent });
    } else {
      watcher = store.backend.watch(store.prefix(w.namespace), { fromRev: rv, onEvent });
    }
  } catch (e) {
    if (e instanceof CompactedError) {
      const status = StatusError.expired(e.message).status;
      res.write(JSON.stringify({ type: "ERROR", object: status }) + "\n");
      finish();
      return;
    }
    finish();
    throw e;
  }

  const timeoutMs = w.timeoutSeconds !== undefined && w.timeoutSeconds > 0 ? w.timeoutSeconds * 1000 : defaultTimeoutMs();
  timers.push(setTimeout(finish, timeoutMs));
  if (w.allowBookmarks) {
    timers.push(
      setInterval(() => {
        write(JSON.stringify({ type: "BOOKMARK", object: bookmark(store, Math.max(lastRev, store.backend.currentRevision()), false) }) + "\n");
      }, BOOKMARK_INTERVAL_MS),
    );
  }
}

// Every plain-JSON watcher of an event sends the same line: serialise and UTF-8 encode it once, not
// once per watcher.
let shared: { rev: number; type: string; chunk: Buffer } | undefined;
function sharedChunk(rev: number, type: string, object: KubeObject): Buffer {
  if (shared?.rev !== rev || shared.type !== type) {
    const line = Buffer.from(JSON.stringify({ type, object }) + "\n");
    shared = { rev, type, chunk: Buffer.concat([Buffer.from(`${line.length.toString(16)}\r\n`), line, Buffer.from("\r\n")]) };
  }
  return shared.chunk;
}

function bookmark(store: GenericStore, rev: number, initialEventsEnd: boolean): Record<string, unknown> {
  const metadata: Record<string, unknown> = { resourceVersion: String(rev) };
  if (initialEventsEnd) metadata.annotations = { "k8s.io/initial-events-end": "true" };
  return { kind: store.strategy.names.kind, apiVersion: store.apiVersion, metadata };
}
