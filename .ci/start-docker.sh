#!/usr/bin/env bash
# Starts a private Docker Engine for the container tests (see README, "Testing against Docker"):
# Debian's dockerd with its own socket, data root and pid file, so it never meets another engine on the
# machine. There is no systemd here, and no registry: the tests build their stand-in image with `docker import`.
#
#   bash .ci/start-docker.sh          start (or reuse) it; prints `export DOCKER_HOST=unix://...` on stdout
#   bash .ci/start-docker.sh --stop   remove its containers, stop it, delete docker0
#
# Needs root and the Debian packages docker.io and busybox-static (.ci/run installs them).
set -euo pipefail

DIR="${TRITON_DOCKER_DIR:-/tmp/triton-toolkit-docker}"
SOCK="$DIR/docker.sock"
PIDFILE="$DIR/dockerd.pid"
export DOCKER_HOST="unix://$SOCK"
say() { printf '[start-docker] %s\n' "$*" >&2; }

ping() { curl -sf --max-time 2 --unix-socket "$SOCK" http://docker/_ping >/dev/null 2>&1; }

if [ "${1:-}" = "--stop" ]; then
  if [ -f "$PIDFILE" ]; then
    ids=$(docker ps -aq 2>/dev/null || true)
    if [ -n "$ids" ]; then docker rm -f $ids >/dev/null 2>&1 || true; fi
    pid=$(cat "$PIDFILE")
    kill "$pid" 2>/dev/null || true
    # dockerd stops its own containerd first; that takes a few seconds.
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if ip link show docker0 >/dev/null 2>&1; then ip link delete docker0 || true; fi
    say "stopped"
  fi
  exit 0
fi

if ping; then
  say "reusing the engine at $SOCK"
  echo "export DOCKER_HOST=$DOCKER_HOST"
  exit 0
fi

command -v dockerd >/dev/null || { say "dockerd missing: apt-get install -y docker.io"; exit 1; }
mkdir -p "$DIR"
started=$(date +%s.%N)
# iptables is not usable in these VMs; the cgroupfs driver because there is no systemd. Port publishing on
# 127.0.0.1 still works (docker-proxy).
nohup dockerd \
  --host "$DOCKER_HOST" \
  --data-root "$DIR/data" \
  --exec-root "$DIR/exec" \
  --pidfile "$PIDFILE" \
  --iptables=false --ip6tables=false \
  --exec-opt native.cgroupdriver=cgroupfs \
  >"$DIR/dockerd.log" 2>&1 &
for _ in $(seq 1 300); do
  if ping; then
    say "dockerd answers on $SOCK after $(awk -v a="$started" -v b="$(date +%s.%N)" "BEGIN{printf \"%.1f\", b-a}") s"
    echo "export DOCKER_HOST=$DOCKER_HOST"
    exit 0
  fi
  sleep 0.1
done
say "dockerd did not answer within 30 s; its log:"
tail -n 30 "$DIR/dockerd.log" >&2
exit 1
