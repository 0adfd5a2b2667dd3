import type { DatabaseSync } from "node:sqlite";

/** Runs `fn` inside BEGIN/COMMIT; rolls back and rethrows if anything fails, COMMIT included. */
export function inTransaction(db: DatabaseSync, fn: () => void): void {
  db.exec("BEGIN");
  try {
    fn();
    db.exec("COMMIT");
  } catch (err) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw err;
  }
}
