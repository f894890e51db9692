#!/usr/bin/env bash
# Installs the VS Code test host: code-server (a real VS Code server, run on Node 24) and headless Chromium
# driven by playwright-core. See test/vscode/runCodeServer.mjs, which reads the host.json written here.
#
# Idempotent: every part is checked first and installed only when missing, so a second run takes about a
# second. Everything goes into a cache folder outside the repository:
#   ${VSCODE_HOST_DIR:-$HOME/.cache/triton-toolkit-vscode-host}
#     node24/       the npm package node@24 (a Node 24 binary and its headers)
#     code-server/  code-server, its native modules compiled by node-gyp against Node 24's headers
#     playwright/   playwright-core (only the driver: the browser is Debian's chromium)
#     host.json     where those are; written last, so it exists only after a complete install
# Debian packages (apt-get, as root or through sudo): build-essential pkg-config python3 libkrb5-dev chromium.
# A first install takes a few minutes (node-gyp builds code-server's native modules) and about 1.3 GB.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1
NODE_SPEC=24
APT_PACKAGES=(build-essential pkg-config python3 libkrb5-dev chromium)

HOST_DIR="${VSCODE_HOST_DIR:-$HOME/.cache/triton-toolkit-vscode-host}"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
started=$(date +%s)

say() { printf '[vscode-host] %s\n' "$*"; }

# --- Debian packages ------------------------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "missing Debian packages (${missing[*]}) and no apt-get: install them by hand" >&2
    exit 1
  fi
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages present: ${APT_PACKAGES[*]}"
fi
if [ ! -x "$CHROMIUM" ]; then
  say "no Chromium at $CHROMIUM" >&2
  exit 1
fi

mkdir -p "$HOST_DIR"

# Installs npm package spec $2 into folder $1 unless $1/.stamp already records that spec. A folder without
# a matching stamp (absent, older version, or an interrupted install) is removed and installed afresh.
npm_install_into() {
  local dir="$1" spec="$2"
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$spec" ]; then
    say "$spec present in $dir"
    return 0
  fi
  say "npm install $spec into $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '{ "private": true }\n' >"$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --no-update-notifier --loglevel=error "$spec")
  printf '%s' "$spec" >"$dir/.stamp"
  rm -f "$HOST_DIR/host.json"
}

# --- Node 24 (from the npm registry) -----------------------------------------------------------------------
npm_install_into "$HOST_DIR/node24" "node@$NODE_SPEC"
case "$(uname -m)" in
  x86_64) node_arch=x64 ;;
  aarch64 | arm64) node_arch=arm64 ;;
  *) node_arch="$(uname -m)" ;;
esac
NODE24_HOME="$HOST_DIR/node24/node_modules/node/node_modules/node-linux-$node_arch"
if [ ! -x "$NODE24_HOME/bin/node" ]; then
  say "node@$NODE_SPEC did not install $NODE24_HOME/bin/node" >&2
  rm -f "$HOST_DIR/node24/.stamp"
  exit 1
fi
say "Node $("$NODE24_HOME/bin/node" --version) at $NODE24_HOME/bin"

# code-server's postinstall accepts only Node 24, and node-gyp must compile against Node 24's headers (the
# machine's ~/.npmrc may point nodedir at another Node's). Both hold while code-server is installed and run.
export PATH="$NODE24_HOME/bin:$PATH"
export npm_config_nodedir="$NODE24_HOME"

# --- code-server and playwright-core ------------------------------------------------------------------
npm_install_into "$HOST_DIR/code-server" "code-server@$CODE_SERVER_VERSION"
npm_install_into "$HOST_DIR/playwright" "playwright-core@$PLAYWRIGHT_CORE_VERSION"

CODE_SERVER_BIN="$HOST_DIR/code-server/node_modules/code-server/out/node/entry.js"
PLAYWRIGHT_CORE="$HOST_DIR/playwright/node_modules/playwright-core"
for f in "$CODE_SERVER_BIN" "$PLAYWRIGHT_CORE/package.json"; do
  if [ ! -f "$f" ]; then
    say "incomplete install: $f is missing (remove $HOST_DIR and run again)" >&2
    exit 1
  fi
done

if [ ! -f "$HOST_DIR/host.json" ]; then
  cat >"$HOST_DIR/host.json" <<EOF
{
  "codeServerVersion": "$CODE_SERVER_VERSION",
  "node": "$NODE24_HOME/bin/node",
  "nodeBin": "$NODE24_HOME/bin",
  "codeServer": "$CODE_SERVER_BIN",
  "playwrightCore": "$PLAYWRIGHT_CORE",
  "chromium": "$CHROMIUM"
}
EOF
fi
say "ready in $HOST_DIR ($(($(date +%s) - started)) s)"
