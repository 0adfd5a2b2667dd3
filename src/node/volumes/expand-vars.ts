// `$(VAR)` references in env values, command, args and subPathExpr, with the kubelet's rules: `$$`
// is an escaped `$`, an unknown or unterminated reference stays as written, and any other `$` is
// kept along with the character after it.
import { arr, str, type JsonObject } from "../../api/validation/json-access.ts";

export interface EnvVar {
  name: string;
  value: string;
}

/** What a name maps to; undefined leaves the reference as written. */
export type VarLookup = (name: string) => string | undefined;

/** Replaces each `$(name)` in `input` by `lookup(name)`, or keeps `$(name)` when that is undefined. */
export function expandVars(input: string, lookup: VarLookup): string {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === "$") {
      out += "$";
    } else if (next === "(") {
      const close = input.indexOf(")", cursor + 2);
      if (close === -1) {
        out += "$(";
      } else {
        const name = input.slice(cursor + 2, close);
        out += lookup(name) ?? `$(${name})`;
        advance = close - cursor;
      }
    } else {
      out += `$${next}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** The first map holding the name wins, as the kubelet's mapping over declared then service vars. */
export function lookupIn(...maps: ReadonlyArray<ReadonlyMap<string, string>>): VarLookup {
  return (name) => {
    for (const m of maps) {
      const v = m.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

export const envMap = (env: readonly EnvVar[]): Map<string, string> => new Map(env.map((e) => [e.name, e.value]));

/** The container's command and args with references to its final environment expanded. */
export function expandCommandAndArgs(container: JsonObject, env: readonly EnvVar[]): { command: string[]; args: string[] } {
  const lookup = lookupIn(envMap(env));
  return {
    command: arr(container.command).map((c) => expandVars(str(c), lookup)),
    args: arr(container.args).map((a) => expandVars(str(a), lookup)),
  };
}

/** volumeMounts[].subPathExpr expanded; a reference to an unset or empty variable is an error. */
export function expandSubPathExpr(expr: string, env: readonly EnvVar[]): string {
  const vars = envMap(env);
  const missing = new Set<string>();
  const expanded = expandVars(expr, (name) => {
    const v = vars.get(name);
    if (!v) missing.add(name);
    return v ?? "";
  });
  if (missing.size > 0) throw new Error(`missing value for ${[...missing].sort().join(", ")}`);
  return expanded;
}
