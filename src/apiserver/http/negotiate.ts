// Content negotiation for the media types kubectl and client-node send. Pure.

export interface MediaRange {
  type: string; // "application/json"
  params: Record<string, string>;
}

export function parseMediaRanges(header: string | undefined): MediaRange[] {
  if (!header) return [];
  return header.split(",").map((part) => {
    const [type, ...params] = part.split(";").map((p) => p.trim());
    const out: MediaRange = { type: type.toLowerCase(), params: {} };
    for (const p of params) {
      const eq = p.indexOf("=");
      if (eq > 0) out.params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, "");
    }
    return out;
  });
}

export type ResponseShape =
  | { kind: "object" }
  | { kind: "table"; version: "v1" | "v1beta1" }
  | { kind: "partial"; version: "v1" | "v1beta1" };

function isJsonish(type: string): boolean {
  return type === "application/json" || type === "*/*" || type === "application/*" || type === "application/vnd.kubernetes.protobuf" || type === "application/yaml";
}

/** The first range the server can produce wins (clients list them in preference order). */
export function responseShape(accept: string | undefined): ResponseShape {
  for (const r of parseMediaRanges(accept)) {
    if (r.type !== "application/json") {
      if (isJsonish(r.type)) return { kind: "object" };
      continue;
    }
    const as = r.params["as"];
    if (!as) return { kind: "object" };
    if (r.params["g"] !== "meta.k8s.io") continue;
    const v = r.params["v"];
    if (v !== "v1" && v !== "v1beta1") continue;
    if (as === "Table") return { kind: "table", version: v };
    if (as === "PartialObjectMetadata" || as === "PartialObjectMetadataList") return { kind: "partial", version: v };
  }
  return { kind: "object" };
}

/** Aggregated discovery only when that exact version is asked for (spec §1.3). */
export function aggregatedDiscoveryVersion(accept: string | undefined): "v2" | "v2beta1" | undefined {
  for (const r of parseMediaRanges(accept)) {
    if (r.type !== "application/json") continue;
    if (r.params["as"] === "APIGroupDiscoveryList" && r.params["g"] === "apidiscovery.k8s.io") {
      if (r.params["v"] === "v2" || r.params["v"] === "v2beta1") return r.params["v"];
      continue;
    }
    if (!r.params["as"]) return undefined;
  }
  return undefined;
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}
