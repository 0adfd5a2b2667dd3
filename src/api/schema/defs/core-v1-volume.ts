// core/v1 PersistentVolume and PersistentVolumeClaim. The volume source types they reference
// (HostPathVolumeSource, CSIPersistentVolumeSource...) are defined with the pod types.

import { s } from "../schema.ts";
import type { Definitions, Schema } from "../schema.ts";
import { atomic, listOf, resource } from "./_resource.ts";

const core = (name: string): string => `io.k8s.api.core.v1.${name}`;
const v1 = (kind: string) => ({ group: "", version: "v1", kind });

const resourceList = (description: string): Schema => s.map(s.quantity(), description);

/** The volume sources a PersistentVolumeSpec inlines; exactly one may be set. */
const persistentVolumeSources: Record<string, Schema> = {
  gcePersistentDisk: s.ref(core("GCEPersistentDiskVolumeSource"), "Deprecated: a GCE persistent disk."),
  awsElasticBlockStore: s.ref(core("AWSElasticBlockStoreVolumeSource"), "Deprecated: an AWS EBS volume."),
  hostPath: s.ref(core("HostPathVolumeSource"), "A directory on the host; for single-node testing."),
  glusterfs: s.ref(core("GlusterfsPersistentVolumeSource"), "Deprecated: a Glusterfs volume."),
  nfs: s.ref(core("NFSVolumeSource"), "An NFS export."),
  rbd: s.ref(core("RBDPersistentVolumeSource"), "Deprecated: a Rados block device."),
  iscsi: s.ref(core("ISCSIPersistentVolumeSource"), "An iSCSI disk."),
  cinder: s.ref(core("CinderPersistentVolumeSource"), "Deprecated: an OpenStack Cinder volume."),
  cephfs: s.ref(core("CephFSPersistentVolumeSource"), "Deprecated: a CephFS mount."),
  fc: s.ref(core("FCVolumeSource"), "A Fibre Channel disk."),
  flocker: s.ref(core("FlockerVolumeSource"), "Deprecated: a Flocker dataset."),
  flexVolume: s.ref(core("FlexPersistentVolumeSource"), "Deprecated: a volume managed by a FlexVolume driver."),
  azureFile: s.ref(core("AzureFilePersistentVolumeSource"), "Deprecated: an Azure File share."),
  vsphereVolume: s.ref(core("VsphereVirtualDiskVolumeSource"), "Deprecated: a vSphere disk."),
  quobyte: s.ref(core("QuobyteVolumeSource"), "Deprecated: a Quobyte volume."),
  azureDisk: s.ref(core("AzureDiskVolumeSource"), "Deprecated: an Azure data disk."),
  photonPersistentDisk: s.ref(core("PhotonPersistentDiskVolumeSource"), "Deprecated: a Photon Controller disk."),
  portworxVolume: s.ref(core("PortworxVolumeSource"), "Deprecated: a Portworx volume."),
  scaleIO: s.ref(core("ScaleIOPersistentVolumeSource"), "Deprecated: a ScaleIO volume."),
  local: s.ref(core("LocalVolumeSource"), "A disk, partition or directory local to one node."),
  storageos: s.ref(core("StorageOSPersistentVolumeSource"), "Deprecated: a StorageOS volume."),
  csi: s.ref(core("CSIPersistentVolumeSource"), "A volume managed by a CSI driver."),
};

const accessModes = (description: string): Schema => s.arr(s.str(), { description, listType: "atomic" });

export const coreVolumeDefinitions: Definitions = {
  [core("PersistentVolume")]: resource(v1("PersistentVolume"), "A piece of cluster storage, provisioned by an administrator or dynamically.", {
    spec: s.ref(core("PersistentVolumeSpec"), "What the volume is and how it may be used."),
    status: s.ref(core("PersistentVolumeStatus"), "Observed state of the volume."),
  }),
  [core("PersistentVolumeList")]: listOf(v1("PersistentVolume"), core("PersistentVolume")),

  [core("PersistentVolumeSpec")]: s.obj(
    {
      capacity: resourceList("Size and other resources of the volume, e.g. storage: 10Gi."),
      ...persistentVolumeSources,
      accessModes: accessModes("Ways the volume can be mounted: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod."),
      claimRef: s.ref(core("ObjectReference"), "The claim this volume is bound to."),
      persistentVolumeReclaimPolicy: s.str("What happens when the claim is released: Retain, Delete or Recycle."),
      storageClassName: s.str("StorageClass the volume belongs to; empty for none."),
      mountOptions: s.arr(s.str(), { description: "Mount options, passed through unvalidated.", listType: "atomic" }),
      volumeMode: s.str("Filesystem (default) or Block."),
      nodeAffinity: s.ref(core("VolumeNodeAffinity"), "Nodes from which the volume can be accessed."),
      volumeAttributesClassName: s.str("VolumeAttributesClass the volume belongs to."),
    },
    { description: "Specification of a persistent volume." },
  ),

  [core("PersistentVolumeStatus")]: s.obj(
    {
      phase: s.str("Pending, Available, Bound, Released or Failed."),
      message: s.str("Human-readable reason for the phase."),
      reason: s.str("CamelCase reason for a failure."),
      lastPhaseTransitionTime: s.time("When the phase last changed."),
    },
    { description: "Observed state of a persistent volume." },
  ),

  [core("PersistentVolumeClaim")]: resource(v1("PersistentVolumeClaim"), "A request for storage by a user.", {
    spec: s.ref(core("PersistentVolumeClaimSpec"), "The storage being requested."),
    status: s.ref(core("PersistentVolumeClaimStatus"), "Observed state of the claim."),
  }),
  [core("PersistentVolumeClaimList")]: listOf(v1("PersistentVolumeClaim"), core("PersistentVolumeClaim")),

  [core("PersistentVolumeClaimSpec")]: s.obj(
    {
      accessModes: accessModes("Access modes the volume must support."),
      selector: s.ref("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", "Labels the bound volume must match."),
      resources: s.ref(core("VolumeResourceRequirements"), "Minimum (and maximum) resources the volume must have."),
      volumeName: s.str("Name of a specific volume to bind to."),
      storageClassName: s.str("StorageClass to provision from; empty string means none, unset means the default."),
      volumeMode: s.str("Filesystem (default) or Block."),
      dataSource: s.ref(core("TypedLocalObjectReference"), "Snapshot or claim to pre-populate the volume from."),
      dataSourceRef: s.ref(core("TypedObjectReference"), "Object to populate the volume from, possibly in another namespace."),
      volumeAttributesClassName: s.str("VolumeAttributesClass to apply to the volume."),
    },
    { description: "What a claim asks for." },
  ),

  [core("VolumeResourceRequirements")]: s.obj(
    {
      limits: resourceList("Most of each resource the volume may have."),
      requests: resourceList("Least of each resource the volume must have, e.g. storage: 1Gi."),
    },
    { description: "Resource bounds of a claimed volume." },
  ),

  [core("PersistentVolumeClaimStatus")]: s.obj(
    {
      phase: s.str("Pending, Bound or Lost."),
      accessModes: accessModes("Access modes the bound volume actually has."),
      capacity: resourceList("Resources of the bound volume."),
      conditions: s.arr(s.ref(core("PersistentVolumeClaimCondition")), {
        description: "Current conditions, e.g. while the volume is being resized.",
        mergeKey: "type",
        strategy: "merge",
        listType: "map",
        listMapKeys: ["type"],
      }),
      allocatedResources: resourceList("Resources granted to the claim, which can exceed capacity during a resize."),
      allocatedResourceStatuses: {
        ...s.stringMap("Progress of resizing each resource, e.g. storage: ControllerResizeInProgress."),
        "x-kubernetes-map-type": "granular",
      },
      currentVolumeAttributesClassName: s.str("VolumeAttributesClass currently applied to the volume."),
      modifyVolumeStatus: s.ref(core("ModifyVolumeStatus"), "Progress of changing the volume's attributes class."),
    },
    { description: "Observed state of a claim." },
  ),

  [core("PersistentVolumeClaimCondition")]: s.obj(
    {
      type: s.str("Condition type, e.g. Resizing."),
      status: s.str("True, False or Unknown."),
      lastProbeTime: s.time("When the condition was last checked."),
      lastTransitionTime: s.time("When status last changed."),
      reason: s.str("CamelCase reason of the last transition."),
      message: s.str("Human-readable details of the last transition."),
    },
    { description: "A condition of a claim.", required: ["type", "status"] },
  ),

  [core("ModifyVolumeStatus")]: s.obj(
    {
      targetVolumeAttributesClassName: s.str("Attributes class being applied."),
      status: s.str("Pending, InProgress or Infeasible."),
    },
    { description: "Progress of changing a volume's attributes class.", required: ["status"] },
  ),

  [core("TopologySelectorTerm")]: atomic(
    s.obj(
      {
        matchLabelExpressions: s.arr(s.ref(core("TopologySelectorLabelRequirement")), {
          description: "Label requirements, all of which must hold.",
          listType: "atomic",
        }),
      },
      { description: "A topology domain, as a conjunction of label requirements." },
    ),
  ),

  [core("TopologySelectorLabelRequirement")]: s.obj(
    {
      key: s.str("Topology label key, e.g. topology.kubernetes.io/zone."),
      values: s.arr(s.str(), { description: "Accepted values; one must match.", listType: "atomic" }),
    },
    { description: "A topology label that must take one of some values.", required: ["key", "values"] },
  ),
};
