// apps/v1 StatefulSet and ControllerRevision. Field numbers and JSON names follow upstream; the
// notation is explained in message-schema.ts.
import type { MessageTable } from "./message-schema.ts";

export const appsV1Messages: MessageTable = {
  StatefulSet: ["1 metadata:ObjectMeta", "2 spec:StatefulSetSpec", "3 status:StatefulSetStatus"],
  ControllerRevision: ["1 metadata:ObjectMeta", "2 data:RawExtension", "3 revision:int64"],
  StatefulSetSpec: [
    "1 replicas:*int32", "2 selector:*LabelSelector", "3 template:PodTemplateSpec",
    "4 volumeClaimTemplates:[]PersistentVolumeClaim", "5 serviceName:string", "6 podManagementPolicy:string",
    "7 updateStrategy:StatefulSetUpdateStrategy", "8 revisionHistoryLimit:*int32", "9 minReadySeconds:int32",
    "10 persistentVolumeClaimRetentionPolicy:*StatefulSetPersistentVolumeClaimRetentionPolicy",
    "11 ordinals:*StatefulSetOrdinals",
  ],
  StatefulSetStatus: [
    "1 observedGeneration:int64", "2 replicas:int32", "3 readyReplicas:int32", "4 currentReplicas:int32",
    "5 updatedReplicas:int32", "6 currentRevision:string", "7 updateRevision:string",
    "9 collisionCount:*int32", "10 conditions:[]StatefulSetCondition", "11 availableReplicas:int32",
  ],
  StatefulSetUpdateStrategy: ["1 type:string", "2 rollingUpdate:*RollingUpdateStatefulSetStrategy"],
  StatefulSetPersistentVolumeClaimRetentionPolicy: ["1 whenDeleted:string", "2 whenScaled:string"],
  StatefulSetOrdinals: ["1 start:int32"],
  StatefulSetCondition: [
    "1 type:string", "2 status:string", "3 lastTransitionTime:Time", "4 reason:string", "5 message:string",
  ],
  RollingUpdateStatefulSetStrategy: ["1 partition:*int32", "2 maxUnavailable:*IntOrString"],
};
