// The port of an httpGet or tcpSocket action: a number, the name of one of the container's
// ports, or failing that a number written as a string.
import { arr, obj, str, type JsonObject } from "../../api/validation/json-access.ts";

/** Resolves `port`; throws an Error with upstream's text when it names nothing usable. */
export function resolveContainerPort(port: unknown, container: JsonObject): number {
  let n: number;
  if (typeof port === "number") {
    n = port;
  } else if (typeof port === "string") {
    const named = arr(container.ports).map((p) => obj(p) ?? {}).find((p) => str(p.name) === port);
    if (named) n = typeof named.containerPort === "number" ? named.containerPort : 0;
    else if (/^[+-]?\d+$/.test(port)) n = Number(port);
    else throw new Error(`strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);
  } else {
    throw new Error(`intOrString had no kind: ${JSON.stringify(port ?? null)}`);
  }
  if (Number.isInteger(n) && n > 0 && n < 65536) return n;
  throw new Error(`invalid port number: ${n}`);
}
