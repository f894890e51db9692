#!/usr/bin/env bash
# Entry point of the GitHub Action (action.yml): installs the packaged CLI, runs `triton-repo check`, and
# writes `exit-code` (and `sarif-file`) to $GITHUB_OUTPUT. It exits 0 itself, so that action.yml can upload
# the SARIF before failing the job with the check's exit status.
set -euo pipefail

paths="${TRITON_REPO_PATHS:-.}"
sarif="${TRITON_REPO_SARIF:-false}"
sarif_file="${TRITON_REPO_SARIF_FILE:-triton-repo.sarif}"
package="${TRITON_REPO_PACKAGE:-}"
action_dir="$(cd "$(dirname "$0")/../.." && pwd)"
output="${GITHUB_OUTPUT:-/dev/null}"
prefix="${RUNNER_TEMP:-$(mktemp -d)}/triton-repo-cli"

# --- the CLI: the npm package, installed into a prefix of its own ---------------------------------------
if [ -z "$package" ]; then
  echo "::group::Packing triton-repo from $action_dir"
  (cd "$action_dir" && npm ci --no-audit --no-fund && node scripts/pack-cli.mjs --destination "$prefix-pack")
  package="$(ls "$prefix-pack"/triton-repo-*.tgz)"
  echo "::endgroup::"
elif [[ "$package" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]; then
  package="triton-repo@$package"
fi
npm install -g --prefix "$prefix" --no-audit --no-fund --loglevel=error "$package" >/dev/null
cli="$prefix/bin/triton-repo"
echo "triton-repo $("$cli" --version)"

# --- the check ----------------------------------------------------------------------------------------
read -r -a path_list <<<"$paths"
read -r -a extra <<<"${TRITON_REPO_ARGS:-}"
status=0
if [ "$sarif" = "true" ]; then
  mkdir -p "$(dirname "$sarif_file")"
  "$cli" check "${path_list[@]}" --format sarif "${extra[@]}" >"$sarif_file" || status=$?
  echo "sarif-file=$sarif_file" >>"$output"
  echo "SARIF written to $sarif_file (exit status $status)"
else
  "$cli" check "${path_list[@]}" --format github "${extra[@]}" || status=$?
fi
echo "exit-code=$status" >>"$output"
