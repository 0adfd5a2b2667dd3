// Why a container could not be created, as the waiting reason the kubelet shows for it:
// ErrImagePull, ErrImageNeverPull, InvalidImageName (no usable image), CreateContainerConfigError
// (the kubelet refused the spec: volumes/container-env.ts's ContainerConfigError has the same
// shape), CreateContainerError (the runtime refused it), PostStartHookError (the postStart hook
// failed and the container was stopped). The agent shows the reason and retries with back-off.
export class ContainerStartError extends Error {
  readonly reason: string;

  constructor(reason: string, message: string) {
    super(message);
    this.name = "ContainerStartError";
    this.reason = reason;
  }
}

export const createContainerError = (message: string): ContainerStartError => new ContainerStartError("CreateContainerError", message);
