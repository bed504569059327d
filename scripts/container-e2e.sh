#!/usr/bin/env bash
# Build the action's image offline and run it exactly as the GitHub runner does.
# Installs Docker and debootstrap from Debian's packages when missing, starts the
# daemon with no bridge network (nothing on private addresses), builds the base
# image locally, builds the action image, prints its size and start-up time, and
# runs tests/e2e/test_container.py against it (emulator and fake GitHub on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE="smartling-context-action:ci"
PYTHON="${PYTHON:-.venv/bin/python}"

if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io debootstrap >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  nohup dockerd --bridge=none --iptables=false --ip6tables=false >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { cat /tmp/dockerd.log >&2; exit 1; }
fi

# Trust what this machine trusts (a TLS-intercepting proxy's CA included).
ca_bundle="${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}"
ca_args=()
[ -f "$ca_bundle" ] && ca_args=(--ca-bundle "$ca_bundle")
scripts/build-base-image.sh "${ca_args[@]}"
docker build --network host -q -t "$IMAGE" . >/dev/null

size=$(docker image inspect "$IMAGE" --format '{{.Size}}')
echo "image $IMAGE: $((size / 1000000)) MB"
# Start-up: docker run to the first log line, on an event the action skips.
event_dir=$(mktemp -d)
echo '{"action": "closed", "pull_request": {}}' >"$event_dir/event.json"
start=$(date +%s%N)
docker run --rm --network host -v "$event_dir:/github/workflow" -e GITHUB_EVENT_NAME=pull_request \
  -e GITHUB_EVENT_PATH=/github/workflow/event.json -e INPUT_PROJECT-ID=abcd12345 "$IMAGE" \
  | head -n 1 >/dev/null
echo "container start to first log line: $(( ($(date +%s%N) - start) / 1000000 )) ms"
rm -rf "$event_dir"

SMARTLING_CONTAINER_IMAGE="$IMAGE" "$PYTHON" -m pytest -q tests/e2e/test_container.py
