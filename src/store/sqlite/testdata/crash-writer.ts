// Creates keys from eight concurrent writers until killed, printing "<rev> <key>" for each
// acknowledged create. Used by sqlite-backend.test.ts to SIGKILL a writer mid-stream.
import { SqliteBackend } from "../sqlite-backend.ts";

const backend = SqliteBackend.open(process.argv[2]);
let next = 0;

async function writer(): Promise<never> {
  for (;;) {
    const key = `/registry/core/pods/crash/p${next++}`;
    const [kv] = await backend.txn([{ op: "create", key, value: { metadata: { name: key }, pad: "x".repeat(800) } }]);
    process.stdout.write(`${kv.rev} ${key}\n`);
  }
}

for (let i = 0; i < 8; i++) void writer();
