#!/usr/bin/env bash
# Set a release's version everywhere it is written: the Python package's
# __version__ (pyproject.toml reads it) and, when it exists, the npm helper's
# package.json (and its lock). Refuses anything but vMAJOR.MINOR.PATCH. Prints
# `version=X.Y.Z` (for $GITHUB_OUTPUT). Used by .github/workflows/release.yml:
#
#   bash scripts/release-version.sh v1.2.3
set -euo pipefail
cd "$(dirname "$0")/.."
tag="${1:-}"
[[ "$tag" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "::error::version must look like v1.2.3, not '$tag'" >&2; exit 2; }
version="${tag#v}"
init=src/smartling_context/__init__.py
sed -i.bak -E "s/^__version__ = \"[^\"]*\"$/__version__ = \"${version}\"/" "$init" && rm -f "$init.bak"
grep -qx "__version__ = \"${version}\"" "$init" || { echo "::error::no __version__ line in $init" >&2; exit 1; }
if [ -f npm/package.json ]; then
  (cd npm && npm version "$version" --no-git-tag-version --allow-same-version >/dev/null)
fi
echo "version=${version}"
