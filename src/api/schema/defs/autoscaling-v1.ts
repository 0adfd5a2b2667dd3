// autoscaling/v1 Scale: the body of every scale subresource (statefulsets/scale and others).

import { s } from "../schema.ts";
import type { Definitions } from "../schema.ts";
import { resource } from "./_resource.ts";

const autoscaling = (name: string): string => `io.k8s.api.autoscaling.v1.${name}`;

export const autoscalingDefinitions: Definitions = {
  [autoscaling("Scale")]: resource(
    { group: "autoscaling", version: "v1", kind: "Scale" },
    "The replica count of a scalable resource, read and written through its scale subresource.",
    {
      spec: s.ref(autoscaling("ScaleSpec"), "Desired replica count."),
      status: s.ref(autoscaling("ScaleStatus"), "Observed replica count and selector."),
    },
  ),

  [autoscaling("ScaleSpec")]: s.obj(
    { replicas: s.int("Number of replicas wanted.") },
    { description: "Desired scale of a resource." },
  ),

  [autoscaling("ScaleStatus")]: s.obj(
    {
      replicas: s.int("Number of replicas observed."),
      selector: s.str("Label selector of the replicas, in string form (e.g. app=web)."),
    },
    { description: "Observed scale of a resource.", required: ["replicas"] },
  ),
};
