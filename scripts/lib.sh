# Shared helpers for the set-up and test scripts. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "This step needs root: $*" >&2; exit 1; fi
}

APT_UPDATED=0
apt_install() {
  # apt_install PACKAGE...: install the Debian packages that are not installed yet.
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing Debian packages: ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

python_bin() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  echo "Endeavour needs Python 3.11 (python3.11 was not found)." >&2; exit 1
}

install_venv() {
  # install_venv app|test: create .venv and install the pinned dependencies from the lock file.
  local lock="requirements/$1.lock" py
  py="$(python_bin)"
  if [ ! -x .venv/bin/python ]; then
    say "Creating .venv"
    if ! "$py" -m venv .venv 2>/dev/null; then
      rm -rf .venv
      apt_install python3-venv
      "$py" -m venv .venv
    fi
  fi
  local stamp=".venv/.installed-$1" digest
  digest="$(sha256sum "$lock" pyproject.toml | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    say "Installing pinned dependencies from $lock"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q --require-hashes -r "$lock"
    .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e . 2>/dev/null \
      || .venv/bin/python -m pip install -q --no-deps -e .
    echo "$digest" > "$stamp"
  fi
}
