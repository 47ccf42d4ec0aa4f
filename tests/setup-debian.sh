#!/usr/bin/env bash
# tests/setup-debian.sh - install what the build (and the tests) need on
# Debian 12, then build the plugin in the source tree.
#
# Usage: tests/setup-debian.sh [--lists "NAME..."] [--keep-config] [--no-build]
#                              [extra ./configure arguments...]
#
#   --lists "NAME..."  install tests/packages/NAME.list for each NAME only
#                      (tests/demo.sh: "demo"); default: every *.list
#   --keep-config      a configured tree keeps its ./configure arguments
#   --no-build         install only
#
# Needs root for apt-get (uses sudo when run as another user and sudo
# exists); apt-get is skipped when every package is installed already.
# While packages install, a temporary /usr/sbin/policy-rc.d (exit 101)
# keeps their daemons from starting; afterwards every systemd unit and init
# script that a newly installed package enabled is disabled again (and
# stopped, when systemd runs), so that corosync, pacemaker or heartbeat
# never run or start at boot because of this script.
#
# The build runs autoreconf only when configure is missing or older than
# configure.ac, a Makefile.am, a *.inc or m4/; ./configure only after that,
# when there is no Makefile, or when its arguments differ from those the
# tree was configured with (--enable-fatal-warnings, then the extra ones);
# then always make, whose own rules rebuild what changed.
set -eu

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
me=setup-debian.sh

lists=
keep_config=0
build=1
while [ $# -gt 0 ]; do
	case $1 in
	--lists) lists=$2; shift 2 ;;
	--lists=*) lists=${1#--lists=}; shift ;;
	--keep-config) keep_config=1; shift ;;
	--no-build) build=0; shift ;;
	*) break ;;
	esac
done

# ------------------------------------------------------------ packages ---

# Each tests/packages/*.list names packages, one per line (# comments).
list_files=()
if [ -z "$lists" ]; then
	list_files=(tests/packages/*.list)
else
	for name in $lists; do
		[ -f "tests/packages/$name.list" ] || {
			echo "$me: no tests/packages/$name.list" >&2
			exit 2
		}
		list_files+=("tests/packages/$name.list")
	done
fi
packages=()
for list in "${list_files[@]}"; do
	while read -r pkg _; do
		case $pkg in '' | '#'*) continue ;; esac
		packages+=("$pkg")
	done <"$list"
done

# installed_packages: every package dpkg lists as installed, sorted.
installed_packages() {
	dpkg-query -W -f='${db:Status-Status} ${Package}\n' 2>/dev/null |
		sed -n 's/^installed //p' | sort -u
}

missing=()
for pkg in "${packages[@]}"; do
	state=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[ "$state" = installed ] || missing+=("$pkg")
done

as_root=()
need_root() {
	if [ "$(id -u)" -eq 0 ]; then
		as_root=()
	elif command -v sudo >/dev/null 2>&1; then
		as_root=(sudo)
	else
		echo "$me: need root to install: ${missing[*]}" >&2
		echo "$me: run this script as root, or install sudo" >&2
		exit 1
	fi
}

# A policy-rc.d that exits 101 ("action forbidden") makes invoke-rc.d and
# deb-systemd-invoke start no service from a package's maintainer scripts.
# One that was there before is moved aside and put back afterwards.
policy=/usr/sbin/policy-rc.d
policy_saved=$policy.setup-debian-saved
policy_ours=0
policy_install() {
	if [ -e "$policy" ] || [ -L "$policy" ]; then
		"${as_root[@]}" mv -f "$policy" "$policy_saved"
	fi
	policy_ours=1
	printf '#!/bin/sh\n# written by %s while it installs packages\nexit 101\n' "$me" |
		"${as_root[@]}" tee "$policy" >/dev/null
	"${as_root[@]}" chmod 755 "$policy"
}
policy_restore() {
	[ "$policy_ours" = 1 ] || return 0
	"${as_root[@]}" rm -f "$policy"
	if [ -e "$policy_saved" ] || [ -L "$policy_saved" ]; then
		"${as_root[@]}" mv -f "$policy_saved" "$policy"
	fi
	policy_ours=0
}

# new_services PACKAGE...: the systemd units (unit UNIT) and init scripts
# (sysv NAME) the packages ship.
new_services() {
	local pkg path
	for pkg in "$@"; do
		dpkg-query -L "$pkg" 2>/dev/null
	done | while read -r path; do
		case $path in
		*@.*) ;; # templates are enabled only by name, per instance
		/lib/systemd/system/*.service | /lib/systemd/system/*.socket | \
			/lib/systemd/system/*.timer | /usr/lib/systemd/system/*.service | \
			/usr/lib/systemd/system/*.socket | /usr/lib/systemd/system/*.timer)
			echo "unit ${path##*/}" ;;
		/etc/init.d/*) [ -f "$path" ] && echo "sysv ${path##*/}" ;;
		esac
	done | sort -u
}

# disable_services PACKAGE...: disable (and with a running systemd, stop)
# every unit and init script of the packages that is enabled now.
disable_services() {
	local kind name done_list=
	local systemd_runs=0
	[ -d /run/systemd/system ] && systemd_runs=1
	while read -r kind name; do
		case $kind in
		unit)
			if command -v systemctl >/dev/null 2>&1; then
				[ "$(systemctl is-enabled "$name" 2>/dev/null)" = enabled ] || continue
				if [ "$systemd_runs" = 1 ]; then
					"${as_root[@]}" systemctl disable --now "$name" >/dev/null 2>&1 || continue
				else
					"${as_root[@]}" systemctl disable "$name" >/dev/null 2>&1 || continue
				fi
			elif command -v deb-systemd-helper >/dev/null 2>&1; then
				deb-systemd-helper --quiet is-enabled "$name" || continue
				"${as_root[@]}" deb-systemd-helper disable "$name" >/dev/null 2>&1 || continue
			else
				continue
			fi
			;;
		sysv)
			compgen -G "/etc/rc[2345].d/S[0-9][0-9]$name" >/dev/null || continue
			if [ "$systemd_runs" = 1 ]; then
				"${as_root[@]}" systemctl stop "$name" >/dev/null 2>&1 || true
			fi
			"${as_root[@]}" update-rc.d "$name" disable >/dev/null 2>&1 || continue
			;;
		esac
		done_list="$done_list $name"
	done < <(new_services "$@")
	if [ -n "$done_list" ]; then
		echo "$me: disabled what the new packages enabled:$done_list"
	fi
}

install_missing() {
	local before new
	need_root
	echo "$me: installing ${missing[*]}"
	"${as_root[@]}" apt-get update
	before=$(installed_packages)
	trap policy_restore EXIT
	trap 'exit 130' INT TERM HUP
	policy_install
	# DPkg::Lock::Timeout: wait for a boot-time apt job instead of failing.
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends \
		-o DPkg::Lock::Timeout=300 "${missing[@]}"
	policy_restore
	trap - EXIT INT TERM HUP
	new=$(comm -13 <(printf '%s\n' "$before") <(installed_packages))
	echo "$me: $(printf '%s\n' "$new" | grep -c .) packages newly installed"
	# shellcheck disable=SC2086 # package names have no blanks
	[ -z "$new" ] || disable_services $new
}

# enabled_before: the units of the listed packages that are enabled although
# this run did not install them (an earlier install, or the admin's own
# cluster): named, never changed.
enabled_before() {
	local kind name on=
	command -v systemctl >/dev/null 2>&1 || return 0
	while read -r kind name; do
		case $kind:$name in unit:*.service) ;; *) continue ;; esac
		[ "$(systemctl is-enabled "$name" 2>/dev/null)" = enabled ] && on="$on $name"
	done < <(new_services "$@")
	if [ -n "$on" ]; then
		echo "$me: note: enabled before this run, left alone:$on (systemctl disable them if this is only a test machine)"
	fi
	return 0
}

if [ "${#missing[@]}" -gt 0 ]; then
	install_missing
else
	echo "$me: all ${#packages[@]} packages of ${list_files[*]} already installed"
	enabled_before "${packages[@]}"
fi

[ "$build" = 1 ] || exit 0

# ------------------------------------------------------------- the build ---

want_args=(--enable-fatal-warnings "$@")

# sources_changed: configure is missing or older than one of its inputs.
sources_changed() {
	[ -f configure ] || return 0
	[ -n "$(find . \( -path ./.git -o -path './ipmilan-stonith-*' -o -path ./autom4te.cache \) \
		-prune -o \( -name configure.ac -o -name Makefile.am -o -name '*.inc' \
		-o -path './m4/*.m4' \) -newer configure -print 2>/dev/null | head -n 1)" ]
}

# args_differ: the tree was configured with other arguments than want_args.
args_differ() {
	local -a have=()
	eval "have=($(./config.status --config))"
	[ "${have[*]-}" != "${want_args[*]}" ]
}

configure=0
if sources_changed; then
	echo "$me: autoreconf -fi (configure is missing or older than its inputs)"
	autoreconf -fi
	configure=1
elif [ ! -f Makefile ] || [ ! -x config.status ]; then
	configure=1
elif [ "$keep_config" = 0 ] && args_differ; then
	echo "$me: configure again: the tree was configured with: $(./config.status --config)"
	configure=1
fi
if [ "$configure" = 1 ]; then
	./configure "${want_args[@]}"
else
	echo "$me: configured already ($(./config.status --config)); make"
fi
make -j"$(nproc)"
