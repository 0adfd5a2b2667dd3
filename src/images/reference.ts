// Image references as containerd and the kubelet normalize them: "busybox" is
// "docker.io/library/busybox:latest", "me/app:1" is "docker.io/me/app:1", a first component with
// a dot, a colon or "localhost" (or any uppercase letter) is a registry, and a digest pins content.

export interface ImageReference {
  /** "docker.io", "registry.local:5000", ... */
  domain: string;
  /** "library/busybox" */
  path: string;
  tag?: string;
  /** "sha256:<64 hex>" */
  digest?: string;
}

export class InvalidReferenceError extends Error {
  override name = "InvalidReferenceError";
}

const DEFAULT_DOMAIN = "docker.io";
const LEGACY_DOMAIN = "index.docker.io";
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_PART = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const MAX_NAME = 255;

/** Parses and normalizes; throws InvalidReferenceError with the reason. */
export function parseReference(ref: string): ImageReference {
  const fail = (why: string): never => {
    throw new InvalidReferenceError(`couldn't parse image name ${JSON.stringify(ref)}: ${why}`);
  };
  if (ref === "" || ref !== ref.trim()) fail("invalid reference format");
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) fail("invalid checksum digest format");
    if (digest.startsWith("sha256:") && !/^sha256:[0-9a-f]{64}$/.test(digest)) fail("invalid checksum digest length");
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) fail("invalid reference format");
  }
  let domain = DEFAULT_DOMAIN;
  let path = rest;
  const slash = rest.indexOf("/");
  const first = slash < 0 ? "" : rest.slice(0, slash);
  if (slash >= 0 && (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first)) {
    domain = first === LEGACY_DOMAIN ? DEFAULT_DOMAIN : first;
    path = rest.slice(slash + 1);
    if (!validDomain(domain)) fail("invalid reference format");
  }
  if (domain === DEFAULT_DOMAIN && !path.includes("/")) path = `library/${path}`;
  const components = path.split("/");
  if (components.some((c) => c.toLowerCase() === c && !COMPONENT.test(c))) fail("invalid reference format");
  if (components.some((c) => !COMPONENT.test(c))) fail("invalid reference format: repository name must be lowercase");
  if (`${domain}/${path}`.length > MAX_NAME) fail(`repository name must not be more than ${MAX_NAME} characters`);
  if (tag === undefined && digest === undefined) tag = "latest";
  return { domain, path, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

function validDomain(domain: string): boolean {
  const m = /^(\[[0-9a-fA-F:]+\]|[^:]+)(?::(\d+))?$/.exec(domain);
  if (!m) return false;
  return m[1].startsWith("[") || m[1].split(".").every((p) => DOMAIN_PART.test(p));
}

/** "docker.io/library/busybox" */
export function repositoryOf(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** "docker.io/library/busybox:latest", with "@sha256:..." when pinned. */
export function formatReference(ref: ImageReference): string {
  return `${repositoryOf(ref)}${ref.tag !== undefined ? `:${ref.tag}` : ""}${ref.digest !== undefined ? `@${ref.digest}` : ""}`;
}

export function normalizeReference(ref: string): string {
  return formatReference(parseReference(ref));
}

/** An image ID as `ordinal image` and the kubelet accept it: "sha256:<64 hex>". */
export function isImageID(ref: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(ref);
}
