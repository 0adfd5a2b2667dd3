// Image names as a containerd-backed kubelet reports them: fully qualified, with a tag, and an
// imageID pinned by digest. The sim derives the digest from the name, so it is stable.
import { createHash } from "node:crypto";

/** "nginx" -> "docker.io/library/nginx:latest"; "quay.io/a/b@sha256:..." stays as it is. */
export function normalizeImage(image: string): string {
  const slash = image.indexOf("/");
  const first = slash < 0 ? "" : image.slice(0, slash);
  const hasDomain = first !== "" && (first.includes(".") || first.includes(":") || first === "localhost");
  let name = hasDomain ? image : `docker.io/${image}`;
  if (!hasDomain && slash < 0) name = `docker.io/library/${image}`;
  const lastPart = name.slice(name.lastIndexOf("/") + 1);
  if (!lastPart.includes(":") && !lastPart.includes("@")) name += ":latest";
  return name;
}

export function simImageID(image: string): string {
  const normalized = normalizeImage(image);
  const at = normalized.indexOf("@");
  if (at >= 0) return normalized;
  const repo = normalized.slice(0, normalized.lastIndexOf(":"));
  return `${repo}@sha256:${createHash("sha256").update(normalized).digest("hex")}`;
}
