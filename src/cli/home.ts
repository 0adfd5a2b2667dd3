import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** $ORDINAL_HOME, default ~/.ordinal. */
export function ordinalHome(): string {
  return resolve(process.env.ORDINAL_HOME || join(homedir(), ".ordinal"));
}

export const pidFile = (home: string) => join(home, "ordinal.pid");
export const logFile = (home: string) => join(home, "ordinal.log");
