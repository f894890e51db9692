#!/usr/bin/env bash
# Builds a TEMPLATES STAND-IN image (a test double: it is NOT a Triton or TensorRT-LLM image) without a
# registry: Debian's busybox-static and its applet links, plus, by KIND, our own small template files
# (all_models/ here, written for this project) where the backend's images are expected to keep them.
#   templates  all_models at /app/all_models (both layouts)
#   elsewhere  a /app/all_models without a known layout, and only llmapi at
#              /app/tensorrt_llm/triton_backend/all_models (the newer place)
#   empty      no templates anywhere
# Usage: build-image.sh TAG KIND
set -euo pipefail
tag=${1:?usage: build-image.sh TAG KIND}
kind=${2:?usage: build-image.sh TAG KIND}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../deploy/standin/busybox-rootfs.sh
source "$here/../../deploy/standin/busybox-rootfs.sh"
case "$kind" in
  templates)
    mkdir -p "$root/app"
    cp -r "$here/all_models" "$root/app/all_models"
    ;;
  elsewhere)
    mkdir -p "$root/app/all_models/unknown_family" "$root/app/tensorrt_llm/triton_backend/all_models"
    echo 'name: "unknown_family"' >"$root/app/all_models/unknown_family/config.pbtxt"
    cp -r "$here/all_models/llmapi" "$root/app/tensorrt_llm/triton_backend/all_models/llmapi"
    ;;
  empty) ;;
  *) echo "unknown KIND $kind" >&2; exit 2 ;;
esac
tar -C "$root" -c . | docker import \
  -c 'ENV PATH=/usr/bin:/bin' \
  -c 'CMD ["sh"]' \
  -m "templates stand-in ($kind): a test double, not a Triton image" - "$tag" >/dev/null
echo "$tag"
