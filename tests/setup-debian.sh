#!/usr/bin/env bash
# tests/setup-debian.sh - install what the build and the tests need on
# Debian 12, then build the plugin in the source tree.
#
# Usage: tests/setup-debian.sh [extra ./configure arguments...]
#
# Needs root for apt-get (uses sudo when run as another user and sudo
# exists).  Safe to run again: apt-get is skipped when every package is
# already installed, and the build is redone from autoreconf on.
set -eu

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

# Every tests/packages/*.list names packages, one per line (# comments):
# core.list for the build and the core tests, one file per further area.
packages=()
for list in tests/packages/*.list; do
	while read -r pkg _; do
		case $pkg in '' | '#'*) continue ;; esac
		packages+=("$pkg")
	done <"$list"
done

# The packages dpkg does not list as installed.
missing=()
for pkg in "${packages[@]}"; do
	state=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	if [ "$state" != installed ]; then
		missing+=("$pkg")
	fi
done

if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" -eq 0 ]; then
		as_root=()
	elif command -v sudo >/dev/null 2>&1; then
		as_root=(sudo)
	else
		echo "setup-debian.sh: need root to install: ${missing[*]}" >&2
		echo "setup-debian.sh: run this script as root, or install sudo" >&2
		exit 1
	fi
	echo "setup-debian.sh: installing ${missing[*]}"
	"${as_root[@]}" apt-get update
	# Wait for a dpkg lock held by a boot-time apt job instead of failing.
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends \
		-o DPkg::Lock::Timeout=300 "${missing[@]}"
else
	echo "setup-debian.sh: all ${#packages[@]} packages already installed"
fi

autoreconf -fi
./configure --enable-fatal-warnings "$@"
make -j"$(nproc)"
