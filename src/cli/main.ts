// bin/ordinal: the command line.
import { down } from "./commands/down.ts";
import { status } from "./commands/status.ts";
import { up } from "./commands/up.ts";
import { bench } from "./commands/bench.ts";
import { image } from "./commands/image.ts";

const USAGE = `Usage: ordinal COMMAND [options]

Commands:
  up       start the control plane (--detach to run in the background)
  down     stop it
  status   tell whether it runs and is ready
  bench    run a benchmark (bench api|statefulset|pods [--quick] [--json])
  image    manage node images (image import FILE, ls, rm REF, busybox, host NAME:TAG ...)

State lives in $ORDINAL_HOME (default ~/.ordinal).`;

const commands: Record<string, (argv: string[]) => Promise<number>> = { up, down, status, bench, image };

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`ordinal: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`ordinal: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
