#!/usr/bin/env bash
# Build the Dockerfile's base image (debian:bookworm-slim) locally from Debian's
# packages, for machines that cannot pull from Docker Hub (air-gapped, proxied).
# The Dockerfile pins the published image by digest; build with
# `--build-arg BASE_IMAGE=debian:bookworm-slim` to use this local one instead.
#
#   scripts/build-base-image.sh [--ca-bundle FILE] [--mirror URL]
#
# --ca-bundle: a CA bundle for networks that intercept TLS. It goes into a second,
# separate image, `smartling-context-build-base:local` (the base plus the bundle and
# PIP_CERT), meant only for the Dockerfile's build stage:
# `--build-arg BUILD_BASE_IMAGE=smartling-context-build-base:local`. The base
# image itself, and so the action's image, never holds the bundle nor PIP_CERT.
set -euo pipefail

IMAGE="debian:bookworm-slim"
BUILD_IMAGE="smartling-context-build-base:local"
MIRROR="http://deb.debian.org/debian"
CA_BUNDLE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ca-bundle) CA_BUNDLE="$2"; shift 2 ;;
    --mirror) MIRROR="$2"; shift 2 ;;
    *) echo "usage: $0 [--ca-bundle FILE] [--mirror URL]" >&2; exit 2 ;;
  esac
done

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE is already present"
else
  command -v debootstrap >/dev/null || { echo "needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }
  root="$(mktemp -d)"
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase bookworm "$root" "$MIRROR"
  # Slim as the published image is: dpkg leaves out docs, man pages and
  # translations for every later install too (the same path-excludes).
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
EOF
  chroot "$root" apt-get clean
  find "$root"/usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/man/* "$root"/usr/share/locale/* \
         "$root"/usr/share/info/*
  tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$IMAGE"
  echo "built $IMAGE from $MIRROR"
fi

if [ -n "$CA_BUNDLE" ]; then
  context="$(mktemp -d)"
  install -m 0644 "$CA_BUNDLE" "$context/ca-bundle.crt"
  printf '%s\n' "FROM $IMAGE" \
    'COPY ca-bundle.crt /usr/local/share/ca-bundle.crt' \
    'ENV PIP_CERT=/usr/local/share/ca-bundle.crt' >"$context/Dockerfile"
  docker build -q -t "$BUILD_IMAGE" "$context" >/dev/null
  rm -rf "$context"
  echo "built $BUILD_IMAGE ($IMAGE with the CA bundle, for the build stage only)"
fi
