// Splits an API path into what it addresses. Pure.

export type Route =
  | { type: "resource"; group: string; version: string; namespace?: string; plural: string; name?: string; subresource?: string; subpath?: string }
  | { type: "discovery-root"; legacy: boolean } // /api or /apis
  | { type: "discovery-group"; group: string } // /apis/<group>
  | { type: "discovery-gv"; group: string; version: string } // /api/v1, /apis/<g>/<v>
  | { type: "not-found" };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split("/").filter((p, i) => i > 0 && p !== "").map((p) => decodeURIComponent(p));
  // Trailing segments after a subresource (proxy paths) are kept verbatim.
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === "api") {
    if (parts.length === 1) return { type: "discovery-root", legacy: true };
    group = "";
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === "apis") {
    if (parts.length === 1) return { type: "discovery-root", legacy: false };
    if (parts.length === 2) return { type: "discovery-group", group: parts[1] };
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return { type: "not-found" };
  }
  if (rest.length === 0) return { type: "discovery-gv", group, version };
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  } else if (rest[0] === "namespaces" && rest.length === 2) {
    return { type: "resource", group, version, plural: "namespaces", name: rest[1] };
  }
  const [plural, name, subresource, ...sub] = rest;
  if (namespace !== undefined && plural === undefined) return { type: "not-found" };
  const route: Route = { type: "resource", group, version, plural };
  if (namespace !== undefined) route.namespace = namespace;
  if (name !== undefined) route.name = name;
  if (subresource !== undefined) route.subresource = subresource;
  if (sub.length) route.subpath = sub.join("/");
  // /api/v1/namespaces/<ns>/status and /finalize address the namespace itself.
  if (namespace !== undefined && group === "" && (plural === "status" || plural === "finalize") && name === undefined) {
    return { type: "resource", group, version, plural: "namespaces", name: namespace, subresource: plural };
  }
  return route;
}
