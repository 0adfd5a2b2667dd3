import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { kubectlInvalid, messages } from "../validation/_kubectl-message.ts";
import { defaultStatefulSet, statefulSetUpdateForbidden, validateStatefulSet, validateStatefulSetStatusUpdate, validateStatefulSetUpdate } from "./stateful-set.ts";

type Obj = Record<string, any>;

function manifest(): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web", namespace: "default" },
    spec: {
      serviceName: "nginx",
      selector: { matchLabels: { app: "nginx" } },
      template: {
        metadata: { labels: { app: "nginx" } },
        spec: { containers: [{ name: "nginx", image: "registry.k8s.io/nginx-slim:0.8", ports: [{ containerPort: 80, name: "web" }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
    },
  };
}

/** The manifest after `edit`, defaulted as the server does before validating. */
function statefulSet(edit: (spec: Obj, set: KubeObject) => void = () => {}): KubeObject {
  const set = manifest();
  edit(set.spec as Obj, set);
  defaultStatefulSet(set);
  return set;
}

test("defaultStatefulSet() fills what a real cluster shows", () => {
  const spec = statefulSet().spec as Obj;
  assert.equal(spec.podManagementPolicy, "OrderedReady");
  assert.deepEqual(spec.updateStrategy, { type: "RollingUpdate", rollingUpdate: { partition: 0 } });
  assert.equal(spec.replicas, 1);
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
  assert.deepEqual(spec.template.spec, {
    containers: [
      {
        name: "nginx",
        image: "registry.k8s.io/nginx-slim:0.8",
        ports: [{ containerPort: 80, name: "web", protocol: "TCP" }],
        resources: {},
        imagePullPolicy: "IfNotPresent",
        terminationMessagePath: "/dev/termination-log",
        terminationMessagePolicy: "File",
      },
    ],
    dnsPolicy: "ClusterFirst",
    restartPolicy: "Always",
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    schedulerName: "default-scheduler",
  });
  assert.deepEqual(spec.volumeClaimTemplates, [
    {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "www" },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, volumeMode: "Filesystem" },
      status: { phase: "Pending" },
    },
  ]);
});

const strategyDefaults: Array<[string, Obj | undefined, Obj]> = [
  ["no strategy", undefined, { type: "RollingUpdate", rollingUpdate: { partition: 0 } }],
  ["RollingUpdate without a rollingUpdate block", { type: "RollingUpdate" }, { type: "RollingUpdate" }],
  ["OnDelete", { type: "OnDelete" }, { type: "OnDelete" }],
  ["a rollingUpdate with maxUnavailable", { rollingUpdate: { maxUnavailable: 2 } }, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 2, partition: 0 } }],
  ["an explicit partition", { type: "RollingUpdate", rollingUpdate: { partition: 3 } }, { type: "RollingUpdate", rollingUpdate: { partition: 3 } }],
];

for (const [name, given, want] of strategyDefaults) {
  test(`defaultStatefulSet() updateStrategy for ${name}`, () => {
    const spec = statefulSet((s) => (s.updateStrategy = given)).spec as Obj;
    assert.deepEqual(spec.updateStrategy, want);
  });
}

test("defaultStatefulSet() keeps explicit values", () => {
  const spec = statefulSet((s) => {
    s.replicas = 0;
    s.podManagementPolicy = "Parallel";
    s.persistentVolumeClaimRetentionPolicy = { whenScaled: "Delete" };
  }).spec as Obj;
  assert.equal(spec.replicas, 0);
  assert.equal(spec.podManagementPolicy, "Parallel");
  assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenScaled: "Delete", whenDeleted: "Retain" });
});

const selectorMismatch =
  'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`';

const createCases: Array<[string, (s: Obj, set: KubeObject) => void, string[]]> = [
  ["a valid set", () => {}, []],
  ["template labels that miss the selector", (s) => (s.template.metadata.labels = { app: "x" }), [selectorMismatch]],
  [
    "no selector",
    (s) => {
      delete s.selector;
      s.template.metadata.labels = { app: "x" };
    },
    ["spec.selector: Required value", selectorMismatch],
  ],
  [
    "an empty selector",
    (s) => (s.selector = {}),
    ["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset"],
  ],
  [
    "a selector with a bad operator",
    (s) => (s.selector = { matchExpressions: [{ key: "app", operator: "Equals", values: ["nginx"] }] }),
    [
      'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Equals", Values:[]string{"nginx"}}}}',
    ],
  ],
  ["a selector matched by expression", (s) => (s.selector = { matchExpressions: [{ key: "app", operator: "In", values: ["nginx", "web"] }] }), []],
  [
    "a restartPolicy other than Always",
    (s) => (s.template.spec.restartPolicy = "Never"),
    ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  ],
  [
    "an activeDeadlineSeconds",
    (s) => (s.template.spec.activeDeadlineSeconds = 10),
    ["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported"],
  ],
  ["negative replicas", (s) => (s.replicas = -1), ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]],
  ["negative minReadySeconds", (s) => (s.minReadySeconds = -5), ["spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0"]],
  ["a negative ordinals start", (s) => (s.ordinals = { start: -1 }), ["spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0"]],
  [
    "an unknown podManagementPolicy",
    (s) => (s.podManagementPolicy = "Sometimes"),
    ["spec.podManagementPolicy: Invalid value: \"Sometimes\": must be 'OrderedReady' or 'Parallel'"],
  ],
  [
    "an unknown update strategy",
    (s) => (s.updateStrategy = { type: "BlueGreen" }),
    [
      "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'",
    ],
  ],
  [
    "OnDelete with a rollingUpdate block",
    (s) => (s.updateStrategy = { type: "OnDelete", rollingUpdate: { partition: 1 } }),
    [
      "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'",
    ],
  ],
  [
    "a negative partition",
    (s) => (s.updateStrategy = { type: "RollingUpdate", rollingUpdate: { partition: -2 } }),
    ["spec.updateStrategy.rollingUpdate.partition: Invalid value: -2: must be greater than or equal to 0"],
  ],
  [
    "a maxUnavailable of zero",
    (s) => (s.updateStrategy = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0 } }),
    ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: cannot be 0'],
  ],
  [
    "a maxUnavailable above 100%",
    (s) => (s.updateStrategy = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "150%" } }),
    ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%'],
  ],
  [
    "a maxUnavailable that is not a percent",
    (s) => (s.updateStrategy = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "half" } }),
    [
      "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"half\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"half"}: cannot be 0',
    ],
  ],
  [
    "an unknown claim retention policy",
    (s) => (s.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Keep", whenScaled: "Retain" }),
    ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"'],
  ],
  ["a serviceName with dots", (s) => (s.serviceName = "my.svc"), ['spec.serviceName: Invalid value: "my.svc": must not contain dots']],
  ["no serviceName", (s) => delete s.serviceName, []],
  ["a name that is not a DNS label", (_s, set) => (set.metadata.name = "web.v1"), ['metadata.name: Invalid value: "web.v1": must not contain dots']],
  [
    "a template annotation key that is not a qualified name",
    (s) => (s.template.metadata.annotations = { "bad key": "x" }),
    [
      'spec.template.annotations: Invalid value: "bad key": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    ],
  ],
  ["a pod template that would not make a valid pod", (s) => delete s.template.spec.containers[0].image, []],
];

for (const [name, edit, want] of createCases) {
  test(`validateStatefulSet() ${name}`, () => assert.deepEqual(messages(validateStatefulSet(statefulSet(edit))), want));
}

test("validateStatefulSet() errors read exactly as kubectl prints them", () => {
  const set = statefulSet((s) => (s.template.metadata.labels = { app: "x" }));
  assert.equal(
    kubectlInvalid("apps", "StatefulSet", "web", validateStatefulSet(set)),
    'The StatefulSet "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
  );
  const twice = statefulSet((s) => {
    s.replicas = -1;
    s.template.spec.restartPolicy = "OnFailure";
  });
  assert.equal(
    kubectlInvalid("apps", "StatefulSet", "web", validateStatefulSet(twice)),
    'The StatefulSet "web" is invalid: \n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
  );
});

function stored(edit: (spec: Obj, set: KubeObject) => void = () => {}): KubeObject {
  const set = statefulSet(edit);
  Object.assign(set.metadata, { uid: "u1", resourceVersion: "10", generation: 1, creationTimestamp: "2024-01-01T00:00:00Z" });
  return set;
}

function changed(edit: (spec: Obj, set: KubeObject) => void, base = stored()): KubeObject {
  const set = structuredClone(base);
  edit(set.spec as Obj, set);
  defaultStatefulSet(set);
  return set;
}

const forbidden = `spec: Forbidden: ${statefulSetUpdateForbidden}`;

const updateCases: Array<[string, (s: Obj, set: KubeObject) => void, string[]]> = [
  ["scaling", (s) => (s.replicas = 5), []],
  ["a new image", (s) => (s.template.spec.containers[0].image = "nginx:1.27"), []],
  ["a new partition", (s) => (s.updateStrategy.rollingUpdate.partition = 2), []],
  ["a switch to OnDelete", (s) => (s.updateStrategy = { type: "OnDelete" }), []],
  ["a new revisionHistoryLimit", (s) => (s.revisionHistoryLimit = 3), []],
  ["a new minReadySeconds", (s) => (s.minReadySeconds = 10), []],
  ["new ordinals", (s) => (s.ordinals = { start: 5 }), []],
  ["a new retention policy", (s) => (s.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Delete", whenScaled: "Delete" }), []],
  ["a larger claim template", (s) => (s.volumeClaimTemplates[0].spec.resources.requests.storage = "2Gi"), [forbidden]],
  ["an added claim template", (s) => s.volumeClaimTemplates.push({ metadata: { name: "logs" }, spec: { accessModes: ["ReadWriteOnce"] } }), [forbidden]],
  ["a new serviceName", (s) => (s.serviceName = "other"), [forbidden]],
  ["a new podManagementPolicy", (s) => (s.podManagementPolicy = "Parallel"), [forbidden]],
  [
    "a new selector",
    (s) => {
      s.selector = { matchLabels: { app: "web" } };
      s.template.metadata.labels = { app: "web" };
    },
    [forbidden],
  ],
  ["a renamed set", (_s, set) => (set.metadata.name = "web2"), ['metadata.name: Invalid value: "web2": field is immutable']],
  ["negative replicas", (s) => (s.replicas = -1), ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]],
];

for (const [name, edit, want] of updateCases) {
  test(`validateStatefulSetUpdate() ${name}`, () => assert.deepEqual(messages(validateStatefulSetUpdate(changed(edit), stored())), want));
}

test("validateStatefulSetUpdate() prints the forbidden change as kubectl does", () => {
  const next = changed((s) => (s.volumeClaimTemplates[0].spec.resources.requests.storage = "2Gi"));
  assert.equal(
    kubectlInvalid("apps", "StatefulSet", "web", validateStatefulSetUpdate(next, stored())),
    "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  );
});

test("validateStatefulSetUpdate() tolerates a name and serviceName stored before they were checked", () => {
  const old = stored((s, set) => {
    set.metadata.name = "web.v1";
    s.serviceName = "svc.v1";
  });
  assert.deepEqual(messages(validateStatefulSetUpdate(changed((s) => (s.replicas = 2), old), old)), []);
});

function withStatus(status: Obj): KubeObject {
  const set = stored();
  set.status = status;
  return set;
}

const statusCases: Array<[string, Obj, Obj, string[]]> = [
  ["a consistent status", { replicas: 3, readyReplicas: 2, availableReplicas: 2, currentReplicas: 3, updatedReplicas: 3, collisionCount: 1 }, {}, []],
  [
    "negative replicas, which every other counter then exceeds",
    { replicas: -1 },
    {},
    [
      "status.replicas: Invalid value: -1: must be greater than or equal to 0",
      ...["readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"].map(
        (f) => `status.${f}: Invalid value: 0: cannot be greater than status.replicas`,
      ),
    ],
  ],
  ["more ready than replicas", { replicas: 1, readyReplicas: 2, availableReplicas: 0 }, {}, ["status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas"]],
  [
    "more available than ready",
    { replicas: 3, readyReplicas: 1, availableReplicas: 2 },
    {},
    ["status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas"],
  ],
  ["a decremented collisionCount", { collisionCount: 1 }, { collisionCount: 2 }, ["status.collisionCount: Invalid value: 1: cannot be decremented"]],
  ["a dropped collisionCount", {}, { collisionCount: 2 }, ["status.collisionCount: Invalid value: 0: cannot be decremented"]],
  ["a negative observedGeneration", { observedGeneration: -1 }, {}, ["status.observedGeneration: Invalid value: -1: must be greater than or equal to 0"]],
];

for (const [name, next, prev, want] of statusCases) {
  test(`validateStatefulSetStatusUpdate() ${name}`, () => {
    assert.deepEqual(messages(validateStatefulSetStatusUpdate(withStatus(next), withStatus(prev))), want);
  });
}
