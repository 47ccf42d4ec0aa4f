#!/bin/sh
# bench/chassis.sh - the "chassis_control" program of the benchmark's BMCs.
#
# ipmi_sim runs it for every chassis request ("DIR get power", "DIR set
# power 0|1", "DIR set reset 1", ...).  Unlike tests/sim/chassis.sh it has no
# fault knobs and no log, and uses shell built-ins only, so that a Get
# Chassis Status costs the simulator one shell start and nothing more: the
# benchmark measures the clients, not this script.  DIR/power holds 0 or 1.
dir=$1
val=${4-}
val=${val#\"}
val=${val%\"}
case $2 in
get)
	case $3 in
	power) read -r p <"$dir/power"; echo "power:$p" ;;
	*) echo "$3:0" ;;
	esac
	;;
set)
	case $3 in
	power) echo "$val" >"$dir/power" ;;
	shutdown) echo 0 >"$dir/power" ;;
	*) : ;;
	esac
	;;
esac
exit 0
