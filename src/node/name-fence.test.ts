import { test } from "node:test";
import assert from "node:assert/strict";
import { NameFence } from "./name-fence.ts";

test("NameFence lets a new UID for a name in only after the old one is released", () => {
  const fence = new NameFence();
  let woken = 0;
  assert.equal(fence.acquire("default/web-0", "old", () => {}), true);
  assert.equal(fence.acquire("default/web-0", "old", () => {}), true, "the holder may ask again");
  assert.equal(fence.acquire("default/web-0", "new", () => woken++), false);
  fence.release("default/web-0", "new");
  assert.equal(woken, 0, "only the holder can release");
  fence.release("default/web-0", "old");
  assert.equal(woken, 1);
  assert.equal(fence.acquire("default/web-0", "new", () => {}), true);
  assert.equal(fence.holder("default/web-0"), "new");
});
