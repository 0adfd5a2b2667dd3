// Services: cluster IPs and node ports are allocated on create and immutable afterwards.
import type { Backend } from "../../../store/backend.ts";
import { isPlainObject } from "../../../api/meta.ts";
import type { ResourceStrategy } from "../strategy.ts";
import { defineKind } from "./define-kind.ts";
import { ServiceAllocator } from "./service-allocator.ts";

export function services(backend: Backend): ResourceStrategy {
  const allocator = new ServiceAllocator(backend);
  return defineKind({
    group: "",
    version: "v1",
    kind: "Service",
    plural: "services",
    namespaced: true,
    shortNames: ["svc"],
    categories: ["all"],
    hasStatus: true,
    subresources: ["proxy"],
    prepareForCreate(svc) {
      svc.status = { loadBalancer: {} };
      allocator.assign(svc);
    },
    prepareForUpdate(svc, old) {
      const spec = isPlainObject(svc.spec) ? svc.spec : (svc.spec = {});
      const oldSpec = isPlainObject(old.spec) ? old.spec : {};
      if (spec.clusterIP === undefined || spec.clusterIP === "") spec.clusterIP = oldSpec.clusterIP;
      if (spec.clusterIPs === undefined) spec.clusterIPs = oldSpec.clusterIPs;
    },
  });
}
