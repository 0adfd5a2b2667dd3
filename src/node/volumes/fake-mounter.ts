// An in-memory Mounter for tests: remembers tmpfs mounts and their options, mounts nothing.
import { mountPointsBelow, type Mounter } from "./mounter.ts";

export class FakeMounter implements Mounter {
  /** target -> options of each tmpfs currently "mounted". */
  readonly mounted = new Map<string, readonly string[]>();
  readonly calls: string[] = [];
  /** The next unmount of this target fails, as a busy mount would. */
  failUnmount: string | undefined;

  async mountTmpfs(target: string, options: readonly string[]): Promise<void> {
    this.calls.push(`mount tmpfs ${target} ${options.join(",")}`.trimEnd());
    this.mounted.set(target, options);
  }

  async unmount(target: string): Promise<void> {
    this.calls.push(`umount ${target}`);
    if (this.failUnmount === target) {
      this.failUnmount = undefined;
      throw new Error(`umount ${target} failed: target is busy`);
    }
    if (!this.mounted.delete(target)) throw new Error(`umount ${target} failed: not mounted`);
  }

  async mountPointsUnder(dir: string): Promise<string[]> {
    return mountPointsBelow([...this.mounted.keys()], dir);
  }
}
