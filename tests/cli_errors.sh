#!/usr/bin/env bash
# tests/cli_errors.sh - the exit codes of failures through the stonith CLI:
# S_ACCESS (2) for wrong credentials or privilege, S_BADHOST (4) for a node
# the device does not fence, S_RESETFAIL (5) when the BMC refuses or the
# power never changes, S_TIMEOUT (6) when nothing answers - each within its
# time limit, and none of them changing the power.
. "$(dirname "$0")/lib.sh"
ipl_init
sim_start --no-ipv6
ipl_dead_port

# --- credentials: S_ACCESS --------------------------------------------------
for iface in lanplus lan; do
	for action in "-S" "-T off node1"; do
		sim_set_power on
		sim_log_clear
		ipl_nv interface=$iface "password=$SIM_WRONG_PASS" timeout=4 msg_timeout=0.5
		run_cfg nv $action
		if [ "$iface" = lanplus ]; then
			expect_rc 2 "wrong password, $iface, $action"
		else
			# IPMI 1.5: ipmi_sim drops a request whose auth code is wrong,
			# exactly like a BMC that is not there; S_TIMEOUT is all a
			# client can tell.  It must still be an error, within time.
			case $ST_RC in
			2 | 6) ok "wrong password, $iface, $action: exit $ST_RC" ;;
			*) fail "wrong password, $iface, $action: expected 2 or 6, got $ST_RC"; ipl_show_run ;;
			esac
		fi
		expect_faster 7000 "wrong password, $iface, $action (timeout=4)"
		expect_power on "wrong password, $iface, $action"
		expect_cc "" "wrong password, $iface, $action"

		ipl_nv interface=$iface login=nosuchuser timeout=10
		run_cfg nv $action
		expect_rc 2 "unknown user, $iface, $action"
		expect_power on "unknown user, $iface, $action"
	done
done

# The user-privilege account cannot control power.  ipmi_sim 2.0.33 enforces
# a user's privilege limit for IPMI 1.5 sessions only (with RMCP+ name-only
# lookup it grants what is asked), so this is checked with interface=lan.
for action in "-S" "-T off node1" "-T reset node1"; do
	sim_log_clear
	ipl_nv interface=lan login=$SIM_LOW priv=operator timeout=10
	run_cfg nv $action
	expect_rc 2 "user-privilege account, lan, $action"
	expect_power on "user-privilege account, lan, $action"
	expect_cc "" "user-privilege account, lan, $action"
done

# --- a node this device does not fence: S_BADHOST ---------------------------
for style in nv p E; do
	sim_log_clear
	ipl_nv
	run_cfg "$style" -T off othernode
	expect_rc 4 "-T off othernode ($style)"
	expect_power on "-T off othernode ($style)"
	expect_cc "" "-T off othernode ($style) sends nothing"
done
ipl_nv 'hostname=node1 node2'
run_cfg nv -T reset node
expect_rc 4 "-T reset 'node' (a prefix of node1) is not node1"
ipl_nv 'hostname=node1 node2'
run_cfg nv -T on node3
expect_rc 4 "-T on node3 (hostname=node1 node2)"
expect_power on "after the S_BADHOST runs"

# --- nothing listening: S_TIMEOUT within the timeout -------------------------
for iface in lanplus lan auto; do
	for action in "-S" "-T reset node1"; do
		[ "$iface" != lanplus ] && [ "$action" != -S ] && continue
		ipl_nv port=$DEAD_PORT interface=$iface timeout=3 msg_timeout=0.5
		run_cfg nv $action
		expect_rc 6 "nothing on port $DEAD_PORT, $iface, $action"
		expect_faster 10000 "nothing listening, $iface, $action (timeout=3 msg_timeout=0.5)"
		if [ "$ST_MS" -lt 2500 ] && [ "$ST_RC" = 6 ]; then
			fail "nothing listening, $iface, $action: gave up after ${ST_MS} ms, before timeout=3"
		fi
		echo "timing: dead BMC, $iface, $action: ${ST_MS} ms"
	done
done
# The default timeout (20 s) also ends (OpenIPMI gives up after 7 tries of
# msg_timeout, 1 s by default).
ipl_nv port=$DEAD_PORT timeout=
run_cfg nv -S
expect_rc 6 "nothing listening, default timeout"
expect_faster 26000 "nothing listening, default timeout (20 s)"
echo "timing: dead BMC, default timeout: ${ST_MS} ms"

# --- the BMC refuses the command (CC 0xFF): S_RESETFAIL ---------------------
sim_knob fail
for action in off on reset; do
	sim_set_power on
	[ "$action" = on ] && sim_set_power off
	before=$(sim_power)
	ipl_nv timeout=5
	run_cfg nv -T $action node1
	expect_rc 5 "fail knob: -T $action"
	expect_faster 8000 "fail knob: -T $action (timeout=5)"
	expect_power "$before" "fail knob: -T $action changed nothing"
done
# Status only reads: it still works while every set fails.
ipl_nv
run_cfg nv -S
expect_rc 0 "fail knob (sets only): -S"
sim_knob_clear

# onoff reset whose power-on is refused: the node is left off, and it fails.
# It ends at the refusal; the default timeout keeps a loaded machine (make
# check -j8: each request answered after up to a second) from turning the
# refusal into S_TIMEOUT before the power-on was sent.
sim_set_power on
sim_knob fail power1
ipl_nv timeout=20
run_cfg nv -T reset node1
expect_rc 5 "reset (onoff) whose power-on is refused"
expect_power off "reset (onoff) whose power-on is refused leaves the node off"
sim_knob_clear

# --- the BMC accepts but the power never changes: S_RESETFAIL ------------
# (Only where a power state is expected: a hard reset or a power cycle of a
# node that is on ends on whether or not it happened, which no client can
# tell from the power state.)
sim_knob stuck
for action in off on reset; do
	sim_set_power on
	[ "$action" = on ] && sim_set_power off
	before=$(sim_power)
	ipl_nv timeout=3 power_wait=0.2
	run_cfg nv -T $action node1
	expect_rc 5 "stuck knob: -T $action (onoff)"
	expect_faster 6000 "stuck knob: -T $action (onoff, timeout=3)"
	echo "timing: stuck power, -T $action (onoff): ${ST_MS} ms"
	expect_power "$before" "stuck knob: -T $action"
done
for method in hard_reset power_cycle; do
	sim_set_power off
	ipl_nv timeout=3 reset_method=$method
	run_cfg nv -T reset node1
	expect_rc 5 "stuck knob: -T reset ($method) of an off node that never comes on"
	expect_faster 6000 "stuck knob: -T reset ($method, timeout=3)"
	expect_power off "stuck knob: -T reset ($method) of an off node"
done
sim_knob_clear

# --- a slow BMC ------------------------------------------------------------
# ipmi_sim is single-threaded: with the delay knob it stalls while the
# chassis program sleeps.  Slow but within the limits: success.
sim_set_power on
sim_knob delay 0.7
ipl_nv timeout=15 msg_timeout=2
run_cfg nv -T off node1
expect_rc 0 "BMC 0.7 s slow per command, msg_timeout=2: -T off"
expect_power off "slow BMC: -T off"
sim_knob_clear
# Slower than the whole timeout: an error, and on time.
sim_set_power on
sim_knob delay 6
ipl_nv timeout=3 msg_timeout=1
run_cfg nv -T off node1
case $ST_RC in
5 | 6) ok "BMC slower than timeout=3: exit $ST_RC" ;;
*) fail "BMC slower than timeout=3: expected 5 or 6, got $ST_RC"; ipl_show_run ;;
esac
expect_faster 6000 "BMC slower than timeout=3"
sim_knob_clear

ipl_finish
