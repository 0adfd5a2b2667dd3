// metadata validation on create and update (apimachinery api/validation objectmeta.go, plus the
// core group's check that unqualified finalizer names are the standard ones).
import { FieldPath, type FieldError } from "../field-error.ts";
import { forbidden, invalid, nonNegative, required, type BadValue } from "./field-errors.ts";
import { goPointer, goQuote, goStruct, rendered } from "./go-value.ts";
import { arr, obj, semanticEqual, str } from "./json-access.ts";
import { validateAnnotations, validateLabels } from "./labels.ts";
import { isQualifiedName, nameIsDNSLabel, type NameValidator } from "./name.ts";

export interface ObjectMetaOptions {
  /** Namespaced kinds require metadata.namespace; cluster-scoped kinds forbid it. */
  namespaced: boolean;
  nameValidator: NameValidator;
  /** Apply the core group's rule that a finalizer without a "/" must be a standard one (default true). */
  kubeFinalizers?: boolean;
}

const metadataPath = new FieldPath("metadata");
const standardFinalizers = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

function validateKubeFinalizerName(name: string, path: FieldPath): FieldError[] {
  if (name.includes("/") || standardFinalizers.has(name)) return [];
  return [invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified")];
}

export function validateFinalizerName(name: string, path: FieldPath): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

/** Finalizer names and the orphan/foregroundDeletion conflict; errors use the list's path. */
export function validateFinalizers(finalizers: unknown, path: FieldPath): FieldError[] {
  const names = arr(finalizers).map(str);
  const errs = names.flatMap((f) => validateFinalizerName(f, path));
  if (names.includes("orphan") && names.includes("foregroundDeletion")) {
    errs.push(invalid(path, names, "finalizer orphan and foregroundDeletion cannot be both set"));
  }
  return errs;
}

function goOwnerReference(ref: Record<string, unknown>): string {
  return goStruct("v1.OwnerReference", [
    ["APIVersion", goQuote(str(ref.apiVersion))],
    ["Kind", goQuote(str(ref.kind))],
    ["Name", goQuote(str(ref.name))],
    ["UID", goQuote(str(ref.uid))],
    ["Controller", goPointer("bool", ref.controller)],
    ["BlockOwnerDeletion", goPointer("bool", ref.blockOwnerDeletion)],
  ]);
}

/** Each reference is checked against the list's path (upstream does not index it). */
export function validateOwnerReferences(refs: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const list = arr(refs).map((r) => obj(r) ?? {});
  let firstController = "";
  for (const ref of list) {
    const apiVersion = str(ref.apiVersion);
    const parts = apiVersion.split("/");
    const group = parts.length === 2 ? parts[0] : "";
    const version = parts.length === 1 ? parts[0] : parts.length === 2 ? parts[1] : "";
    const kind = str(ref.kind);
    if (!version) errs.push(invalid(path.child("apiVersion"), apiVersion, "version must not be empty"));
    if (!kind) errs.push(invalid(path.child("kind"), kind, "kind must not be empty"));
    if (!str(ref.name)) errs.push(invalid(path.child("name"), str(ref.name), "name must not be empty"));
    if (!str(ref.uid)) errs.push(invalid(path.child("uid"), str(ref.uid), "uid must not be empty"));
    if (group === "" && version === "v1" && kind === "Event") {
      errs.push(invalid(path, rendered(goOwnerReference(ref)), "/v1, Kind=Event is disallowed from being an owner"));
    }
    if (ref.controller === true) {
      const current = `${kind}/${str(ref.name)}`;
      if (firstController) {
        const all = rendered(`[]v1.OwnerReference{${list.map(goOwnerReference).join(", ")}}`);
        errs.push(
          invalid(
            path,
            all,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else firstController = current;
    }
  }
  return errs;
}

/** ValidateObjectMeta for a create: name generation has already happened. */
export function validateObjectMeta(meta: unknown, opts: ObjectMetaOptions, path: FieldPath = metadataPath): FieldError[] {
  const m = obj(meta) ?? {};
  const errs: FieldError[] = [];
  const generateName = str(m.generateName);
  if (generateName) {
    for (const msg of opts.nameValidator(generateName, true)) errs.push(invalid(path.child("generateName"), generateName, msg));
  }
  const name = str(m.name);
  if (!name) errs.push(required(path.child("name"), "name or generateName is required"));
  else for (const msg of opts.nameValidator(name, false)) errs.push(invalid(path.child("name"), name, msg));

  const namespace = str(m.namespace);
  if (opts.namespaced) {
    if (!namespace) errs.push(required(path.child("namespace")));
    else for (const msg of nameIsDNSLabel(namespace, false)) errs.push(invalid(path.child("namespace"), namespace, msg));
  } else if (namespace) {
    errs.push(forbidden(path.child("namespace"), "not allowed on this type"));
  }

  errs.push(...nonNegative(m.generation, path.child("generation")));
  errs.push(...validateLabels(m.labels, path.child("labels")));
  errs.push(...validateAnnotations(m.annotations, path.child("annotations")));
  errs.push(...validateOwnerReferences(m.ownerReferences, path.child("ownerReferences")));
  errs.push(...validateFinalizers(m.finalizers, path.child("finalizers")));
  if (opts.kubeFinalizers !== false) errs.push(...kubeFinalizerErrors(m.finalizers, path));
  return errs;
}

function kubeFinalizerErrors(finalizers: unknown, path: FieldPath): FieldError[] {
  return arr(finalizers).flatMap((f, i) => validateKubeFinalizerName(str(f), path.child("finalizers").index(i)));
}

/** ValidateImmutableField: "field is immutable", showing the new value. */
export function validateImmutable(newVal: unknown, oldVal: unknown, path: FieldPath | string, shown?: BadValue): FieldError[] {
  if (semanticEqual(newVal, oldVal)) return [];
  return [invalid(path, shown !== undefined ? shown : (newVal as BadValue), "field is immutable")];
}

// metav1.Time prints through its String method: "2024-01-02 03:04:05 +0000 UTC". An absent pointer
// prints as "null"; an absent value as Go's zero time.
function goTime(v: unknown, pointer: boolean): BadValue {
  const s = str(v);
  if (!s) return pointer ? null : rendered("0001-01-01 00:00:00 +0000 UTC");
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const iso = d.toISOString();
  return rendered(`${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`);
}

export interface ObjectMetaUpdateOptions {
  kubeFinalizers?: boolean;
}

/**
 * ValidateObjectMetaUpdate. The registry is expected to have copied uid and creationTimestamp from
 * the stored object when the request omits them, and to have filled resourceVersion on an
 * unconditional update, as upstream's BeforeUpdate and Store.Update do.
 */
export function validateObjectMetaUpdate(
  newMeta: unknown,
  oldMeta: unknown,
  path: FieldPath = metadataPath,
  opts: ObjectMetaUpdateOptions = {},
): FieldError[] {
  const n = obj(newMeta) ?? {};
  const o = obj(oldMeta) ?? {};
  const errs: FieldError[] = [];
  if (str(o.deletionTimestamp)) {
    const old = new Set(arr(o.finalizers).map(str));
    const added = [...new Set(arr(n.finalizers).map(str))].filter((f) => !old.has(f)).sort();
    if (added.length) {
      errs.push(
        forbidden(
          path.child("finalizers"),
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map(goQuote).join(", ")}}`,
        ),
      );
    }
  }
  if (!str(n.resourceVersion)) errs.push(invalid(path.child("resourceVersion"), "", "must be specified for an update"));
  if (typeof n.generation === "number" && typeof o.generation === "number" && n.generation < o.generation) {
    errs.push(invalid(path.child("generation"), n.generation, "must not be decremented"));
  }
  errs.push(...validateImmutable(str(n.name), str(o.name), path.child("name")));
  errs.push(...validateImmutable(str(n.namespace), str(o.namespace), path.child("namespace")));
  errs.push(...validateImmutable(str(n.uid), str(o.uid), path.child("uid")));
  errs.push(...validateImmutable(n.creationTimestamp, o.creationTimestamp, path.child("creationTimestamp"), goTime(n.creationTimestamp, false)));
  errs.push(...validateImmutable(n.deletionTimestamp, o.deletionTimestamp, path.child("deletionTimestamp"), goTime(n.deletionTimestamp, true)));
  errs.push(
    ...validateImmutable(n.deletionGracePeriodSeconds, o.deletionGracePeriodSeconds, path.child("deletionGracePeriodSeconds"),
      typeof n.deletionGracePeriodSeconds === "number" ? n.deletionGracePeriodSeconds : null),
  );
  errs.push(...validateLabels(n.labels, path.child("labels")));
  errs.push(...validateAnnotations(n.annotations, path.child("annotations")));
  errs.push(...validateOwnerReferences(n.ownerReferences, path.child("ownerReferences")));
  if (opts.kubeFinalizers !== false) errs.push(...kubeFinalizerErrors(n.finalizers, path));
  return errs;
}
