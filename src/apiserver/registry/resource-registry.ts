// The served resources, in discovery order: core first, then groups in the order the real
// /apis lists them, resources alphabetical within a group version.
import type { Backend } from "../../store/backend.ts";
import { GenericStore } from "./generic-store.ts";
import type { ResourceStrategy } from "./strategy.ts";

const GROUP_ORDER = ["", "apps", "events.k8s.io", "storage.k8s.io", "coordination.k8s.io", "discovery.k8s.io"];

export interface GroupVersion {
  group: string;
  version: string;
}

export function groupVersionString(gv: GroupVersion): string {
  return gv.group ? `${gv.group}/${gv.version}` : gv.version;
}

// Plain code-point order: localeCompare would page in the ICU collation data (megabytes of RSS).
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class ResourceRegistry {
  readonly #stores: GenericStore[];

  constructor(backend: Backend, strategies: readonly ResourceStrategy[]) {
    const rank = (g: string) => {
      const i = GROUP_ORDER.indexOf(g);
      return i < 0 ? GROUP_ORDER.length : i;
    };
    this.#stores = [...strategies]
      .sort((a, b) => rank(a.names.group) - rank(b.names.group) || byCodePoint(a.names.group, b.names.group) || byCodePoint(a.names.plural, b.names.plural))
      .map((s) => new GenericStore(backend, s));
  }

  all(): readonly GenericStore[] {
    return this.#stores;
  }

  groupVersions(): GroupVersion[] {
    const seen = new Map<string, GroupVersion>();
    for (const s of this.#stores) {
      const gv = { group: s.strategy.names.group, version: s.strategy.names.version };
      seen.set(groupVersionString(gv), gv);
    }
    return [...seen.values()];
  }

  inGroupVersion(gv: GroupVersion): GenericStore[] {
    return this.#stores.filter((s) => s.strategy.names.group === gv.group && s.strategy.names.version === gv.version);
  }

  lookup(group: string, version: string, plural: string): GenericStore | undefined {
    return this.#stores.find((s) => s.strategy.names.group === group && s.strategy.names.version === version && s.strategy.names.plural === plural);
  }

  byKind(group: string, kind: string): GenericStore | undefined {
    return this.#stores.find((s) => s.strategy.names.group === group && s.strategy.names.kind === kind);
  }
}
