import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonObject } from "../../../api/validation/json-access.ts";
import { resolveUser, type ResolvedUser } from "./container-user.ts";

const PASSWD = "root:x:0:0:root:/root:/bin/sh\nwww:x:33:33::/var/www:/bin/false\napp:x:1000:1001::/home/app:/bin/sh\n";
const GROUP = "root:x:0:\nwww:x:33:\napp:x:1001:\nextra:x:2000:app,www\n";

const pod = (sc: JsonObject = {}): JsonObject => ({ metadata: { name: "web-0", namespace: "default" }, spec: { securityContext: sc } });

const cases: Array<[string, JsonObject, JsonObject, string, ResolvedUser | RegExp]> = [
  ["image default is root", pod(), {}, "", { uid: 0, gid: 0, additionalGids: [] }],
  ["numeric image user takes its passwd group", pod(), {}, "33", { uid: 33, gid: 33, additionalGids: [2000] }],
  ["named image user", pod(), {}, "app", { uid: 1000, gid: 1001, additionalGids: [2000] }],
  ["image user with named group", pod(), {}, "app:www", { uid: 1000, gid: 33, additionalGids: [2000] }],
  ["image uid:gid without passwd entry", pod(), {}, "5000:6000", { uid: 5000, gid: 6000, additionalGids: [] }],
  ["unknown uid has group 0", pod(), {}, "5000", { uid: 5000, gid: 0, additionalGids: [] }],
  ["runAsUser wins over the image", pod(), { securityContext: { runAsUser: 33 } }, "app", { uid: 33, gid: 33, additionalGids: [2000] }],
  ["pod runAsUser and runAsGroup", pod({ runAsUser: 7, runAsGroup: 8 }), {}, "app", { uid: 7, gid: 8, additionalGids: [] }],
  ["container overrides pod", pod({ runAsUser: 7 }), { securityContext: { runAsUser: 1000 } }, "", { uid: 1000, gid: 1001, additionalGids: [2000] }],
  ["supplementalGroups and fsGroup", pod({ supplementalGroups: [10, 11], fsGroup: 12 }), {}, "", { uid: 0, gid: 0, additionalGids: [10, 11, 12] }],
  ["unknown user name", pod(), {}, "nobody", /unable to find user nobody/],
  ["unknown group name", pod(), {}, "app:nogroup", /unable to find group nogroup/],
  ["runAsNonRoot with root image", pod({ runAsNonRoot: true }), { name: "c" }, "", /container has runAsNonRoot and image will run as root \(pod: "default\/web-0", container: c\)/],
  ["runAsNonRoot with named image user", pod({ runAsNonRoot: true }), { name: "c" }, "app", /non-numeric user \(app\), cannot verify user is non-root/],
  ["runAsNonRoot with runAsUser 0", pod({ runAsNonRoot: true }), { name: "c", securityContext: { runAsUser: 0 } }, "33", /runAsUser breaks non-root policy/],
  ["runAsNonRoot satisfied", pod({ runAsNonRoot: true }), { name: "c" }, "1000", { uid: 1000, gid: 1001, additionalGids: [2000] }],
];

for (const [name, p, container, imageUser, want] of cases) {
  test(`resolveUser() ${name}`, () => {
    const run = () => resolveUser({ pod: p, container, imageUser, passwd: PASSWD, group: GROUP });
    if (want instanceof RegExp) assert.throws(run, want);
    else assert.deepEqual(run(), want);
  });
}
