# The action's image. Every input is pinned: the base by digest, Debian's packages
# by a snapshot of the archive, Python's by hash (requirements.lock, build tools
# included). Releases are built by .github/workflows/release.yml and run from GHCR;
# this file is what the development action.yml builds.
#
# Offline (no Docker Hub, no snapshot.debian.org), as scripts/container-e2e.sh does:
#   scripts/build-base-image.sh [--ca-bundle FILE]
#   docker build --network host --build-arg BASE_IMAGE=debian:bookworm-slim \
#     --build-arg DEBIAN_SNAPSHOT= [--build-arg BUILD_BASE_IMAGE=smartling-context-build-base:local] .
# debian:bookworm-slim of 2026-08-03, the multi-platform index (docker-library/repo-info).
ARG BASE_IMAGE=debian:bookworm-slim@sha256:abd67ffcfa541b485a3dff59865ab629aa048a6c613e639d36e7456b0b229241
# The build stage's base may differ (a TLS-intercepting network's CA bundle, see
# build-base-image.sh): the final image takes only /rootfs and /opt/venv from it.
ARG BUILD_BASE_IMAGE=${BASE_IMAGE}

FROM ${BUILD_BASE_IMAGE} AS build
# Empty: the base image's own mirror (an offline build's local copy of Debian).
ARG DEBIAN_SNAPSHOT=20261120T000000Z
RUN if [ -n "$DEBIAN_SNAPSHOT" ]; then \
      rm -f /etc/apt/sources.list.d/debian.sources \
      && for suite in "debian bookworm" "debian bookworm-updates" "debian-security bookworm-security"; do \
           set -- $suite; \
           echo "deb [check-valid-until=no] http://snapshot.debian.org/archive/$1/$DEBIAN_SNAPSHOT $2 main"; \
         done >/etc/apt/sources.list; \
    fi \
 && apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv git \
 && rm -rf /var/lib/apt/lists/*
COPY requirements.lock /tmp/requirements.lock
# --no-deps: the lock is the whole closure, minus what scripts/lock.sh leaves out
# and says why (cryptography). --only-binary: no compiler, the same wheels every time.
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check --no-compile \
      --require-hashes --no-deps --only-binary=:all: -r /tmp/requirements.lock
COPY pyproject.toml README.md /src/
COPY schemas /src/schemas
COPY src /src/src
# The pinned setuptools and wheel from the lock build the project (no isolated
# build fetching unpinned ones), then leave with pip. The bytecode is compiled
# once here, hash-based and unchecked: deterministic bytes, no recompiling and
# no source stat at start-up (the image is never edited in place).
RUN /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check --no-compile \
      --no-deps --no-build-isolation /src \
 && /opt/venv/bin/pip uninstall -y --disable-pip-version-check pip setuptools wheel \
 && find /opt/venv -name __pycache__ -prune -exec rm -rf {} + \
 && /opt/venv/bin/python -m compileall -q -j 0 --invalidation-mode unchecked-hash /opt/venv/lib
# No shell, apt, dpkg or perl in the final image: only the Debian packages the
# action's binaries load (see the script for what is left out and why).
COPY scripts/image-rootfs.sh /tmp/image-rootfs.sh
RUN bash /tmp/image-rootfs.sh

FROM scratch
COPY --from=build /rootfs/ /
COPY --from=build /opt/venv /opt/venv
COPY entrypoint.py /entrypoint.py
# PYTHONDONTWRITEBYTECODE: every module already has its bytecode (above); this only
# keeps a run from writing __pycache__ anywhere. git trusts certifi's CA bundle.
ENV PATH=/opt/venv/bin:/usr/bin \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    GIT_SSL_CAINFO=/opt/venv/lib/python3.11/site-packages/certifi/cacert.pem
# The runner passes --workdir /github/workspace and runs as root, as GitHub requires.
ENTRYPOINT ["/opt/venv/bin/python", "/entrypoint.py"]
