// `ordinal image import|ls|rm|busybox|host`: the node's image store in $ORDINAL_HOME/images.
import { ordinalHome } from "../home.ts";
import { buildBusyboxImage } from "../../images/busybox-image.ts";
import { createHostImage } from "../../images/host-image.ts";
import { HostToolError } from "../../images/host-tools.ts";
import { IMAGE_USAGE, parseImageArgs, UsageError, type ImageCommand } from "../../images/image-args.ts";
import { ImageFormatError } from "../../images/image-config.ts";
import { ImageNotFoundError, ImageStore, type ImportedImage } from "../../images/image-store.ts";
import { formatImageTable } from "../../images/image-table.ts";
import { LayerError } from "../../images/layer-unpack.ts";
import { InvalidReferenceError } from "../../images/reference.ts";
import { TarError } from "../../images/tar-reader.ts";

/** Errors that are the user's input or the archive's content: a message, no stack. */
const EXPECTED = [UsageError, ImageFormatError, ImageNotFoundError, InvalidReferenceError, LayerError, TarError, HostToolError];

export async function image(argv: string[]): Promise<number> {
  let cmd: ImageCommand;
  try {
    cmd = parseImageArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`ordinal image: ${e.message}\n\n${IMAGE_USAGE}`);
    return 2;
  }
  if (cmd.command === "help") {
    console.log(IMAGE_USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  if (cmd.command !== "ls" && process.getuid?.() !== 0) {
    console.error("ordinal image: must run as root (layers keep their owners and device nodes)");
    return 1;
  }
  const store = ImageStore.forHome(ordinalHome());
  try {
    await execute(store, cmd);
    return 0;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (!EXPECTED.some((type) => e instanceof type) && err.code === undefined) throw e;
    console.error(`ordinal image: ${err.code === "ENOENT" && err.path ? `${err.path}: no such file or directory` : err.message}`);
    return 1;
  }
}

async function execute(store: ImageStore, cmd: ImageCommand): Promise<void> {
  switch (cmd.command) {
    case "import":
      for (const i of await store.import(cmd.file, { name: cmd.name })) printLoaded(i);
      return;
    case "ls":
      console.log(formatImageTable(await store.list()));
      return;
    case "rm":
      for (const ref of cmd.refs) {
        const result = await store.remove(ref);
        for (const name of result.untagged) console.log(`Untagged: ${name}`);
        for (const id of result.deleted) console.log(`Deleted: ${id}`);
      }
      return;
    case "busybox":
      printLoaded(await buildBusyboxImage(store, cmd.name));
      return;
    case "host":
      printLoaded(await createHostImage(store, cmd.options));
      return;
  }
}

function printLoaded(i: ImportedImage): void {
  if (i.names.length === 0) console.log(`Loaded image ID: ${i.id}`);
  for (const name of i.names) console.log(`Loaded image: ${name} (${i.id.slice(7, 19)})`);
}
