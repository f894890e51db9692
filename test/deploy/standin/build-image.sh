#!/usr/bin/env bash
# Builds the STAND-IN image (a test double, not Triton) without a registry: Debian's busybox-static, its
# applet links and the stand-in scripts beside it, imported with `docker import`. Usage: build-image.sh TAG
set -euo pipefail
tag=${1:?usage: build-image.sh TAG}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=busybox-rootfs.sh
source "$here/busybox-rootfs.sh"
mkdir -p "$root/models"
install -m 0755 "$here/tritonserver" "$here/mpirun" "$root/usr/bin/"
install -m 0755 "$here/http" "$root/usr/bin/standin-http"
tar -C "$root" -c . | docker import \
  -c 'ENV PATH=/usr/bin:/bin' \
  -c 'CMD ["tritonserver"]' \
  -m 'stand-in for tritonserver (test double)' - "$tag" >/dev/null
echo "$tag"
