// storage.k8s.io/v1 StorageClass.

import { s } from "../schema.ts";
import type { Definitions } from "../schema.ts";
import { listOf, resource } from "./_resource.ts";

const storage = (name: string): string => `io.k8s.api.storage.v1.${name}`;
const gvk = (kind: string) => ({ group: "storage.k8s.io", version: "v1", kind });

export const storageDefinitions: Definitions = {
  [storage("StorageClass")]: resource(
    gvk("StorageClass"),
    "A class of storage from which persistent volumes are provisioned dynamically.",
    {
      provisioner: s.str("Name of the volume plugin or CSI driver that provisions volumes."),
      parameters: s.stringMap("Provisioner-specific settings."),
      reclaimPolicy: s.str("Reclaim policy of provisioned volumes: Delete (default) or Retain."),
      mountOptions: s.arr(s.str(), { description: "Mount options of provisioned volumes.", listType: "atomic" }),
      allowVolumeExpansion: s.bool("Whether claims of this class may be resized."),
      volumeBindingMode: s.str("Immediate (default) or WaitForFirstConsumer: when volumes are bound and provisioned."),
      allowedTopologies: s.arr(s.ref("io.k8s.api.core.v1.TopologySelectorTerm"), {
        description: "Topology domains volumes may be provisioned in; empty means anywhere.",
        listType: "atomic",
      }),
    },
    { required: ["provisioner"] },
  ),
  [storage("StorageClassList")]: listOf(gvk("StorageClass"), storage("StorageClass")),
};
