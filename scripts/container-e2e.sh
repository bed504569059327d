#!/usr/bin/env bash
# Build the action's image offline and run it exactly as the GitHub runner does.
# Installs Docker and debootstrap from Debian's packages when missing, starts the
# daemon with no bridge network (nothing on private addresses), builds the base
# image locally, builds the action image with no layer cache (what a job pays for
# `image: Dockerfile`), prints its size (and compressed: what a job pulls for the
# released image), the cold build time and the median start-up time of 5 runs,
# then runs tests/e2e/test_container.py against it (emulator and fake GitHub on
# 127.0.0.1).
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

# The build stage trusts what this machine trusts (a TLS-intercepting proxy's CA
# included); build-base-image.sh keeps that bundle out of the action's image.
build_args=(--build-arg BASE_IMAGE=debian:bookworm-slim --build-arg DEBIAN_SNAPSHOT=)
ca_bundle="${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}"
if [ -f "$ca_bundle" ]; then
  scripts/build-base-image.sh --ca-bundle "$ca_bundle"
  build_args+=(--build-arg BUILD_BASE_IMAGE=smartling-context-build-base:local)
else
  scripts/build-base-image.sh
fi
start=$(date +%s%N)
if ! docker build --network host --no-cache "${build_args[@]}" -t "$IMAGE" . >/tmp/container-build.log 2>&1; then
  cat /tmp/container-build.log >&2
  exit 1
fi
build_ms=$(( ($(date +%s%N) - start) / 1000000 ))

size=$(docker image inspect "$IMAGE" --format '{{.Size}}')
compressed=$(docker save "$IMAGE" | gzip -6 | wc -c)
echo "image $IMAGE: $((size / 1000000)) MB ($((compressed / 1000000)) MB compressed, what a job pulls)"
echo "cold build (no layer cache, what a job pays for image: Dockerfile): $((build_ms / 1000)).$(( build_ms % 1000 / 100 )) s"
env_leaks=$(docker image inspect "$IMAGE" --format '{{range .Config.Env}}{{println .}}{{end}}' \
  | grep -E '^(PIP_CERT|REQUESTS_CA_BUNDLE|SSL_CERT_FILE)=' || true)
[ -z "$env_leaks" ] || { echo "the build machine's CA settings leaked into the image: $env_leaks" >&2; exit 1; }

# Start-up: docker run to the first log line, on an event the action skips.
event_dir=$(mktemp -d)
echo '{"action": "closed", "pull_request": {}}' >"$event_dir/event.json"
times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  docker run --rm --network host -v "$event_dir:/github/workflow" -e GITHUB_EVENT_NAME=pull_request \
    -e GITHUB_EVENT_PATH=/github/workflow/event.json -e INPUT_PROJECT-ID=abcd12345 "$IMAGE" \
    | head -n 1 >/dev/null
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "container start to first log line: median ${median} ms of 5 (${times[*]} ms)"
# Of which Docker and the interpreter alone: the same run of `python -c pass`.
bare=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  docker run --rm --network host --entrypoint /usr/bin/python3 "$IMAGE" -c pass
  bare+=($(( ($(date +%s%N) - start) / 1000000 )))
done
echo "  of which docker run + bare Python: median $(printf '%s\n' "${bare[@]}" | sort -n | sed -n 3p) ms"
rm -rf "$event_dir"

SMARTLING_CONTAINER_IMAGE="$IMAGE" "$PYTHON" -m pytest -q tests/e2e/test_container.py
