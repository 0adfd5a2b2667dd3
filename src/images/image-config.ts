// The parts of an OCI/docker image configuration a container runtime uses, and the JSON for
// images made on this machine. Field names in the JSON are the OCI image spec's.

export interface ImageConfig {
  entrypoint?: string[];
  cmd?: string[];
  /** "KEY=value" */
  env: string[];
  workingDir?: string;
  user?: string;
  /** "80/tcp" */
  exposedPorts: string[];
  labels: Record<string, string>;
  stopSignal?: string;
}

export interface ParsedImageConfig {
  config: ImageConfig;
  /** sha256 of each uncompressed layer, bottom to top. */
  diffIDs: string[];
  created?: string;
  architecture?: string;
  os?: string;
}

export class ImageFormatError extends Error {
  override name = "ImageFormatError";
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function parseImageConfig(bytes: Buffer, what = "image config"): ParsedImageConfig {
  const doc = parseJson(bytes, what);
  const fail = (why: string): never => {
    throw new ImageFormatError(`${what}: ${why}`);
  };
  const rootfs = object(doc.rootfs) ?? fail("rootfs is missing");
  if (rootfs.type !== "layers") fail(`rootfs.type is ${JSON.stringify(rootfs.type)}, not "layers"`);
  const diffIDs = Array.isArray(rootfs.diff_ids) ? rootfs.diff_ids : fail("rootfs.diff_ids is missing");
  for (const d of diffIDs) if (typeof d !== "string" || !DIGEST.test(d)) fail(`unsupported diff_id ${JSON.stringify(d)}`);
  const c = object(doc.config) ?? {};
  const strings = (v: unknown, field: string): string[] | undefined => {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) fail(`config.${field} must be a list of strings`);
    return v as string[];
  };
  const text = (v: unknown, field: string): string | undefined => {
    if (v === undefined || v === null || v === "") return undefined;
    return typeof v === "string" ? v : fail(`config.${field} must be a string`);
  };
  const labels = object(c.Labels) ?? {};
  const config: ImageConfig = {
    entrypoint: strings(c.Entrypoint, "Entrypoint"),
    cmd: strings(c.Cmd, "Cmd"),
    env: strings(c.Env, "Env") ?? [],
    workingDir: text(c.WorkingDir, "WorkingDir"),
    user: text(c.User, "User"),
    exposedPorts: Object.keys(object(c.ExposedPorts) ?? {}).sort(),
    labels: Object.fromEntries(Object.entries(labels).filter(([, v]) => typeof v === "string")) as Record<string, string>,
    stopSignal: text(c.StopSignal, "StopSignal"),
  };
  for (const k of Object.keys(config) as (keyof ImageConfig)[]) if (config[k] === undefined) delete config[k];
  return {
    config,
    diffIDs: diffIDs as string[],
    ...(typeof doc.created === "string" && { created: doc.created }),
    ...(typeof doc.architecture === "string" && { architecture: doc.architecture }),
    ...(typeof doc.os === "string" && { os: doc.os }),
  };
}

/** The configuration JSON of an image built here; stable for the same input, so its ID is too. */
export function buildImageConfig(config: ImageConfig, diffIDs: string[], created = "1970-01-01T00:00:00Z"): Buffer {
  const doc = {
    architecture: goArch(),
    os: "linux",
    created,
    config: {
      ...(config.user && { User: config.user }),
      ...(config.exposedPorts.length > 0 && { ExposedPorts: Object.fromEntries(config.exposedPorts.map((p) => [p, {}])) }),
      ...(config.env.length > 0 && { Env: config.env }),
      ...(config.entrypoint && { Entrypoint: config.entrypoint }),
      ...(config.cmd && { Cmd: config.cmd }),
      ...(config.workingDir && { WorkingDir: config.workingDir }),
      ...(Object.keys(config.labels).length > 0 && { Labels: config.labels }),
      ...(config.stopSignal && { StopSignal: config.stopSignal }),
    },
    rootfs: { type: "layers", diff_ids: diffIDs },
  };
  return Buffer.from(JSON.stringify(doc));
}

/** This machine's architecture as OCI platforms name it. */
export function goArch(): string {
  const names: Record<string, string> = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };
  return names[process.arch] ?? process.arch;
}

export function parseJson(bytes: Buffer, what: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    throw new ImageFormatError(`${what} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return object(doc) ?? (() => {
    throw new ImageFormatError(`${what} is not a JSON object`);
  })();
}

export function object(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
