// SetDefaults_Container and the generated defaults of everything a container holds: ports, env
// field references, resources, probes and lifecycle handlers.
import { obj, objects, str, type JsonObject } from "../validation/json-access.ts";
import { defaultResourceRequirements } from "./resource-list.ts";

/** The tag an image reference resolves to: "latest" when neither tag nor digest is given. */
export function imageTag(image: string): string | undefined {
  if (!image || /\s/.test(image)) return undefined;
  const at = image.indexOf("@");
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf("/");
  const colon = name.indexOf(":", lastSlash + 1);
  const repository = colon >= 0 ? name.slice(0, colon) : name;
  // Repository path components must be lower case; a reference that fails to parse has no tag.
  const path = repository.includes("/") && /[.:A-Z]|^localhost$/.test(repository.split("/")[0])
    ? repository.slice(repository.indexOf("/") + 1)
    : repository;
  if (!path || /[A-Z]/.test(path)) return undefined;
  if (colon >= 0) return name.slice(colon + 1);
  return at >= 0 ? "" : "latest";
}

export function defaultImagePullPolicy(image: string): "Always" | "IfNotPresent" {
  return imageTag(image) === "latest" ? "Always" : "IfNotPresent";
}

export function defaultHTTPGet(action: unknown): void {
  const a = obj(action);
  if (!a) return;
  if (!str(a.path)) a.path = "/";
  if (!str(a.scheme)) a.scheme = "HTTP";
}

export function defaultProbe(probe: unknown): void {
  const p = obj(probe);
  if (!p) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHTTPGet(p.httpGet);
  const grpc = obj(p.grpc);
  if (grpc && grpc.service === undefined) grpc.service = "";
}

/** ObjectFieldSelector.apiVersion defaults to "v1" (env vars and downward API volumes). */
export function defaultFieldRef(holder: unknown): void {
  const fieldRef = obj(obj(holder)?.fieldRef);
  if (fieldRef && !str(fieldRef.apiVersion)) fieldRef.apiVersion = "v1";
}

export function defaultContainer(c: JsonObject): void {
  if (!str(c.imagePullPolicy)) c.imagePullPolicy = defaultImagePullPolicy(str(c.image));
  if (!str(c.terminationMessagePath)) c.terminationMessagePath = "/dev/termination-log";
  if (!str(c.terminationMessagePolicy)) c.terminationMessagePolicy = "File";
  for (const [port] of objects(c.ports)) if (!str(port.protocol)) port.protocol = "TCP";
  for (const [env] of objects(c.env)) defaultFieldRef(env.valueFrom);
  // ResourceRequirements is a struct, not a pointer, so a real server always writes "resources: {}".
  if (!obj(c.resources)) c.resources = {};
  defaultResourceRequirements(c.resources);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  const lifecycle = obj(c.lifecycle);
  if (lifecycle) {
    defaultHTTPGet(obj(lifecycle.postStart)?.httpGet);
    defaultHTTPGet(obj(lifecycle.preStop)?.httpGet);
  }
}

/** SetDefaults_Pod: requests default to limits for every resource that has only a limit. */
export function defaultRequestsFromLimits(c: JsonObject): void {
  const resources = obj(c.resources);
  const limits = obj(resources?.limits);
  if (!resources || !limits) return;
  const requests = obj(resources.requests) ?? {};
  for (const [key, value] of Object.entries(limits)) if (!(key in requests)) requests[key] = value;
  resources.requests = requests;
}

/** With host networking, an unset hostPort takes the containerPort. */
export function defaultHostNetworkPorts(containers: unknown): void {
  for (const [c] of objects(containers)) {
    for (const [port] of objects(c.ports)) if (!port.hostPort) port.hostPort = port.containerPort;
  }
}

