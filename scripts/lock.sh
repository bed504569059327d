#!/usr/bin/env bash
# Regenerate requirements.lock (every wheel's hash) from pyproject.toml's runtime
# dependencies plus the build backend (setuptools, wheel) the Dockerfile builds the
# project with. Re-run it after changing [project] dependencies:
#
#   bash scripts/lock.sh
#
# Resolves against PyPI alone (this machine's pip config and find-links are
# ignored; PIP_CERT is kept) with Python 3.11, the image's Python (Debian bookworm).
#
# Left out of the lock, on purpose (the Dockerfile installs with --no-deps):
# - cryptography: PyGithub asks for pyjwt[crypto] only to sign GitHub App JWTs
#   (Auth.AppAuth). The action authenticates with a token (Auth.Token); PyJWT
#   imports cryptography lazily and works without it. 16 MB saved.
# PyNaCl stays: PyGithub imports it at module level (github.PublicKey).
set -euo pipefail
cd "$(dirname "$0")/.."
PIP_TOOLS="pip-tools==7.6.2"
LEFT_OUT=(cryptography)
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
"$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
  || { echo "needs Python 3.11, the image's Python (set PYTHON=...)" >&2; exit 2; }

tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL
"$PYTHON" -m venv "$tools"
"$tools/bin/pip" install --quiet "$PIP_TOOLS"
unsafe=()
for name in "${LEFT_OUT[@]}"; do unsafe+=(--unsafe-package "$name"); done
# --unsafe-package replaces pip-tools' default list (pip, setuptools): setuptools
# is then locked like any other package, and the names above are left out.
"$tools/bin/pip-compile" --quiet --generate-hashes --strip-extras --no-emit-index-url \
  --no-emit-find-links --build-deps-for wheel "${unsafe[@]}" \
  --output-file requirements.lock pyproject.toml
echo "requirements.lock: $(grep -c '^[a-z]' requirements.lock) packages"
