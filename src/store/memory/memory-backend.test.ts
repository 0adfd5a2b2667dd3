import { runBackendContract } from "../backend-contract.ts";
import { MemoryBackend } from "./memory-backend.ts";

runBackendContract("MemoryBackend", async (opts) => ({ backend: new MemoryBackend(opts), cleanup: async () => {} }));
