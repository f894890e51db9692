#!/usr/bin/env bash
# Builds an image of the REAL nginx (Debian's nginx-light binary, not a test double) without a registry: the
# binary and the shared libraries ldd names, the directories its build expects, the users its workers take,
# imported with `docker import` (DOCKER_IN_CI.md). Usage: build-image.sh TAG
set -euo pipefail
tag=${1:?usage: build-image.sh TAG}
nginx=${NGINX:-/usr/sbin/nginx}
[ -x "$nginx" ] || { echo "no $nginx: apt-get install nginx-light" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/sbin" "$root/etc/nginx" "$root/var/lib/nginx" "$root/var/log/nginx" "$root/run" "$root/tmp"
cp "$nginx" "$root/usr/sbin/nginx"
# The loader and every library, at the paths the binary asks for.
for lib in $(ldd "$nginx" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# Workers run as nobody (the build's default user; its group is nogroup on Debian, nobody elsewhere).
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\nnobody:x:65533:\n' >"$root/etc/group"
chmod 1777 "$root/tmp"
tar -C "$root" -c . | docker import \
  -c 'ENV PATH=/usr/sbin:/usr/bin:/bin' \
  -c 'CMD ["nginx", "-g", "daemon off;"]' \
  -m "Debian's nginx $("$nginx" -v 2>&1 | sed 's/.*nginx\///'), for tests" - "$tag" >/dev/null
echo "$tag"
