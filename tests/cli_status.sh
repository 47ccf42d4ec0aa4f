#!/usr/bin/env bash
# tests/cli_status.sh - "stonith -t ipmilan -S" against the simulated BMC:
# RMCP+ and IPMI 1.5 with every auth type, operator and admin privilege,
# every configuration style, IPv6.  Status must never touch the power.
. "$(dirname "$0")/lib.sh"
ipl_init
sim_start
sim_log_clear

# Every configuration style, RMCP+ (lanplus), operator.
for style in nv p F E; do
	ipl_nv
	run_cfg "$style" -S
	expect_rc 0 "-S lanplus ($style)"
done
echo "timing: status lanplus ${ST_MS} ms"

# IPMI 1.5 with each authentication type.
for auth in none md2 md5 straight; do
	ipl_nv interface=lan auth=$auth
	run_cfg nv -S
	expect_rc 0 "-S lan auth=$auth"
	ipl_nv interface=lan auth=$auth
	run_cfg p -S
	expect_rc 0 "-S lan auth=$auth (-p)"
done

# Privilege levels: the operator account at operator, the admin account at
# admin and at operator (a session below the account's limit is allowed).
for iface in lanplus lan; do
	ipl_nv interface=$iface login=$SIM_OPER priv=operator
	run_cfg nv -S
	expect_rc 0 "-S $iface operator account, priv=operator"
	ipl_nv interface=$iface login=$SIM_ADMIN priv=admin
	run_cfg nv -S
	expect_rc 0 "-S $iface admin account, priv=admin"
	ipl_nv interface=$iface login=$SIM_ADMIN priv=operator
	run_cfg nv -S
	expect_rc 0 "-S $iface admin account, priv=operator"
done

# interface=auto (RMCP+ first), and the default interface.
ipl_nv interface=auto
run_cfg nv -S
expect_rc 0 "-S interface=auto"
ipl_nv interface=
run_cfg E -S
expect_rc 0 "-S without interface (default)"

# RMCP+ cipher suites ipmi_sim and OpenIPMI both implement.  Not 7 and 8
# (HMAC-MD5-128 integrity): ipmi_sim 2.0.33 fails them with every client,
# ipmitool included ("Set Session Privilege Level to OPERATOR failed").
for c in 1 2 3 6 11 12; do
	ipl_nv cipher=$c
	run_cfg nv -S
	expect_rc 0 "-S lanplus cipher=$c"
done

# IPv6 on ::1 (the simulator serves the same port there).
if [ "$SIM_IPV6" = 1 ]; then
	for addr in ::1 '[::1]'; do
		ipl_nv "ipaddr=$addr"
		run_cfg nv -S
		expect_rc 0 "-S over IPv6 ipaddr=$addr"
		ipl_nv "ipaddr=$addr" interface=lan
		run_cfg p -S
		expect_rc 0 "-S over IPv6 ipaddr=$addr, lan (-p)"
	done
else
	echo "note: no IPv6 loopback here; IPv6 status not tested"
fi

# Status of a node that is off is still OK, and changes nothing.
sim_set_power off
ipl_nv
run_cfg nv -S
expect_rc 0 "-S while the node is off"
expect_power off "-S leaves an off node off"
sim_set_power on

expect_cc "" "no -S sent a Chassis Control"
expect_controls "" "no -S changed the chassis"
expect_power on "after all -S"

# Timing: ten status runs.
t0=$(ipl_now_ms)
for i in 1 2 3 4 5 6 7 8 9 10; do
	ipl_nv
	run_cfg nv -S >/dev/null
	[ "$ST_RC" = 0 ] || fail "-S run $i: exit $ST_RC"
done
t1=$(ipl_now_ms)
echo "timing: 10 x status lanplus: $((t1 - t0)) ms, $(((t1 - t0) / 10)) ms each"
expect_faster 5000 "last -S"

ipl_finish
