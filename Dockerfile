# The action's image: Debian slim, dependencies pinned by hash (requirements.lock),
# no compiler and no pip cache in the final stage. Without Docker Hub, build the
# base image first: scripts/build-base-image.sh (see README, "Building the image").
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
COPY requirements.lock /tmp/requirements.lock
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check \
      --require-hashes -r /tmp/requirements.lock
COPY pyproject.toml README.md /src/
COPY schemas /src/schemas
COPY src /src/src
RUN /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check --no-deps /src \
 && /opt/venv/bin/pip uninstall -y --disable-pip-version-check pip setuptools \
 && find /opt/venv -name __pycache__ -prune -exec rm -rf {} +

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 git ca-certificates \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/cache/debconf/*-old /usr/share/doc/* /usr/share/man/*
COPY --from=build /opt/venv /opt/venv
COPY entrypoint.py /entrypoint.py
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
# The runner passes --workdir /github/workspace and runs as root, as GitHub requires.
ENTRYPOINT ["/opt/venv/bin/python", "/entrypoint.py"]
