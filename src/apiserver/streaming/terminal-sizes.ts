// Terminal resize events: kubectl writes JSON objects back to back on the resize stream
// (`{"Width":80,"Height":24}`, sometimes with a newline after each), the way Go's json.Decoder
// reads them; objects may arrive split across chunks or several in one. The stream is read as it
// comes even when nobody asks for sizes, so that a backend ignoring resizes never stalls the
// connection; a slow reader gets the newest size, not a backlog.
import type { Readable } from "node:stream";
import type { TerminalSize } from "./backend.ts";

export function terminalSizes(source: Readable): AsyncIterable<TerminalSize> {
  let text = "";
  let latest: TerminalSize | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  source.setEncoding("utf8");
  source.on("data", (chunk: string) => {
    text += chunk;
    let end: number;
    while ((end = objectEnd(text)) > 0) {
      latest = toSize(text.slice(0, end)) ?? latest;
      text = text.slice(end);
    }
    notify();
  });
  source.once("end", () => {
    ended = true;
    notify();
  });
  source.once("close", () => {
    ended = true;
    notify();
  });
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (latest) {
          const size = latest;
          latest = undefined;
          yield size;
        } else if (ended) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

/** Index just past the first complete top-level JSON object in `text`, or 0 if none yet. */
function objectEnd(text: string): number {
  const start = text.indexOf("{");
  if (start < 0) return 0;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i + 1;
  }
  return 0;
}

function toSize(text: string): TerminalSize | undefined {
  try {
    const v = JSON.parse(text.slice(text.indexOf("{"))) as { Width?: unknown; Height?: unknown };
    const width = Number(v.Width ?? 0);
    const height = Number(v.Height ?? 0);
    return Number.isInteger(width) && Number.isInteger(height) ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}
