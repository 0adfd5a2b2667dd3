// The arguments of `ordinal image SUBCOMMAND ...`, parsed without touching the store.
import type { HostImageOptions } from "./host-image.ts";

export type ImageCommand =
  | { command: "help" }
  | { command: "import"; file: string; name?: string }
  | { command: "ls" }
  | { command: "rm"; refs: string[] }
  | { command: "host"; options: HostImageOptions }
  | { command: "busybox"; name: string };

export class UsageError extends Error {
  override name = "UsageError";
}

export const IMAGE_USAGE = `Usage: ordinal image COMMAND

Commands:
  import FILE [--name NAME:TAG]   import an OCI image layout (directory or tar) or a docker save archive
  ls                              list images
  rm REF...                       remove names, or images by ID
  busybox [NAME:TAG]              build a small image from Debian's busybox-static (default busybox:latest)
  host NAME:TAG [--entrypoint PATH] [--env K=V]... [--workdir DIR] [--add DIR] [-- CMD ARG...]
                                  make an image whose base layer is this host's root filesystem
                                  (read-only, copy-on-write per container: the pod sees the host's files)

Images live in $ORDINAL_HOME/images.`;

export function parseImageArgs(argv: string[]): ImageCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      return { command: "help" };
    case "import": {
      const { positional, flags } = split(rest, ["--name"], []);
      const [file, ...extra] = positional;
      if (!file || extra.length > 0) throw new UsageError("image import takes one FILE");
      return { command: "import", file, ...(flags.get("--name") && { name: flags.get("--name")![0] }) };
    }
    case "ls":
    case "list":
      if (rest.length > 0) throw new UsageError(`image ls takes no arguments`);
      return { command: "ls" };
    case "rm":
    case "remove":
      if (rest.length === 0) throw new UsageError("image rm needs at least one REF");
      return { command: "rm", refs: rest };
    case "busybox": {
      if (rest.length > 1) throw new UsageError("image busybox takes at most one NAME:TAG");
      return { command: "busybox", name: rest[0] ?? "busybox:latest" };
    }
    case "host": {
      const dash = rest.indexOf("--");
      const own = dash < 0 ? rest : rest.slice(0, dash);
      const cmd = dash < 0 ? undefined : rest.slice(dash + 1);
      const { positional, flags } = split(own, ["--entrypoint", "--workdir", "--add"], ["--env"]);
      if (positional.length !== 1) throw new UsageError("image host takes one NAME:TAG (the command goes after --)");
      const one = (f: string) => flags.get(f)?.[0];
      return {
        command: "host",
        options: {
          name: positional[0],
          ...(one("--entrypoint") !== undefined && { entrypoint: one("--entrypoint") }),
          ...(flags.has("--env") && { env: flags.get("--env") }),
          ...(one("--workdir") !== undefined && { workdir: one("--workdir") }),
          ...(one("--add") !== undefined && { add: one("--add") }),
          ...(cmd !== undefined && { cmd }),
        },
      };
    }
    default:
      throw new UsageError(`unknown image command ${JSON.stringify(command)}`);
  }
}

/** Splits flags ("--f V" or "--f=V") from positional arguments; `repeated` flags may recur. */
function split(args: string[], single: string[], repeated: string[]): { positional: string[]; flags: Map<string, string[]> } {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (!single.includes(flag) && !repeated.includes(flag)) throw new UsageError(`unknown flag ${flag}`);
    const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flags.has(flag) && single.includes(flag)) throw new UsageError(`${flag} given twice`);
    flags.set(flag, [...(flags.get(flag) ?? []), value]);
  }
  return { positional, flags };
}
