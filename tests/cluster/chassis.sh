#!/bin/sh
# tests/cluster/chassis.sh - the chassis_control program of a cluster
# test's BMC: the simulated power IS the node.
#
# ipmi_sim runs it as "chassis.sh DIR get power" or "chassis.sh DIR set
# WHAT VALUE" (see tests/sim/chassis.sh, which keeps the power file, the
# boot counter, the log and the fault knobs, and which this program runs
# first).  Then, when the power really changed:
#   on -> off             the node's cluster stack dies at once: SIGKILL to
#                         pid 1 of the node's pid namespace, so the kernel
#                         kills corosync, pacemakerd, its daemons and every
#                         agent of that node together;
#   off -> on             the node boots: tests/cluster/node_boot.sh starts
#                         as pid 1 of a new pid, mount and UTS namespace
#                         inside the node's network namespace;
#   reset (boot counted)  both, in that order.
# "stuck" or "fail" knobs change nothing, so the node is left alone.
# Every real transition is appended to DIR/history as "SECONDS.MS off|on".
#
# DIR/node.conf (sh syntax) attaches a node; a BMC without it is a bare BMC:
#   SIM_CHASSIS_SH  tests/sim/chassis.sh
#   NODE_NETNS      the node's network namespace (/run/netns/nodeN)
#   NODE_BOOT       tests/cluster/node_boot.sh
#   NODE_CONF       the node's boot configuration
#   NODE_LOG        where the boot's stdout and stderr go
set -u

dir=$1
[ -f "$dir/node.conf" ] || { echo "chassis.sh: no $dir/node.conf" >&2; exit 2; }
# shellcheck source=/dev/null
. "$dir/node.conf"
u=0 init=0 before=0 after=0 boots_before=0 boots_after=0

stamp() {
	printf '%s %s\n' "$(date +%s.%3N)" "$1" >>"$dir/history"
}

# readv VAR FILE: VAR = the first word of FILE, 0 when it is missing or
# empty (a builtin: ipmi_sim waits for this program, so it forks little).
readv() {
	eval "$1=0"
	{ read -r "$1" _ <"$2"; } 2>/dev/null
	eval "[ -n \"\${$1}\" ] || $1=0"
}

# node_init: init = the pid (seen from here) of pid 1 of the node's pid
# namespace, 0 when the node is off; u = the unshare holding it.
node_init() {
	readv u "$dir/unshare.pid"
	init=0
	[ "$u" != 0 ] && readv init "/proc/$u/task/$u/children"
}

# alive PID: PID exists and is not a zombie.
alive() {
	st=
	read -r _ _ st _ 2>/dev/null <"/proc/$1/stat" || return 1
	[ "$st" != Z ] && [ "$st" != X ]
}

node_off() {
	[ -n "${NODE_NETNS:-}" ] || { stamp off; return 0; }
	node_init
	rm -f "$dir/unshare.pid"
	if [ "$init" != 0 ]; then
		kill -KILL "$init" 2>/dev/null
		# The kernel kills the namespace's other processes before pid 1
		# is gone; wait (at most 5 s) so that "off" means dead.
		i=0
		while alive "$init" && [ $i -lt 100 ]; do
			sleep 0.05
			i=$((i + 1))
		done
	elif [ "$u" != 0 ]; then
		kill -KILL "$u" 2>/dev/null
	fi
	stamp off
}

node_on() {
	[ -n "${NODE_NETNS:-}" ] || { stamp on; return 0; }
	# Detached from ipmi_sim: own session, no descriptor of its pipe.
	# shellcheck disable=SC2016 # expanded by that sh, from its arguments
	setsid sh -c 'echo $$ >"$1/unshare.pid"; exec nsenter --net="$2" unshare --mount --uts --pid --fork --kill-child --mount-proc bash "$3" "$4"' \
		chassis-boot "$dir" "$NODE_NETNS" "$NODE_BOOT" "$NODE_CONF" \
		</dev/null >>"$NODE_LOG" 2>&1 &
	stamp on
}

# "get" (polled every power_wait by the plugin) changes nothing: no extra
# process for it.
[ "${2-}" = set ] || exec "$SIM_CHASSIS_SH" "$@"
readv before "$dir/power"
readv boots_before "$dir/boots"
"$SIM_CHASSIS_SH" "$@"
rc=$?
readv after "$dir/power"
readv boots_after "$dir/boots"

if [ "$before" = 1 ] && [ "$after" = 0 ]; then
	node_off
elif [ "$boots_after" != "$boots_before" ]; then
	[ "$before" = 1 ] && node_off
	node_on
fi
exit "$rc"
