// What /version reports. kubectl 1.32+ warns about skew from `minor`, so we claim the newest
// Kubernetes minor whose API we follow.
export const versionInfo = {
  major: "1",
  minor: "33",
  gitVersion: "v1.33.0-ordinal",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2026-11-01T00:00:00Z",
  goVersion: "go1.24.0",
  compiler: "gc",
  platform: "linux/amd64",
};
