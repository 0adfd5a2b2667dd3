// Where the runc runtime keeps things under its home ($ORDINAL_HOME/node):
//
//   runc/                         runc's state root (--root)
//   exits/<container id>          exit codes, written by conmon
//   sockets/<container id>        conmon's attach-socket links
//   pods/<uid>/pod.json           the pod and its containers (pod-record.ts)
//   pods/<uid>/etc/               hosts, hostname, resolv.conf, bind-mounted into every container
//   pods/<uid>/bundles/<id>/      an OCI bundle: config.json, rootfs (overlay), upper, work, and
//                                 conmon's ctl FIFO, pid files and oom marker
//   pods/<uid>/logs/<name>/<attempt>.log   container logs (CRI format), as /var/log/pods
//
// The pod directory is shared with the volume manager (volumes/pod-volumes.ts), which keeps
// volumes/ and containers/ (termination logs) there; the runtime never removes those.
// Container cgroups are <cgroup parent>/pod<uid>/<container id> in every v1 hierarchy.
import { join } from "node:path";

export class NodeLayout {
  readonly home: string;
  readonly runcRoot: string;
  readonly exitDir: string;
  readonly socketDir: string;
  readonly podsDir: string;
  /** "/ordinal": the cgroup every pod's cgroup sits under. */
  readonly cgroupParent: string;

  constructor(home: string, cgroupParent = "/ordinal") {
    this.home = home;
    this.runcRoot = join(home, "runc");
    this.exitDir = join(home, "exits");
    this.socketDir = join(home, "sockets");
    this.podsDir = join(home, "pods");
    this.cgroupParent = cgroupParent;
  }

  podDir(uid: string): string {
    return join(this.podsDir, uid);
  }

  podRecord(uid: string): string {
    return join(this.podDir(uid), "pod.json");
  }

  etcDir(uid: string): string {
    return join(this.podDir(uid), "etc");
  }

  bundlesDir(uid: string): string {
    return join(this.podDir(uid), "bundles");
  }

  bundle(uid: string, id: string): string {
    return join(this.bundlesDir(uid), id);
  }

  logsDir(uid: string): string {
    return join(this.podDir(uid), "logs");
  }

  logDir(uid: string, name: string): string {
    return join(this.logsDir(uid), name);
  }

  logPath(uid: string, name: string, attempt: number): string {
    return join(this.logDir(uid, name), `${attempt}.log`);
  }

  exitFile(id: string): string {
    return join(this.exitDir, id);
  }

  socketLink(id: string): string {
    return join(this.socketDir, id);
  }

  podCgroup(uid: string): string {
    return `${this.cgroupParent}/pod${uid}`;
  }

  cgroupsPath(uid: string, id: string): string {
    return `${this.podCgroup(uid)}/${id}`;
  }
}
