#!/usr/bin/env bash
# Assemble the action's root file system in /rootfs, inside the Dockerfile's build
# stage, from Debian packages installed there (the idea of Google's distroless
# images): Python, git's two binaries, and exactly the Debian packages whose
# shared libraries those and the wheels in /opt/venv load (found with ldd, mapped to
# packages with dpkg -S). Each package is copied whole, minus docs and translations,
# and recorded in /rootfs/var/lib/dpkg/status, so scanners still see what is in it.
#
# Left out, and why:
# - apt, dpkg, perl, a shell, coreutils: nothing at run time calls them.
#   Debian's git package depends on perl (47 MB) for helpers the action never
#   runs (send-email, svn, cvs, instaweb, archimport); the action runs only git's
#   built-in commands and git-remote-http(s) for fetching the base commit.
# - ca-certificates: git trusts certifi's bundle, the same Mozilla list
#   (GIT_SSL_CAINFO in the Dockerfile); requests uses certifi already.
# - glibc's gconv modules (iconv for legacy encodings): Python has its own codecs
#   and git re-encodes only commits that declare a non-UTF-8 encoding.
set -euo pipefail
ROOT=/rootfs
VENV=/opt/venv
GIT_FILES=(/usr/bin/git /usr/lib/git-core/git-remote-http)
# Python itself (the venv links /usr/bin/python3), and /etc/os-release.
PACKAGES=(base-files python3-minimal python3.11-minimal libpython3.11-minimal
  python3.11 libpython3.11-stdlib python3 libpython3-stdlib media-types)

# The packages owning every shared library a shipped binary loads.
elf_files() {
  printf '%s\n' "${GIT_FILES[@]}" /usr/bin/python3.11
  find /usr/lib/python3.11/lib-dynload "$VENV" -name '*.so*' -type f
}
libraries=$(elf_files | xargs ldd | awk '/=> \// {print $3} /^\t\/.*ld-linux/ {print $1}' | sort -u)
if elf_files | xargs ldd 2>&1 | grep 'not found'; then
  echo "a shared library above is missing from the build stage" >&2
  exit 1
fi
for library in $libraries; do
  case "$library" in "$VENV"/*) continue ;; esac  # a wheel's own bundled library
  real=$(readlink -f "$library")
  owner=""
  for candidate in "$library" "$real" "${library#/usr}" "${real#/usr}" "/usr$library" "/usr$real"; do
    owner=$(dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1) && [ -n "$owner" ] && break
  done
  [ -n "$owner" ] || { echo "no Debian package owns $library" >&2; exit 1; }
  PACKAGES+=("$owner")
done
mapfile -t PACKAGES < <(printf '%s\n' "${PACKAGES[@]}" | sort -u)
echo "runtime packages: ${PACKAGES[*]}"

# Debian's merged /usr: /bin, /lib, /lib64 and /sbin are links into /usr.
mkdir -p "$ROOT/usr" "$ROOT/etc" "$ROOT/var/lib/dpkg" "$ROOT/opt"
for link in bin lib lib64 sbin; do
  if [ -L "/$link" ]; then
    mkdir -p "$ROOT/$(readlink "/$link")"
    ln -s "$(readlink "/$link")" "$ROOT/$link"
  fi
done
for package in "${PACKAGES[@]}"; do dpkg -L "$package"; done \
  | grep -vE '^/usr/share/(doc|man|info|locale|lintian|bug)/|/gconv/|^/\.$' \
  | sort -u \
  | tar -C / --no-recursion -cf - -T - \
  | tar -C "$ROOT" --keep-directory-symlink -xf -
tar -C / -cf - "${GIT_FILES[@]#/}" | tar -C "$ROOT" --keep-directory-symlink -xf -
ln -s git-remote-http "$ROOT/usr/lib/git-core/git-remote-https"
dpkg-query -s "${PACKAGES[@]}" >"$ROOT/var/lib/dpkg/status"

# What a process expects to find: root's account, name lookups in /etc/hosts then
# DNS, a world-writable /tmp, the loader's cache for exactly these libraries.
echo 'root:x:0:0:root:/root:/usr/sbin/nologin' >"$ROOT/etc/passwd"
echo 'root:x:0:' >"$ROOT/etc/group"
printf '%s\n' 'passwd: files' 'group: files' 'hosts: files dns' >"$ROOT/etc/nsswitch.conf"
install -d -m 1777 "$ROOT/tmp"
install -d -m 0700 "$ROOT/root"
ldconfig -r "$ROOT"
# Debian compiles the standard library when the package is installed; these
# copies have no bytecode yet. Compiled here as the venv is (see the Dockerfile).
python3.11 -m compileall -q -j 0 --invalidation-mode unchecked-hash -s "$ROOT" -p / \
  "$ROOT/usr/lib/python3.11" >/dev/null

# Prove it runs: git, its https helper, every standard extension module, the action.
# (docker run provides /dev; the chroot gets a /dev/null for the time of the check.)
mkdir -p "$ROOT/dev"
mknod -m 666 "$ROOT/dev/null" c 1 3
chroot "$ROOT" /usr/bin/git --version
if chroot "$ROOT" /usr/lib/git-core/git-remote-https 2>&1 | grep 'shared librar'; then exit 1; fi
cp -a "$VENV" "$ROOT$VENV"
chroot "$ROOT" "$VENV/bin/python" -c '
import importlib, importlib.util, pathlib
for so in sorted(pathlib.Path("/usr/lib/python3.11/lib-dynload").glob("*.so")):
    importlib.import_module(so.name.split(".")[0])
import smartling_context.github.action, lxml.etree, nacl.public, yaml, rpds
if importlib.util.find_spec("PIL"):
    from PIL import Image, ImageDraw, ImageFont, features
    assert features.check("freetype2"), "Pillow without FreeType"
'
rm -rf "${ROOT:?}$VENV" "${ROOT:?}/dev"
