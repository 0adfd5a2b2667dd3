// The one contract every Backend passes (after hono's shared case files and kine's use of the
// upstream storage tests): call runBackendContract from each implementation's test file.
import { describe } from "node:test";
import type { MakeBackend } from "./contract/harness.ts";
import { listContract } from "./contract/list-contract.ts";
import { watchContract } from "./contract/watch-contract.ts";
import { writeContract } from "./contract/write-contract.ts";

export type { BackendFixture, ContractOptions, MakeBackend } from "./contract/harness.ts";

/**
 * Registers the contract tests under `name`. `make` builds a fresh, empty backend with the given
 * retention options; `reopen`, when given, opens a new backend over the same storage, and the suite
 * then also checks that state, revisions and history survive the restart.
 */
export function runBackendContract(name: string, make: MakeBackend): void {
  describe(name, () => {
    writeContract(make);
    listContract(make);
    watchContract(make);
  });
}
