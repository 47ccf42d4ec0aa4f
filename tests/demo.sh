#!/usr/bin/env bash
# tests/demo.sh - fence a simulated BMC with "stonith -t ipmilan", end to end.
#
# Run from the top of the source tree (or a build tree).  It first brings
# the build up to date: in the source tree through tests/setup-debian.sh
# --lists core --keep-config (installs tests/packages/core.list when a
# package is missing, configures when the tree is not configured yet, then
# make), in another build tree with make; under "make demo" make has done
# it.  Then it starts a simulated BMC (ipmi_sim on a free loopback port,
# tests/sim/), shows status, off, on and reset, each confirmed with
# ipmitool.  Cleans up; exits non-zero if a step fails.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)

step() { printf '\n==> %s\n' "$*"; }
die() { printf '\nDEMO FAILED: %s\n' "$*" >&2; exit 1; }

# --- build -------------------------------------------------------------------
build=${abs_top_builddir:-}
if [ -z "$build" ]; then
	if [ -f "$PWD/config.status" ]; then build=$PWD; else build=$top; fi
fi
if [ -n "${MAKELEVEL:-}" ] && [ -f "$build/.libs/ipmilan.so" ]; then
	: # "make demo": make has just built the plugin and the shim
elif [ "$build" = "$top" ] && [ -x "$top/tests/setup-debian.sh" ]; then
	step "Set-up and build (tests/setup-debian.sh --lists core)"
	(cd "$top" && tests/setup-debian.sh --lists core --keep-config) ||
		die "set-up and build failed"
else
	step "Building the plugin in $build"
	(cd "$build" &&
		{ [ -f Makefile ] || { (cd "$top" && autoreconf -fi) && "$top/configure"; }; } &&
		make) || die "build failed"
fi
if [ -z "${MAKELEVEL:-}" ] || [ ! -f "$build/tests/.libs/plugin_path_shim.so" ]; then
	make -s -C "$build" tests/plugin_path_shim.la >/dev/null ||
		die "building the test shim (tests/plugin_path_shim.la) failed"
fi
export abs_top_builddir=$build

# --- harness -------------------------------------------------------------------
. "$here/lib.sh"
IPL_QUIET=1
ipl_init
# A demo step that fails ends the demo.
fail() { die "$*"; }

step "Starting a simulated BMC (ipmi_sim) on the loopback"
sim_start
echo "    BMC at 127.0.0.1 port $SIM_PORT, user $SIM_OPER (operator), random password"
echo "    stonith runs with LD_PRELOAD=$(basename "$IPL_SHIM") so that it loads"
echo "    $IPL_PLUGIN"
echo "    rather than the system's /usr/lib/stonith/plugins/stonith2/ipmilan.so"

# The device configuration, given as stonith -E does (as Pacemaker's
# fence_legacy does): environment variables, so no password on a command line.
demo_env() {
	ipl_nv "$@"
	ipl_env_from_nv
	echo "    environment: $(ipl_mask "${NV[*]}")"
}
show() {
	echo "    \$ stonith $(ipl_mask "$*")"
	echo "    -> exit $ST_RC ($(ipl_rc_name "$ST_RC")) in $ST_MS ms"
	[ -s "$ST_OUT" ] && sed 's/^/       /' "$ST_OUT"
	return 0
}
judge() {
	local p
	p=$(sim_power) || die "ipmitool cannot read the power state"
	echo "    ipmitool -I lanplus ... chassis power status: Chassis Power is $p"
	[ "$p" = "$1" ] || die "the power should be $1"
}

step "stonith -t ipmilan -l  (the nodes this device fences)"
demo_env 'hostname=node1'
run_stonith -t ipmilan -E -l
show -t ipmilan -E -l
[ "$ST_RC" = 0 ] && grep -qx node1 "$ST_OUT" || die "-l failed"

step "stonith -t ipmilan -S  (is the BMC reachable, do the credentials work?)"
demo_env
run_stonith -t ipmilan -E -S
show -t ipmilan -E -S
[ "$ST_RC" = 0 ] || die "status failed"
judge on

# demo_power off|on: stonith -T off|on node1, then what the BMC received
# and the power state ipmitool reads.
demo_power() {
	step "stonith -t ipmilan -T $1 node1"
	demo_env
	sim_log_clear
	run_stonith -t ipmilan -E -T "$1" node1
	show -t ipmilan -E -T "$1" node1
	[ "$ST_RC" = 0 ] || die "power $1 failed"
	echo "    the BMC received Chassis Control: $(sim_cc | paste -sd ' ' -)"
	judge "$1"
}
demo_power off
demo_power on

for method in onoff power_cycle; do
	step "stonith -t ipmilan -T reset node1  (reset_method=$method)"
	demo_env reset_method=$method
	sim_log_clear
	boots=$(sim_boots)
	run_stonith -t ipmilan -E -T reset node1
	show -t ipmilan -E -T reset node1
	[ "$ST_RC" = 0 ] || die "reset failed"
	echo "    the BMC received Chassis Control: $(sim_cc | paste -sd ' ' -)"
	echo "    the simulated host booted $(($(sim_boots) - boots)) time(s)"
	[ "$(sim_boots)" -gt "$boots" ] || die "the host did not reboot"
	judge on
done

step "A node this device does not fence: stonith -t ipmilan -T off node9"
demo_env
run_stonith -t ipmilan -E -T off node9
show -t ipmilan -E -T off node9
[ "$ST_RC" = 4 ] || die "expected S_BADHOST (4)"
judge on

step "Done: stopping the simulated BMC"
sim_stop
echo "    demo passed"
exit 0
