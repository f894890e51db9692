#!/usr/bin/env bash
# Builds a BUILD STAND-IN image (a test double: it is NOT TensorRT-LLM) without a registry: Debian's
# busybox-static, its applet links, and stand-in scripts for trtllm-build, convert_checkpoint.py and the
# python3 that runs it, imported with `docker import`. VERSION is the TensorRT-LLM release it imitates
# (default 1.2.1), and decides where the convert scripts go, as TRTLLM_VERIFIED.md section 3 says the Triton
# images keep them: none before 0.17 (images up to 24.12 have no /app), /app/examples/<family>/ for 0.17 to
# 0.19, /app/examples/models/core/<family>/ (Falcon: models/contrib/) from 0.20. The stand-in tools parse
# their arguments as that release does. Usage: build-image.sh TAG [VERSION]
set -euo pipefail
tag=${1:?usage: build-image.sh TAG [VERSION]}
version=${2:-1.2.1}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../deploy/standin/busybox-rootfs.sh
source "$here/../../deploy/standin/busybox-rootfs.sh"
install -m 0755 "$here/trtllm-build" "$here/python3" "$root/usr/bin/"
minor=$(echo "$version" | awk -F. '{ printf "%d%03d", $1, $2 }')
for family in llama qwen gpt gemma phi falcon; do
  if [ "$minor" -lt 17 ]; then continue; fi
  if [ "$minor" -lt 20 ]; then dir="$root/app/examples/$family"
  elif [ "$family" = falcon ]; then dir="$root/app/examples/models/contrib/$family"
  else dir="$root/app/examples/models/core/$family"; fi
  mkdir -p "$dir"
  install -m 0755 "$here/convert_checkpoint.py" "$dir/"
done
tar -C "$root" -c . | docker import \
  -c 'ENV PATH=/usr/bin:/bin' \
  -c "ENV STANDIN_TRTLLM_VERSION=$version" \
  -c 'CMD ["trtllm-build", "--help"]' \
  -m "stand-in for trtllm-build and convert_checkpoint.py of TensorRT-LLM $version (test double, not TensorRT-LLM)" - "$tag" >/dev/null
echo "$tag"
