// apps/v1 StatefulSet and ControllerRevision.

import { s } from "../schema.ts";
import type { Definitions } from "../schema.ts";
import { listOf, resource } from "./_resource.ts";

const apps = (name: string): string => `io.k8s.api.apps.v1.${name}`;
const gvk = (kind: string) => ({ group: "apps", version: "v1", kind });

export const appsDefinitions: Definitions = {
  [apps("StatefulSet")]: resource(
    gvk("StatefulSet"),
    "Manages pods with stable identities and per-pod storage, created and removed in order.",
    {
      spec: s.ref(apps("StatefulSetSpec"), "Desired state of the set."),
      status: s.ref(apps("StatefulSetStatus"), "Observed state of the set; may lag behind the spec."),
    },
  ),
  [apps("StatefulSetList")]: listOf(gvk("StatefulSet"), apps("StatefulSet")),

  [apps("StatefulSetSpec")]: s.obj(
    {
      replicas: s.int("Number of pods wanted; defaults to 1."),
      selector: s.ref("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", "Labels of the pods the set owns; must match the template's labels."),
      template: s.ref("io.k8s.api.core.v1.PodTemplateSpec", "Pod each ordinal is created from, named <set>-<ordinal>."),
      volumeClaimTemplates: s.arr(s.ref("io.k8s.api.core.v1.PersistentVolumeClaim"), {
        description: "Claims created for every pod and mounted by the volume of the same name.",
        listType: "atomic",
      }),
      serviceName: s.str("Headless service that gives the pods their network identities."),
      podManagementPolicy: s.str("OrderedReady (default): one pod at a time, in order; Parallel: all at once."),
      updateStrategy: s.ref(apps("StatefulSetUpdateStrategy"), "How pods are replaced when the template changes."),
      revisionHistoryLimit: s.int("How many old ControllerRevisions to keep; defaults to 10."),
      minReadySeconds: s.int("Seconds a new pod must be ready, without crashing, to count as available."),
      persistentVolumeClaimRetentionPolicy: s.ref(
        apps("StatefulSetPersistentVolumeClaimRetentionPolicy"),
        "Whether claims from volumeClaimTemplates are deleted with the set or on scale-down.",
      ),
      ordinals: s.ref(apps("StatefulSetOrdinals"), "Numbering of the pods' ordinals."),
    },
    { description: "Desired state of a stateful set.", required: ["selector", "template"] },
  ),

  [apps("StatefulSetUpdateStrategy")]: s.obj(
    {
      type: s.str("RollingUpdate (default) or OnDelete."),
      rollingUpdate: s.ref(apps("RollingUpdateStatefulSetStrategy"), "Settings of a RollingUpdate."),
    },
    { description: "How a stateful set replaces pods after a template change." },
  ),

  [apps("RollingUpdateStatefulSetStrategy")]: s.obj(
    {
      partition: s.int("Only ordinals at or above this are updated; defaults to 0."),
      maxUnavailable: s.intOrString("Most pods that may be unavailable during the update, as a number or a percentage."),
    },
    { description: "Settings of a stateful set rolling update." },
  ),

  [apps("StatefulSetPersistentVolumeClaimRetentionPolicy")]: s.obj(
    {
      whenDeleted: s.str("Retain (default) or Delete: what happens to claims when the set is deleted."),
      whenScaled: s.str("Retain (default) or Delete: what happens to claims of pods removed by scale-down."),
    },
    { description: "Lifecycle of the claims a stateful set creates." },
  ),

  [apps("StatefulSetOrdinals")]: s.obj(
    { start: s.int("First ordinal; pods are numbered start to start+replicas-1. Defaults to 0.") },
    { description: "Numbering of a stateful set's pods." },
  ),

  [apps("StatefulSetStatus")]: s.obj(
    {
      observedGeneration: s.int64("Most recent metadata.generation the controller has acted on."),
      replicas: s.int("Pods created by the controller."),
      readyReplicas: s.int("Pods with a Ready condition."),
      currentReplicas: s.int("Pods at currentRevision."),
      updatedReplicas: s.int("Pods at updateRevision."),
      currentRevision: s.str("Revision of the pods before the update in progress."),
      updateRevision: s.str("Revision the pods are being updated to."),
      collisionCount: s.int("Count of revision name hash collisions, used to make names unique."),
      conditions: s.arr(s.ref(apps("StatefulSetCondition")), {
        description: "Current conditions of the set.",
        mergeKey: "type",
        strategy: "merge",
        listType: "map",
        listMapKeys: ["type"],
      }),
      availableReplicas: s.int("Pods ready for at least minReadySeconds."),
    },
    { description: "Observed state of a stateful set.", required: ["replicas"] },
  ),

  [apps("StatefulSetCondition")]: s.obj(
    {
      type: s.str("Condition type."),
      status: s.str("True, False or Unknown."),
      lastTransitionTime: s.time("When status last changed."),
      reason: s.str("CamelCase reason of the last transition."),
      message: s.str("Human-readable details of the last transition."),
    },
    { description: "A condition of a stateful set.", required: ["type", "status"] },
  ),

  [apps("ControllerRevision")]: resource(
    gvk("ControllerRevision"),
    "An immutable snapshot of a controller's pod template, used for rollouts and rollbacks.",
    {
      data: s.ref("io.k8s.apimachinery.pkg.runtime.RawExtension", "The recorded state, as a patch of the owner."),
      revision: s.int64("Revision number; higher is newer."),
    },
    { required: ["revision"] },
  ),
  [apps("ControllerRevisionList")]: listOf(gvk("ControllerRevision"), apps("ControllerRevision")),
};
