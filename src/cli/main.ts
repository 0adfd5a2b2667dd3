// bin/ordinal: the command line.
const USAGE = `Usage: ordinal COMMAND [options]

Commands:
  up       start the control plane (--detach to run in the background)
  down     stop it
  status   tell whether it runs and is ready
  bench    run a benchmark (bench api|statefulset|pods [--quick] [--json])
  image    manage node images (image import FILE, ls, rm REF, busybox, host NAME:TAG ...)

State lives in $ORDINAL_HOME (default ~/.ordinal).`;

type Command = (argv: string[]) => Promise<number>;

/**
 * Only the chosen command's code is loaded: the server that `up` runs stays resident for hours, and
 * the image and bench commands (and `down --purge`'s cleanup) would add nothing to it but memory.
 */
const commands: Record<string, () => Promise<Command>> = {
  up: async () => (await import("./commands/up.ts")).up,
  down: async () => (await import("./commands/down.ts")).down,
  status: async () => (await import("./commands/status.ts")).status,
  bench: async () => (await import("./commands/bench.ts")).bench,
  image: async () => (await import("./commands/image.ts")).image,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    console.error(`ordinal: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  const command = await load();
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`ordinal: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
