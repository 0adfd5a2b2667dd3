// Volume helpers shared by the PV and PVC printers.
import type { ObjectMeta } from "../../api/meta.ts";
import { canonicalQuantity } from "../../api/validation/quantity.ts";

const modeAbbreviations: [string, string][] = [
  ["ReadWriteOnce", "RWO"],
  ["ReadOnlyMany", "ROX"],
  ["ReadWriteMany", "RWX"],
  ["ReadWriteOncePod", "RWOP"],
];

/** Access modes abbreviated, deduplicated and always in the order RWO,ROX,RWX,RWOP. */
export function accessModesCell(modes: readonly string[] | undefined): string {
  const present = new Set(modes ?? []);
  return modeAbbreviations.filter(([mode]) => present.has(mode)).map(([, short]) => short).join(",");
}

const betaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

/** The storage class, with the legacy beta annotation winning over the spec field. */
export function storageClassCell(meta: ObjectMeta, specClass: string | null | undefined): string {
  const annotations = meta.annotations ?? {};
  if (Object.hasOwn(annotations, betaStorageClassAnnotation)) return annotations[betaStorageClassAnnotation];
  return specClass ?? "";
}

/** A resource quantity in canonical form, as Quantity.String() prints it; an absent one reads "0". */
export function quantityCell(q: string | number | null | undefined): string {
  if (q === undefined || q === null) return "0";
  return canonicalQuantity(q) ?? String(q);
}
