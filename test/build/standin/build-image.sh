#!/usr/bin/env bash
# Builds the BUILD STAND-IN image (a test double: it is NOT TensorRT-LLM) without a registry: Debian's
# busybox-static, its applet links, and stand-in scripts for trtllm-build, convert_checkpoint.py and the
# python3 that runs it, imported with `docker import`. Usage: build-image.sh TAG
set -euo pipefail
tag=${1:?usage: build-image.sh TAG}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../deploy/standin/busybox-rootfs.sh
source "$here/../../deploy/standin/busybox-rootfs.sh"
mkdir -p "$root/app/tensorrt_llm/examples/models/core/llama"
install -m 0755 "$here/trtllm-build" "$here/python3" "$root/usr/bin/"
install -m 0755 "$here/convert_checkpoint.py" "$root/app/tensorrt_llm/examples/models/core/llama/"
tar -C "$root" -c . | docker import \
  -c 'ENV PATH=/usr/bin:/bin' \
  -c 'CMD ["trtllm-build", "--help"]' \
  -m 'stand-in for trtllm-build and convert_checkpoint.py (test double, not TensorRT-LLM)' - "$tag" >/dev/null
echo "$tag"
