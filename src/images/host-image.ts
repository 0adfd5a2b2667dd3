// Host-derived images for machines with no registry: the host's root filesystem is the bottom
// layer (referenced, never copied; read-only and copy-on-write per container through overlayfs),
// an optional top layer holds the files of a directory, and the config comes from flags.
// The pod sees every file of the host, secrets included: see README.md.
import { stat } from "node:fs/promises";
import type { ImageConfig } from "./image-config.ts";
import type { ImageStore, ImportedImage } from "./image-store.ts";
import { packDirectory } from "./pack-directory.ts";

export interface HostImageOptions {
  /** "NAME:TAG" */
  name: string;
  entrypoint?: string;
  /** "KEY=value" */
  env?: string[];
  workdir?: string;
  /** A directory whose contents are laid over "/": DIR/srv/app becomes /srv/app. */
  add?: string;
  cmd?: string[];
}

export const DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export async function createHostImage(store: ImageStore, options: HostImageOptions): Promise<ImportedImage> {
  const env = options.env ?? [];
  for (const e of env) if (!/^[^=]+=/.test(e)) throw new Error(`--env ${JSON.stringify(e)} is not KEY=value`);
  if (options.entrypoint !== undefined && !options.entrypoint.startsWith("/")) {
    throw new Error(`--entrypoint ${JSON.stringify(options.entrypoint)} must be an absolute path`);
  }
  if (options.workdir !== undefined && !options.workdir.startsWith("/")) {
    throw new Error(`--workdir ${JSON.stringify(options.workdir)} must be an absolute path`);
  }
  if (options.add !== undefined && !(await stat(options.add).catch(() => undefined))?.isDirectory()) {
    throw new Error(`--add ${JSON.stringify(options.add)} is not a directory`);
  }
  const config: ImageConfig = {
    env: env.some((e) => e.startsWith("PATH=")) ? env : [DEFAULT_PATH, ...env],
    exposedPorts: [],
    labels: {},
    ...(options.entrypoint !== undefined && { entrypoint: [options.entrypoint] }),
    ...(options.cmd !== undefined && options.cmd.length > 0 && { cmd: options.cmd }),
    ...(options.workdir !== undefined && { workingDir: options.workdir }),
  };
  return store.create({
    config,
    base: "host",
    layers: options.add !== undefined ? [packDirectory(options.add)] : [],
    names: [options.name],
  });
}
