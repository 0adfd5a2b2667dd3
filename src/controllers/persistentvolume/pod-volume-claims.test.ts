import { test } from "node:test";
import assert from "node:assert/strict";
import { claim, storageClass, withAnnotation, withClass } from "./_binder-fixtures.ts";
import { checkPodClaims, claimsToAnnotateForNode } from "./pod-volume-claims.ts";
import { annSelectedNode, type Pod } from "./volume-types.ts";

const pod: Pod = {
  metadata: { name: "web-0", namespace: "default" },
  spec: {
    volumes: [
      { name: "a", persistentVolumeClaim: { claimName: "late-unbound" } },
      { name: "b", persistentVolumeClaim: { claimName: "late-annotated" } },
      { name: "c", persistentVolumeClaim: { claimName: "now-unbound" } },
      { name: "d", persistentVolumeClaim: { claimName: "bound" } },
      { name: "e", persistentVolumeClaim: { claimName: "absent" } },
      { name: "f", emptyDir: {} },
    ],
  },
};
const classes = [storageClass("late", "rancher.io/local-path", { volumeBindingMode: "WaitForFirstConsumer" }), storageClass("standard", "k8s.io/minikube-hostpath")];
const claims = [
  ...withClass("late", [claim("late-unbound", "u1", "1Gi", "", "Pending")]),
  ...withAnnotation(annSelectedNode, "ordinal-0", withClass("late", [claim("late-annotated", "u2", "1Gi", "", "Pending")])),
  ...withClass("standard", [claim("now-unbound", "u3", "1Gi", "", "Pending")]),
  ...withClass("standard", [claim("bound", "u4", "1Gi", "pvc-u4", "Bound")]),
  ...withClass("late", [{ ...claim("late-unbound", "u5", "1Gi", "", "Pending"), metadata: { name: "late-unbound", namespace: "other", uid: "u5" } }]),
];

test("checkPodClaims() sorts a pod's claims into missing, unbound immediate and to annotate", () => {
  const check = checkPodClaims(pod, claims, classes, "ordinal-0");
  assert.deepEqual(check.missing, ["absent"]);
  assert.deepEqual(check.unboundImmediate, ["now-unbound"]);
  assert.deepEqual(check.toAnnotate.map((c) => `${c.metadata.namespace}/${c.metadata.name}`), ["default/late-unbound"]);
});

test("claimsToAnnotateForNode() re-annotates a claim that names another node", () => {
  const moved = withAnnotation(annSelectedNode, "gone-node", claims.slice(1, 2));
  assert.deepEqual(claimsToAnnotateForNode(pod, moved, classes, "ordinal-0").map((c) => c.metadata.name), ["late-annotated"]);
});
