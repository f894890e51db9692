#!/usr/bin/env bash
# Installs Microsoft's SARIF multitool (@microsoft/sarif-multitool, about 100 MB with its .NET runtime), which
# test/cli/sarif.test.ts uses to validate `triton-repo check --format sarif`. It goes into a cache folder
# outside the repository, so `npm ci` stays light:
#   ${SARIF_MULTITOOL_DIR:-$HOME/.cache/triton-toolkit-sarif-multitool}
#     node_modules/   the npm package and its platform package
#     tool.json       where the tool's executable is; written last, so it exists only after a complete install
# Idempotent: a second run with the same version only checks the stamp.
set -euo pipefail

SARIF_MULTITOOL_VERSION=5.7.0
TOOL_DIR="${SARIF_MULTITOOL_DIR:-$HOME/.cache/triton-toolkit-sarif-multitool}"
spec="@microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION"

say() { printf '[sarif-multitool] %s\n' "$*"; }

if [ -f "$TOOL_DIR/.stamp" ] && [ "$(cat "$TOOL_DIR/.stamp")" = "$spec" ] && [ -f "$TOOL_DIR/tool.json" ]; then
  say "$spec present in $TOOL_DIR"
  exit 0
fi
say "npm install $spec into $TOOL_DIR"
rm -rf "$TOOL_DIR"
mkdir -p "$TOOL_DIR"
printf '{ "private": true }\n' >"$TOOL_DIR/package.json"
(cd "$TOOL_DIR" && npm install --no-audit --no-fund --no-update-notifier --loglevel=error "$spec")
# The package's main export is the path of its native executable (bin.js runs it through a shell, which
# would split the `;` of `--level "Error;Warning"`): tests run that executable directly.
EXE="$(cd "$TOOL_DIR" && node -p "require('@microsoft/sarif-multitool')")"
if [ ! -x "$EXE" ]; then
  say "incomplete install: no executable at $EXE" >&2
  exit 1
fi
printf '%s' "$spec" >"$TOOL_DIR/.stamp"
printf '{ "version": "%s", "exe": "%s" }\n' "$SARIF_MULTITOOL_VERSION" "$EXE" >"$TOOL_DIR/tool.json"
say "ready: $EXE validate <file.sarif>"
