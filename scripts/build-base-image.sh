#!/usr/bin/env bash
# Build the Dockerfile's base image (debian:bookworm-slim) locally from Debian's
# packages, for machines that cannot pull from Docker Hub (air-gapped, proxied).
#
#   scripts/build-base-image.sh [--ca-bundle FILE] [--mirror URL]
#
# --ca-bundle: a CA bundle for networks that intercept TLS. It is added to the
# image's trust store and PIP_CERT is set on the imported image, so that `pip`
# in the action's build trusts it (the Dockerfile itself stays unchanged).
set -euo pipefail

IMAGE="debian:bookworm-slim"
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
  exit 0
fi
command -v debootstrap >/dev/null || { echo "needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" "$MIRROR"
# Keep it slim, as the published image is: no docs, no apt lists.
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
       "$root"/usr/share/locale/*
changes=()
if [ -n "$CA_BUNDLE" ]; then
  install -m 0644 "$CA_BUNDLE" "$root/usr/local/share/ca-bundle.crt"
  changes+=(--change "ENV PIP_CERT=/usr/local/share/ca-bundle.crt"
            --change "ENV REQUESTS_CA_BUNDLE=/usr/local/share/ca-bundle.crt")
fi
tar -C "$root" -c . | docker import "${changes[@]}" --change 'CMD ["bash"]' - "$IMAGE"
echo "built $IMAGE from $MIRROR"
