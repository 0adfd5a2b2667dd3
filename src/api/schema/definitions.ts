// Every type schema the server knows, keyed by upstream definition name. Each defs/ file owns one
// group/version (core/v1 is split by topic); their keys never overlap (see definitions.test.ts).

import type { Definitions } from "./schema.ts";
import { appsDefinitions } from "./defs/apps-v1.ts";
import { autoscalingDefinitions } from "./defs/autoscaling-v1.ts";
import { coordinationDefinitions } from "./defs/coordination-v1.ts";
import { corePodDefinitions } from "./defs/core-v1-pod.ts";
import { coreDefinitions } from "./defs/core-v1.ts";
import { discoveryDefinitions } from "./defs/discovery-v1.ts";
import { eventsDefinitions } from "./defs/events-v1.ts";
import { metaDefinitions } from "./defs/meta-v1.ts";
import { policyDefinitions } from "./defs/policy-v1.ts";
import { storageDefinitions } from "./defs/storage-v1.ts";

/** The maps that make up `definitions`, by source file; exported so tests can check they are disjoint. */
export const definitionSources: Readonly<Record<string, Definitions>> = {
  "meta-v1": metaDefinitions,
  "core-v1": coreDefinitions,
  "core-v1-pod": corePodDefinitions,
  "apps-v1": appsDefinitions,
  "autoscaling-v1": autoscalingDefinitions,
  "policy-v1": policyDefinitions,
  "storage-v1": storageDefinitions,
  "discovery-v1": discoveryDefinitions,
  "coordination-v1": coordinationDefinitions,
  "events-v1": eventsDefinitions,
};

export const definitions: Definitions = Object.assign({}, ...Object.values(definitionSources));
