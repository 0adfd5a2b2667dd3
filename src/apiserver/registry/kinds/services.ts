// Services: cluster IPs and node ports are allocated on create and kept across updates.
import type { Backend } from "../../../store/backend.ts";
import { defaultService, prepareServiceUpdate, validateService, validateServiceStatusUpdate, validateServiceUpdate } from "../../../api/core/service.ts";
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
    prepareForUpdate: prepareServiceUpdate,
    defaults: defaultService,
    validate: validateService,
    validateUpdate: validateServiceUpdate,
    validateStatusUpdate: validateServiceStatusUpdate,
  });
}
