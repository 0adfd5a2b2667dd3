// The runc runtime's start failures: ContainerStartError lives with the PodRuntime contract
// (pod-runtime.ts); createContainerError is the runtime refusing a container as specified.
import { ContainerStartError } from "../pod-runtime.ts";

export { ContainerStartError };

export const createContainerError = (message: string): ContainerStartError => new ContainerStartError("CreateContainerError", message);
