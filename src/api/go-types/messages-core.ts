// core/v1 kinds other than Pod, with the messages only they use. Field numbers and JSON names
// follow upstream; the notation is explained in message-schema.ts.
import type { MessageTable } from "./message-schema.ts";

export const coreV1Messages: MessageTable = {
  Namespace: ["1 metadata:ObjectMeta", "2 spec:NamespaceSpec", "3 status:NamespaceStatus"],
  Secret: [
    "1 metadata:ObjectMeta", "2 data:{}bytes", "3 type:string", "4 stringData:{}string", "5 immutable:*bool",
  ],
  ConfigMap: ["1 metadata:ObjectMeta", "2 data:{}string", "3 binaryData:{}bytes", "4 immutable:*bool"],
  Service: ["1 metadata:ObjectMeta", "2 spec:ServiceSpec", "3 status:ServiceStatus"],
  ServiceAccount: [
    "1 metadata:ObjectMeta", "2 secrets:[]ObjectReference", "3 imagePullSecrets:[]LocalObjectReference",
    "4 automountServiceAccountToken:*bool",
  ],
  PersistentVolumeClaim: [
    "1 metadata:ObjectMeta", "2 spec:PersistentVolumeClaimSpec", "3 status:PersistentVolumeClaimStatus",
  ],
  Endpoints: ["1 metadata:ObjectMeta", "2 subsets:[]EndpointSubset"],
  NamespaceSpec: ["1 finalizers:[]string"],
  NamespaceStatus: ["1 phase:string", "2 conditions:[]NamespaceCondition"],
  ServiceSpec: [
    "1 ports:[]ServicePort", "2 selector:{}string", "3 clusterIP:string", "4 type:string",
    "5 externalIPs:[]string", "7 sessionAffinity:string", "8 loadBalancerIP:string",
    "9 loadBalancerSourceRanges:[]string", "10 externalName:string", "11 externalTrafficPolicy:string",
    "12 healthCheckNodePort:int32", "13 publishNotReadyAddresses:bool",
    "14 sessionAffinityConfig:*SessionAffinityConfig", "17 ipFamilyPolicy:*string", "18 clusterIPs:[]string",
    "19 ipFamilies:[]string", "20 allocateLoadBalancerNodePorts:*bool", "21 loadBalancerClass:*string",
    "22 internalTrafficPolicy:*string", "23 trafficDistribution:*string",
  ],
  ServiceStatus: ["1 loadBalancer:LoadBalancerStatus", "2 conditions:[]Condition"],
  ObjectReference: [
    "1 kind:string", "2 namespace:string", "3 name:string", "4 uid:string", "5 apiVersion:string",
    "6 resourceVersion:string", "7 fieldPath:string",
  ],
  LocalObjectReference: ["1 name:string"],
  PersistentVolumeClaimSpec: [
    "1 accessModes:[]string", "2 resources:VolumeResourceRequirements", "3 volumeName:string",
    "4 selector:*LabelSelector", "5 storageClassName:*string", "6 volumeMode:*string",
    "7 dataSource:*TypedLocalObjectReference", "8 dataSourceRef:*TypedObjectReference",
    "9 volumeAttributesClassName:*string",
  ],
  PersistentVolumeClaimStatus: [
    "1 phase:string", "2 accessModes:[]string", "3 capacity:{}Quantity",
    "4 conditions:[]PersistentVolumeClaimCondition", "5 allocatedResources:{}Quantity",
    "7 allocatedResourceStatuses:{}string", "8 currentVolumeAttributesClassName:*string",
    "9 modifyVolumeStatus:*ModifyVolumeStatus", "10 healthStatus:*VolumeHealthStatus",
  ],
  EndpointSubset: [
    "1 addresses:[]EndpointAddress", "2 notReadyAddresses:[]EndpointAddress", "3 ports:[]EndpointPort",
  ],
  NamespaceCondition: [
    "1 type:string", "2 status:string", "4 lastTransitionTime:Time", "5 reason:string", "6 message:string",
  ],
  ServicePort: [
    "1 name:string", "2 protocol:string", "3 port:int32", "4 targetPort:IntOrString", "5 nodePort:int32",
    "6 appProtocol:*string",
  ],
  SessionAffinityConfig: ["1 clientIP:*ClientIPConfig"],
  LoadBalancerStatus: ["1 ingress:[]LoadBalancerIngress"],
  VolumeResourceRequirements: ["1 limits:{}Quantity", "2 requests:{}Quantity"],
  TypedLocalObjectReference: ["1 apiGroup:*string", "2 kind:string", "3 name:string"],
  TypedObjectReference: ["1 apiGroup:*string", "2 kind:string", "3 name:string", "4 namespace:*string"],
  PersistentVolumeClaimCondition: [
    "1 type:string", "2 status:string", "3 lastProbeTime:Time", "4 lastTransitionTime:Time",
    "5 reason:string", "6 message:string",
  ],
  ModifyVolumeStatus: ["1 targetVolumeAttributesClassName:string", "2 status:string"],
  VolumeHealthStatus: ["1 healthConditions:[]VolumeHealthCondition", "2 lastTransitionTime:Time"],
  EndpointAddress: ["1 ip:string", "2 targetRef:*ObjectReference", "3 hostname:string", "4 nodeName:*string"],
  EndpointPort: ["1 name:string", "2 port:int32", "3 protocol:string", "4 appProtocol:*string"],
  ClientIPConfig: ["1 timeoutSeconds:*int32"],
  LoadBalancerIngress: ["1 ip:string", "2 hostname:string", "3 ipMode:*string", "4 ports:[]PortStatus"],
  VolumeHealthCondition: ["1 status:string", "2 reason:string", "3 message:string"],
  PortStatus: ["1 port:int32", "2 protocol:string", "3 error:*string"],
};
