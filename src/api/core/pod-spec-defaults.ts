// SetDefaults_PodSpec, the volume defaults and (for Pods only) SetDefaults_Pod. A PodTemplateSpec
// gets the spec defaults but not the Pod ones: no enableServiceLinks, no requests copied from limits.
import { arr, obj, objects, str, type JsonObject } from "../validation/json-access.ts";
import {
  defaultContainer,
  defaultFieldRef,
  defaultHostNetworkPorts,
  defaultImagePullPolicy,
  defaultRequestsFromLimits,
} from "./container-defaults.ts";
import { defaultPersistentVolumeClaimSpec } from "./persistent-volume-claim-spec.ts";
import { defaultQuantityField, defaultResourceList } from "./resource-list.ts";

/** Every volume source a Volume may name; exactly one must be set. */
export const volumeSourceKeys = [
  "hostPath",
  "emptyDir",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "persistentVolumeClaim",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "downwardAPI",
  "fc",
  "azureFile",
  "configMap",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "projected",
  "portworxVolume",
  "scaleIO",
  "storageos",
  "csi",
  "ephemeral",
  "image",
] as const;

/** Mode 0644, written in decimal as the API stores it. */
const defaultFileMode = 420;

function defaultVolume(v: JsonObject): void {
  if (!volumeSourceKeys.some((k) => v[k] !== undefined && v[k] !== null)) v.emptyDir = {};
  for (const key of ["secret", "configMap", "downwardAPI", "projected"]) {
    const source = obj(v[key]);
    if (source && source.defaultMode === undefined) source.defaultMode = defaultFileMode;
  }
  for (const [item] of objects(obj(v.downwardAPI)?.items)) defaultFieldRef(item);
  for (const [source] of objects(obj(v.projected)?.sources)) {
    for (const [item] of objects(obj(source.downwardAPI)?.items)) defaultFieldRef(item);
    const token = obj(source.serviceAccountToken);
    if (token && token.expirationSeconds === undefined) token.expirationSeconds = 3600;
  }
  const hostPath = obj(v.hostPath);
  if (hostPath && hostPath.type === undefined) hostPath.type = "";
  defaultQuantityField(obj(v.emptyDir), "sizeLimit");
  const claimTemplate = obj(obj(v.ephemeral)?.volumeClaimTemplate);
  if (claimTemplate) defaultPersistentVolumeClaimSpec(claimTemplate.spec);
  const image = obj(v.image);
  if (image && !str(image.pullPolicy)) {
    image.pullPolicy = defaultImagePullPolicy(str(image.reference));
  }
}

export interface PodSpecDefaultsOptions {
  /** The spec belongs to a Pod (not a template): apply SetDefaults_Pod as well. */
  pod: boolean;
}

/** Fills pod spec defaults in place. */
export function defaultPodSpec(spec: JsonObject, opts: PodSpecDefaultsOptions): void {
  if (!str(spec.dnsPolicy)) spec.dnsPolicy = "ClusterFirst";
  if (!str(spec.restartPolicy)) spec.restartPolicy = "Always";
  if (spec.securityContext === undefined || spec.securityContext === null) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    spec.terminationGracePeriodSeconds = 30;
  }
  if (!str(spec.schedulerName)) spec.schedulerName = "default-scheduler";
  // v1 keeps the deprecated serviceAccount in step with serviceAccountName.
  if (!str(spec.serviceAccountName) && str(spec.serviceAccount)) spec.serviceAccountName = spec.serviceAccount;
  if (str(spec.serviceAccountName)) spec.serviceAccount = spec.serviceAccountName;

  for (const [v] of objects(spec.volumes)) defaultVolume(v);
  for (const key of ["initContainers", "containers", "ephemeralContainers"]) {
    for (const [c] of objects(spec[key])) defaultContainer(c);
  }
  defaultResourceList(spec.overhead);
  const podResources = obj(spec.resources);
  if (podResources) {
    defaultResourceList(podResources.limits);
    defaultResourceList(podResources.requests);
  }

  if (!opts.pod) return;
  for (const key of ["initContainers", "containers"]) {
    for (const [c] of objects(spec[key])) defaultRequestsFromLimits(c);
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    defaultHostNetworkPorts(spec.initContainers);
    defaultHostNetworkPorts(spec.containers);
  }
}

/** v1 keeps podIP/podIPs and hostIP/hostIPs in step. */
export function defaultPodStatus(status: unknown): void {
  const s = obj(status);
  if (!s) return;
  for (const [single, plural] of [
    ["podIP", "podIPs"],
    ["hostIP", "hostIPs"],
  ] as const) {
    const list = arr(s[plural]);
    if (list.length === 0 && str(s[single])) s[plural] = [{ ip: s[single] }];
    else if (list.length > 0) s[single] = str(obj(list[0])?.ip);
  }
}
