#!/bin/sh
# tests/sim/chassis.sh - the "chassis_control" program of the test BMC.
#
# ipmi_sim (lanserv/bmc_chassis.c, extcmd.c) runs it through popen() as
#     chassis.sh DIR get power            -> must print "power:0" or "power:1"
#     chassis.sh DIR set power "0"|"1"    Chassis Control 0 (off) / 1 (on)
#     chassis.sh DIR set reset "1"        Chassis Control 3 (hard reset)
#     chassis.sh DIR set shutdown "1"     Chassis Control 5 (soft off, ACPI)
#     chassis.sh DIR set identify "S F"   Chassis Identify
# Chassis Control 2 (power cycle) is "set power 0", then ipmi_sim polls
# "get power" once a second and sends "set power 1" once it reads 0.
# Chassis Control 4 (diagnostic interrupt) is answered by ipmi_sim itself
# (CC 0xCC) without running this program.
# A non-zero exit makes ipmi_sim answer completion code 0xFF.
#
# DIR holds the state and the fault knobs, all plain files:
#   power       0 or 1, the chassis power (written atomically)
#   boots       how many times the host "booted" (off->on or a reset while on)
#   log         one line per invocation: "<seconds since epoch> <args>"
#   fail        present and empty: every "set" exits 1 (the BMC answers
#               CC 0xFF).  Otherwise it lists what fails: "set" (every set),
#               "power0", "power1", "reset", "shutdown" (those sets only),
#               "get" (get commands, so Get Chassis Status answers CC 0xFF).
#   stuck       present: "set" commands succeed but change nothing.
#               Same words as fail; empty = every set.
#   delay       seconds (may be fractional) to sleep before answering a set;
#               ipmi_sim is single-threaded, so the whole BMC stalls.
#   get_delay   the same for "get" commands.
#   refuse_off_when_off  present: "set power 0" while already off exits 1,
#               like BMCs that refuse a power cycle of a host that is off.
#   reset_powers_on      present: a hard reset of a host that is off turns it
#               on (default: a reset of an off host leaves it off).
set -u

dir=$1
shift
op=${1-}
what=${2-}
val=${3-}

now=$(date +%s.%N 2>/dev/null | cut -c1-14)
printf '%s %s\n' "$now" "$*" >>"$dir/log"

# knob_has FILE WORD: the knob file exists and either is empty or lists WORD.
knob_has() {
	[ -f "$dir/$1" ] || return 1
	[ -s "$dir/$1" ] || return 0
	grep -qw -- "$2" "$dir/$1"
}

set_power() {
	old=$(cat "$dir/power" 2>/dev/null || echo 0)
	printf '%s\n' "$1" >"$dir/power.tmp.$$" && mv -f "$dir/power.tmp.$$" "$dir/power"
	if [ "$old" = 0 ] && [ "$1" = 1 ]; then
		boot
	fi
}

boot() {
	n=$(cat "$dir/boots" 2>/dev/null || echo 0)
	printf '%s\n' $((n + 1)) >"$dir/boots.tmp.$$" && mv -f "$dir/boots.tmp.$$" "$dir/boots"
}

case $op in
get)
	if [ -s "$dir/get_delay" ]; then
		sleep "$(cat "$dir/get_delay")"
	fi
	if [ -s "$dir/fail" ] && grep -qw get "$dir/fail"; then
		echo "chassis.sh: get refused (fail knob)" >&2
		exit 1
	fi
	case $what in
	power) echo "power:$(cat "$dir/power" 2>/dev/null || echo 0)" ;;
	boot) echo "boot:none" ;;
	*) echo "$what:0" ;;
	esac
	exit 0
	;;
set) ;;
*)
	echo "chassis.sh: unknown operation '$op'" >&2
	exit 2
	;;
esac

# A "set": power 0|1, reset 1, shutdown 1, identify ..., boot ...
case $what in
power) word=power$val ;;
*) word=$what ;;
esac

if [ -s "$dir/delay" ]; then
	sleep "$(cat "$dir/delay")"
fi
if knob_has fail "$word" || knob_has fail set; then
	echo "chassis.sh: $word refused (fail knob)" >&2
	exit 1
fi
if knob_has stuck "$word" || knob_has stuck set; then
	exit 0
fi

power=$(cat "$dir/power" 2>/dev/null || echo 0)
case $word in
power0)
	if [ -f "$dir/refuse_off_when_off" ] && [ "$power" = 0 ]; then
		echo "chassis.sh: power off refused, already off" >&2
		exit 1
	fi
	set_power 0
	;;
power1)
	set_power 1
	;;
reset)
	if [ "$power" = 1 ]; then
		boot
	elif [ -f "$dir/reset_powers_on" ]; then
		set_power 1
	fi
	;;
shutdown)
	set_power 0
	;;
*)
	: # identify, boot: accepted, no state
	;;
esac
exit 0
