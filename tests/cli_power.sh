#!/usr/bin/env bash
# tests/cli_power.sh - "stonith -t ipmilan -T off|on|reset" against the
# simulated BMC: every configuration style (name=value, -p, -F, -E), every
# reset_method, a reset of a node that is off.  Each result is checked with
# ipmitool (power state), the BMC's request log (which Chassis Control was
# sent) and the chassis' boot counter.
. "$(dirname "$0")/lib.sh"
ipl_init
sim_start --no-ipv6

# --- off / on / reset (onoff) in every configuration style ------------------
for style in nv p F E; do
	sim_set_power on
	sim_log_clear
	ipl_nv
	run_cfg "$style" -T off node1
	expect_rc 0 "-T off ($style)"
	expect_power off "-T off ($style)"
	expect_cc "off" "-T off ($style)"
	t_off=$ST_MS

	sim_log_clear
	ipl_nv
	run_cfg "$style" -T on node1
	expect_rc 0 "-T on ($style)"
	expect_power on "-T on ($style)"
	expect_cc "on" "-T on ($style)"
	t_on=$ST_MS

	sim_log_clear
	b0=$(sim_boots)
	ipl_nv
	run_cfg "$style" -T reset node1
	expect_rc 0 "-T reset ($style, onoff)"
	expect_power on "-T reset ($style, onoff)"
	expect_cc "off;on" "-T reset ($style, onoff)"
	[ "$(sim_boots)" -gt "$b0" ] && ok "-T reset ($style): the node rebooted" ||
		fail "-T reset ($style): the node did not reboot (boots $b0 -> $(sim_boots))"
	echo "timing ($style): off ${t_off} ms, on ${t_on} ms, reset(onoff) ${ST_MS} ms"
done

# --- optional parameters reach the plugin in every style ----------------------
# interface=lan must give IPMI 1.5 sessions: as a name=value argument, in
# the tail of a positional line (-p, -F), and as an environment variable (-E).
for style in nv p F E; do
	sim_log_clear
	ipl_nv interface=lan auth=md5 timeout=15
	run_cfg "$style" -T off node1
	expect_rc 0 "-T off interface=lan ($style)"
	# (before expect_power: the judge, ipmitool, opens an RMCP+ session)
	expect_sessions lan "-T off interface=lan ($style)"
	expect_power off "-T off interface=lan ($style)"
	sim_log_clear
	ipl_nv interface=lanplus
	run_cfg "$style" -T on node1
	expect_rc 0 "-T on interface=lanplus ($style)"
	expect_sessions lanplus "-T on interface=lanplus ($style)"
	expect_power on "-T on interface=lanplus ($style)"
done

# --- each reset_method, node on and node off --------------------------------
# onoff: off, verify, on; power_cycle: Chassis Control 2; hard_reset: 3.
declare -A CC=([onoff]="off;on" [power_cycle]="cycle" [hard_reset]="reset")
for method in onoff power_cycle hard_reset; do
	for style in nv p; do
		sim_set_power on
		sim_log_clear
		b0=$(sim_boots)
		ipl_nv reset_method=$method
		run_cfg "$style" -T reset node1
		expect_rc 0 "-T reset reset_method=$method ($style), node on"
		expect_power on "-T reset reset_method=$method ($style), node on"
		expect_cc "${CC[$method]}" "-T reset reset_method=$method ($style), node on"
		[ "$(sim_boots)" -gt "$b0" ] &&
			ok "-T reset reset_method=$method ($style): the node rebooted" ||
			fail "-T reset reset_method=$method ($style): no reboot (boots $b0 -> $(sim_boots))"
		echo "timing: reset $method ($style) ${ST_MS} ms"
	done

	# A reset of a node that is off must leave it on.
	sim_set_power off
	sim_log_clear
	ipl_nv reset_method=$method
	run_cfg nv -T reset node1
	expect_rc 0 "-T reset reset_method=$method, node off"
	expect_power on "-T reset reset_method=$method of an off node ends on"
	echo "  (sent: $(sim_cc | paste -sd ';' -))"
done

# A BMC that refuses a power cycle of a node that is off (CC 0xFF here;
# real BMCs often answer 0xD5): the reset must still end with the node on.
sim_set_power off
sim_knob refuse_off_when_off
sim_log_clear
ipl_nv reset_method=power_cycle
run_cfg nv -T reset node1
expect_rc 0 "-T reset power_cycle, node off, BMC refuses cycle when off"
expect_power on "-T reset power_cycle of an off node, cycle refused, ends on"
echo "  (sent: $(sim_cc | paste -sd ';' -))"
sim_knob_clear

# --- an old Heartbeat R1 line, unchanged: admin, power_cycle, no tail ------
sim_set_power on
sim_log_clear
LINE="node1 127.0.0.1 $SIM_PORT md5 admin $SIM_ADMIN $SIM_PASS power_cycle"
ipl_config_file
run_stonith -t ipmilan -T reset -F "$CFG_FILE" node1
expect_rc 0 "old R1 line (-F, power_cycle, admin)"
expect_power on "old R1 line reset"
expect_cc "cycle" "old R1 line: power_cycle sends a power cycle (not a hard reset)"
sim_log_clear
run_stonith -t ipmilan -T off -p "node1 127.0.0.1 $SIM_PORT md5 admin $SIM_ADMIN $SIM_PASS hard_reset" node1
expect_rc 0 "old R1 line (-p, hard_reset) -T off"
expect_power off "old R1 line -T off"
sim_log_clear
run_stonith -t ipmilan -T reset -p "node1 127.0.0.1 $SIM_PORT md5 admin $SIM_ADMIN $SIM_PASS hard_reset" node1
expect_rc 0 "old R1 line (-p, hard_reset) -T reset of an off node"
expect_power on "old R1 line hard_reset of an off node ends on"

# --- idempotence, several hosts, node name case ----------------------------
sim_set_power off
sim_log_clear
ipl_nv
run_cfg nv -T off node1
expect_rc 0 "-T off of a node already off"
expect_power off "-T off of a node already off"
sim_set_power on
ipl_nv
run_cfg nv -T on node1
expect_rc 0 "-T on of a node already on"
expect_power on "-T on of a node already on"

ipl_nv 'hostname=node0 Node1,node2'
run_cfg nv -T off node2
expect_rc 0 "-T off node2 of hostname='node0 Node1,node2'"
expect_power off "-T off node2 (second of three names)"
ipl_nv hostname=Node1
run_cfg nv -T on NODE1
expect_rc 0 "-T on NODE1 with hostname=Node1 (case-insensitive)"
expect_power on "-T on NODE1"

# --- IPv6 ---------------------------------------------------------------------
sim_stop
sim_start
if [ "$SIM_IPV6" = 1 ]; then
	sim_log_clear
	ipl_nv ipaddr=::1
	run_cfg nv -T off node1
	expect_rc 0 "-T off over IPv6 (::1)"
	expect_power off "-T off over IPv6"
	ipl_nv 'ipaddr=[::1]' interface=lan
	run_cfg p -T reset node1
	expect_rc 0 "-T reset over IPv6 ([::1], lan, -p)"
	expect_power on "-T reset over IPv6 of an off node"
fi

ipl_finish
