// Node socket errors in the words Go's net package uses, because probe failures reach users as
// event text ("dial tcp 10.244.0.5:80: connect: connection refused") and that text is what
// kubectl describe shows on a real cluster.

/** "10.244.0.5:80", or "[fd00::5]:80" for IPv6, as Go's net.JoinHostPort. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

const connectErrors: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  EHOSTUNREACH: "no route to host",
  ENETUNREACH: "network is unreachable",
  ETIMEDOUT: "connection timed out",
  EADDRNOTAVAIL: "cannot assign requested address",
};

interface SocketErrorLike {
  code?: string;
  syscall?: string;
  message?: string;
}

/** Where the failing connection was, for read and write errors ("10.0.0.1:4321->10.244.0.5:80"). */
export interface ConnectionEnds {
  local?: string;
  remote: string;
}

/** The error text Go would report for a failed dial to `hostPort` or a broken connection. */
export function goNetError(e: unknown, host: string, hostPort: string, ends?: ConnectionEnds): string {
  const err = (e ?? {}) as SocketErrorLike;
  const code = err.code ?? "";
  const message = err.message ?? String(e);
  if (code in connectErrors) return `dial tcp ${hostPort}: connect: ${connectErrors[code]}`;
  if (code === "ENOTFOUND") return `dial tcp: lookup ${host}: no such host`;
  if (code === "EAI_AGAIN") return `dial tcp: lookup ${host}: server misbehaving`;
  const pair = ends?.local ? `${ends.local}->${ends.remote}` : (ends?.remote ?? hostPort);
  // Node says "socket hang up" when the peer closed before answering; Go reads that as EOF.
  if (message === "socket hang up") return "EOF";
  if (code === "ECONNRESET") return `read tcp ${pair}: read: connection reset by peer`;
  if (code === "EPIPE") return `write tcp ${pair}: write: broken pipe`;
  if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || /wrong version number/.test(message)) return "http: server gave HTTP response to HTTPS client";
  if (code.startsWith("HPE_")) return "net/http: HTTP/1.x transport connection broken: malformed HTTP response";
  return message;
}
