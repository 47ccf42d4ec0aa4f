#!/usr/bin/env bash
# tests/cli_wire.sh - what the plugin sends, as the simulated BMC logs every
# IPMI request it receives: one session per operation (one Get Channel
# Authentication Capabilities, one Close Session), verification polls inside
# that session, no PICMG (ATCA) probe, and the IPMI requests of a status
# within one of the protocol's floor.  Counts, not times.
. "$(dirname "$0")/lib.sh"
ipl_init
sim_start --no-ipv6

# The first request of a session that ipmi_sim logs: Get Channel
# Authentication Capabilities over RMCP+; over IPMI 1.5 it logs neither that
# nor Get Session Challenge (both sessionless), so Activate Session.
GET_AUTH_CAPS=0x6/0x38
ACTIVATE_SESSION=0x6/0x3a
CLOSE_SESSION=0x6/0x3c
GET_DEVICE_ID=0x6/0x1
GET_CHASSIS_STATUS=0x0/0x1
CHASSIS_CONTROL=0x0/0x2

# expect_count NETFN/CMD N DESCRIPTION.  While fewer than N are logged, wait
# a little (3 s at most): ipmi_sim is single-threaded and runs the chassis
# program for every Get Chassis Status, so the Close Session sent last may
# still be in its queue when the stonith command has exited.
expect_count() {
	local got i
	got=$(sim_request_count "$1")
	for i in $(seq 1 30); do
		[ "$got" -lt "$2" ] || break
		sleep 0.1
		got=$(sim_request_count "$1")
	done
	if [ "$got" = "$2" ]; then
		ok "$3: $2 x $1"
	else
		fail "$3: expected $2 x $1, got $got ($(sim_requests | paste -sd ' ' -))"
	fi
}

# expect_no_picmg DESCRIPTION: no request of the PICMG group (NetFn 0x2c).
expect_no_picmg() {
	if sim_requests | grep -q '^0x2c/'; then
		fail "$1: a PICMG request was sent ($(sim_requests | paste -sd ' ' -))"
	else
		ok "$1: no PICMG (ATCA) probe"
	fi
}

# The floor is the one of a suite the BMC has: cipher=3 (ipmi_sim has no
# SHA-256 suite, so the default auto costs it one refused attempt, counted
# at the end).
for iface in lanplus lan; do
	if [ $iface = lanplus ]; then
		opens=$GET_AUTH_CAPS
		ciph=cipher=3
	else
		opens=$ACTIVATE_SESSION
		ciph=
	fi
	# Status: one session; Get Device ID is OpenIPMI's own (it always asks
	# once the session is up) and the one request beyond the floor.
	sim_set_power on
	sim_log_clear
	ipl_nv interface=$iface ${ciph:+"$ciph"}
	run_cfg nv -S
	expect_rc 0 "-S $iface"
	expect_count "$opens" 1 "-S $iface: one session"
	expect_count $CLOSE_SESSION 1 "-S $iface: the session is closed"
	expect_count $GET_CHASSIS_STATUS 1 "-S $iface: one Get Chassis Status"
	expect_count $CHASSIS_CONTROL 0 "-S $iface: no Chassis Control"
	expect_no_picmg "-S $iface"
	n=$(sim_requests | grep -cvxF -e $GET_DEVICE_ID || true)
	# What the log can show of the floor: the session's first logged
	# request, Get Chassis Status, Close Session (RMCP+ Open Session and
	# RAKP are not IPMI requests; see above for IPMI 1.5).
	floor=3
	if [ "$n" = "$floor" ]; then
		ok "-S $iface: $n IPMI requests besides Get Device ID, the floor"
	else
		fail "-S $iface: $n IPMI requests besides Get Device ID, floor $floor ($(sim_requests | paste -sd ' ' -))"
	fi

	# An onoff reboot of a node that is on: status, off, poll(s), on,
	# poll(s), all in the one session.
	sim_set_power on
	sim_log_clear
	ipl_nv interface=$iface ${ciph:+"$ciph"}
	run_cfg nv -T reset "$SIM_HOST"
	expect_rc 0 "-T reset $iface (onoff)"
	expect_count "$opens" 1 "-T reset $iface: one session for the whole reboot"
	expect_count $CLOSE_SESSION 1 "-T reset $iface: the session is closed"
	expect_count $CHASSIS_CONTROL 2 "-T reset $iface: off and on"
	polls=$(sim_request_count $GET_CHASSIS_STATUS)
	if [ "$polls" -ge 3 ]; then
		ok "-T reset $iface: $polls Get Chassis Status (before, after off, after on)"
	else
		fail "-T reset $iface: only $polls Get Chassis Status; the power was not verified"
	fi
	expect_no_picmg "-T reset $iface"
	expect_power on "-T reset $iface"

	# Off when already off: verified by the first status, nothing sent.
	sim_set_power off
	sim_log_clear
	ipl_nv interface=$iface ${ciph:+"$ciph"}
	run_cfg nv -T off "$SIM_HOST"
	expect_rc 0 "-T off $iface of a node that is off"
	expect_count $CHASSIS_CONTROL 0 "-T off $iface of a node that is off"
	expect_count "$opens" 1 "-T off $iface of a node that is off: one session"
done

# cipher=auto (the default) against a BMC without suite 17: the refused
# attempt adds no IPMI request but OpenIPMI's Close Session datagram of the
# half-open session; the session that follows is the floor's.
sim_set_power on
sim_log_clear
ipl_nv interface=lanplus
run_cfg nv -S
expect_rc 0 "-S cipher=auto"
expect_count $CLOSE_SESSION 2 "-S cipher=auto: the refused attempt's Close Session and the session's"
expect_count $GET_CHASSIS_STATUS 1 "-S cipher=auto: one Get Chassis Status"
expect_count $GET_DEVICE_ID 1 "-S cipher=auto: one session up (one Get Device ID)"
ipl_finish
