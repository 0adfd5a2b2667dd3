// $(VAR) expansion of exec probe commands. The kubelet expands them from the container's env
// entries only as written in the spec: a variable set through valueFrom expands to "" and one
// that is not listed stays "$(VAR)". "$$" is an escaped "$".
import { arr, obj, str, type JsonObject } from "../../api/validation/json-access.ts";

function staticEnv(container: JsonObject): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of arr(container.env)) {
    const entry = obj(e);
    if (entry) env.set(str(entry.name), str(entry.value));
  }
  return env;
}

export function expandVariables(input: string, env: ReadonlyMap<string, string>): string {
  let out = "";
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c !== "$" || i + 1 >= input.length) {
      out += c;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
    } else if (next === "(") {
      const close = input.indexOf(")", i + 2);
      if (close < 0) {
        out += "$(";
        i += 2;
        continue;
      }
      const name = input.slice(i + 2, close);
      out += env.get(name) ?? `$(${name})`;
      i = close + 1;
    } else {
      out += c + next;
      i += 2;
    }
  }
  return out;
}

/** The exec probe command with the container's static env expanded. */
export function expandCommand(command: readonly string[], container: JsonObject): string[] {
  const env = staticEnv(container);
  return command.map((part) => expandVariables(part, env));
}
