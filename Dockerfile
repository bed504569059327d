# The action's image. Built by the runner from this file on every job, or once
# and published (see README, "Prebuilt image").
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/*
COPY . /action
RUN pip install /action
ENTRYPOINT ["python", "/action/entrypoint.py"]
