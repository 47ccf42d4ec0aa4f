#!/usr/bin/env bash
# bench/setup.sh - install what "make bench" needs beyond the build and the
# tests (tests/setup-debian.sh), on Debian 12, as root (or through sudo):
# tests/packages/bench.list plus fence-agents, which CI does not install.
set -eu
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packages=(fence-agents)
while read -r pkg _; do
	case $pkg in '' | '#'*) continue ;; esac
	packages+=("$pkg")
done <"$top/tests/packages/bench.list"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "bench/setup.sh: need root to install: ${packages[*]}" >&2
		exit 1
	}
	as_root=(sudo)
fi
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y --no-install-recommends "${packages[@]}"
