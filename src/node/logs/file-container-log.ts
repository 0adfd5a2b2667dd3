// One container instance's log file as the API's pods/log reads it (streaming/backend.ts's
// ContainerLog): read() gives the records on file now, follow() those written afterwards. Like the
// kubelet, only the live file is read, not rotated ones; following moves on to the new file when
// the writer rotates (after draining what was still written to the old one), and ends once the
// container no longer runs and everything it wrote has been given. Lines that are not CRI
// records are skipped.
import { watch, type FSWatcher } from "node:fs";
import { open, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { ContainerLog, LogRecord } from "../../apiserver/streaming/backend.ts";
import { formatLogTime, parseCriLine } from "./cri-log.ts";

export interface FileContainerLogOptions {
  /** Asked when following reaches the end of the file; false ends following once the rest is read. */
  isRunning: () => boolean | Promise<boolean>;
  /** How long following waits for a change before looking again anyway; default 1 s, as the kubelet. */
  recheckMs?: number;
}

const BLOCK = 64 * 1024;
const NL = 0x0a;

interface Cursor {
  file: FileHandle;
  ino: number;
  position: number;
  /** Bytes of a line whose newline has not been read yet. */
  pending: Buffer;
}

async function openCursor(path: string): Promise<Cursor | undefined> {
  try {
    const file = await open(path, "r");
    return { file, ino: (await file.stat()).ino, position: 0, pending: Buffer.alloc(0) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/** Complete lines (without newlines) from the cursor to the current end of its file. */
async function readLines(c: Cursor): Promise<Buffer[]> {
  const lines: Buffer[] = [];
  const buf = Buffer.alloc(BLOCK);
  for (;;) {
    const { bytesRead } = await c.file.read(buf, 0, BLOCK, c.position);
    if (bytesRead === 0) return lines;
    c.position += bytesRead;
    let data = Buffer.concat([c.pending, buf.subarray(0, bytesRead)]);
    for (let i = data.indexOf(NL); i >= 0; i = data.indexOf(NL)) {
      lines.push(data.subarray(0, i));
      data = data.subarray(i + 1);
    }
    c.pending = Buffer.from(data);
  }
}

function* records(lines: Buffer[]): Generator<LogRecord> {
  for (const line of lines) {
    const r = parseCriLine(line);
    if (r) yield { time: formatLogTime(r.time), stream: r.stream, line: r.content, ...(r.partial ? { partial: true } : {}) };
  }
}

/** Wakes a follower when something happens to its log file (written, renamed, created). */
class LogChanges {
  readonly #watcher: FSWatcher | undefined;
  #wake: (() => void) | undefined;

  constructor(path: string) {
    const name = basename(path);
    try {
      this.#watcher = watch(dirname(path), (_event, file) => {
        if (file === null || file.startsWith(name)) this.#wake?.();
      });
      this.#watcher.on("error", () => this.#watcher?.close());
    } catch {
      this.#watcher = undefined; // the timeout alone then paces following
    }
  }

  /** Resolves on the next change, after `ms`, or when `signal` aborts. */
  next(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
      signal.addEventListener("abort", done, { once: true });
    });
  }

  close(): void {
    this.#watcher?.close();
  }
}

/** Where reading stopped, kept between read() and follow(); the file itself is opened by each. */
interface Position {
  ino: number;
  position: number;
  pending: Buffer;
}

export class FileContainerLog implements ContainerLog {
  readonly path: string;
  readonly #opts: FileContainerLogOptions;
  #at: Position | undefined;

  constructor(path: string, opts: FileContainerLogOptions) {
    this.path = path;
    this.#opts = opts;
  }

  async *read(): AsyncGenerator<LogRecord> {
    const cursor = await this.#resume(false);
    if (!cursor) return;
    try {
      yield* records(await readLines(cursor));
    } finally {
      this.#at = { ino: cursor.ino, position: cursor.position, pending: cursor.pending };
      await cursor.file.close();
    }
  }

  async *follow(signal: AbortSignal): AsyncGenerator<LogRecord> {
    let cursor = await this.#resume(true);
    const changes = new LogChanges(this.path);
    let next: Cursor | undefined;
    let stopping = false;
    try {
      for (;;) {
        if (signal.aborted) return;
        if (cursor) yield* records(await readLines(cursor));
        if (stopping) return;
        if (next) {
          await cursor?.file.close();
          cursor = next;
          next = undefined;
          continue;
        }
        // A rotated file may still have taken writes since the last read: one more pass reads them.
        next = await replacement(this.path, cursor?.ino);
        if (next) continue;
        if (!(await this.#opts.isRunning())) {
          stopping = true; // one more pass reads what was written before it stopped
          continue;
        }
        await changes.next(this.#opts.recheckMs ?? 1000, signal);
      }
    } finally {
      changes.close();
      await next?.file.close();
      if (cursor) this.#at = { ino: cursor.ino, position: cursor.position, pending: cursor.pending };
      await cursor?.file.close();
    }
  }

  /**
   * The file opened where the last read stopped. Never read: from the start, or for following
   * from the end. Rotated since: the new file from its start.
   */
  async #resume(following: boolean): Promise<Cursor | undefined> {
    const cursor = await openCursor(this.path);
    if (!cursor) return undefined;
    if (this.#at?.ino === cursor.ino) {
      cursor.position = this.#at.position;
      cursor.pending = this.#at.pending;
    } else if (!this.#at && following) {
      cursor.position = (await cursor.file.stat()).size;
    }
    return cursor;
  }
}

/** A cursor on the file now at `path` when it is not the one with inode `ino` (rotated, or created). */
async function replacement(path: string, ino: number | undefined): Promise<Cursor | undefined> {
  try {
    if ((await stat(path)).ino === ino) return undefined;
  } catch {
    return undefined;
  }
  return openCursor(path);
}

/** The end of a log as the kubelet quotes it for FallbackToLogsOnError: the last lines, at most `maxBytes`. */
export async function lastLogLines(path: string, lines: number, maxBytes: number): Promise<string> {
  const log = new FileContainerLog(path, { isRunning: () => false });
  const ring: LogRecord[] = [];
  try {
    for await (const r of log.read()) {
      ring.push(r);
      if (ring.length > lines) ring.shift();
    }
  } catch {
    return "";
  }
  const text = Buffer.concat(ring.map((r) => Buffer.concat([Buffer.from(r.line), Buffer.from(r.partial ? "" : "\n")])));
  return text.subarray(0, maxBytes).toString("utf8");
}
