#!/bin/bash
# tests/fault_quirks.sh - BMC quirks the power policy must absorb:
#  - power cycle / hard reset refused with 0xD5 ("not supported in present
#    state") because the node went off meanwhile: the plugin powers on;
#  - a BMC that answers the Chassis Control before the power changes (Get
#    Chassis Status lags the set): the plugin polls until it changes, and
#    fails (never succeeds) when the change comes after the timeout;
#  - a BMC that drops the session right after the control command;
#  - a slow BMC: seconds per answer, fine within a raised msg_timeout;
#  - a BMC with IPMI 1.5 only: interface=auto falls back, lanplus refuses.
# The first three use the scripted BMC (tests/fault/hostile_bmc.py, IPMI
# 1.5), the slow one the real ipmi_sim with its delay/get_delay knobs.
. "$(dirname "$0")/lib.sh"
ipl_init_fault
SIM_PASS=Q$(ipl_random_word 12)x
fault_pw_file

scripted_nv() {
	NV=(hostname=node1 ipaddr=127.0.0.1 "port=$HOSTILE_PORT" login=fence
		"password_file=$FAULT_PWF" interface=lan auth=none msg_timeout=0.3
		power_wait=0.2 "$@")
}
controls() {
	python3 -c 'import json,sys; print(",".join("%d" % c for c in json.load(open(sys.argv[1]))["control"]))' "$1"
}

# 0xD5 on cycle / hard reset (this BMC also turns the node off): the state
# is read again, the node is off, so it is powered on, verified.
for m in power_cycle hard_reset; do
	hostile_start d5-cycle --stats-file "$IPL_TMP/d5$m.json"
	scripted_nv timeout=5 reset_method=$m
	run_stonith -t ipmilan -d -T reset "${NV[@]}" node1
	expect_rc 0 "reset ($m) refused with 0xD5"
	[ "$(cat "$HOSTILE_STATE")" = 1 ] && ok "$m/0xD5: the node is on" || fail "$m/0xD5: the node is off"
	want=2,1
	[ $m = hard_reset ] && want=3,1
	[ "$(controls "$IPL_TMP/d5$m.json")" = "$want" ] &&
		ok "$m/0xD5: controls sent [$want] (refused, then power up)" ||
		fail "$m/0xD5: controls sent [$(controls "$IPL_TMP/d5$m.json")], want [$want]"
	expect_err_match "0xD5.*reading the state" "$m/0xD5: the log says why"
	hostile_stop
done

# The power changes 2 s after the BMC accepted the command.
hostile_start lag --lag 2
scripted_nv timeout=8
run_stonith -t ipmilan -d -T off "${NV[@]}" node1
expect_rc 0 "off with a BMC whose power lags 2 s"
[ "$(cat "$HOSTILE_STATE")" = 0 ] && ok "lag: really off" || fail "lag: success but on"
[ "$ST_MS" -ge 1900 ] && ok "lag: waited for the change (${ST_MS} ms >= 2 s)" ||
	fail "lag: reported off after $ST_MS ms, before the power changed"
expect_err_match "reports power off after [0-9]+ poll" "lag: verified by polls"
run_stonith -t ipmilan -d -T reset "${NV[@]}" node1
expect_rc 0 "reset (onoff) with a lagging BMC"
[ "$(cat "$HOSTILE_STATE")" = 1 ] && ok "lag: on after the reset" || fail "lag: reset left it off"
hostile_stop
# ... and when it lags past the timeout: a failure, never success.
hostile_start lag --lag 6
scripted_nv timeout=2
run_stonith -t ipmilan -d -T off "${NV[@]}" node1
expect_rc 5 "off with power lagging past the timeout"
[ "$ST_MS" -le 5000 ] && ok "lag past timeout: ended in $ST_MS ms" || fail "lag past timeout: $ST_MS ms"
hostile_stop

# The BMC answers the control, then forgets the session.  A failure, or a
# success verified in a new session (the BMC opens new ones and reports the
# real power state there): then the power must really be what was asked.
for act in off reset; do
	hostile_start drop-after-control
	scripted_nv timeout=3
	run_stonith -t ipmilan -T $act "${NV[@]}" node1
	want=0
	[ "$act" = reset ] && want=1
	case $ST_RC in
	5 | 6) ok "$act, session dropped after the control: $(ipl_rc_name "$ST_RC")" ;;
	0)
		if [ "$(cat "$HOSTILE_STATE")" = "$want" ]; then
			ok "$act, session dropped after the control: verified in a new session"
		else
			fail "$act, session dropped after the control: FALSE SUCCESS (power $(cat "$HOSTILE_STATE"))"
			ipl_show_run
		fi
		;;
	*) fail "$act, session dropped after the control: exit $ST_RC"; ipl_show_run ;;
	esac
	hostile_stop
done

# A BMC with IPMI 1.5 only (its Get Channel Authentication Capabilities
# answer reports no IPMI 2.0): interface=auto falls back to IPMI 1.5, as
# old configurations need; interface=lanplus refuses at once, naming why.
# The plugin tells this answer from a lost one by what the BMC said, not
# by how fast OpenIPMI gave up (both are its ENOENT).
hostile_start good
NV=(hostname=node1 ipaddr=127.0.0.1 "port=$HOSTILE_PORT" login=fence
	"password_file=$FAULT_PWF" interface=auto auth=none timeout=5)
run_stonith -t ipmilan -d -S "${NV[@]}"
expect_rc 0 "status, interface=auto, an IPMI-1.5-only BMC"
expect_err_match "offers no RMCP\+; falling back to IPMI 1.5" \
	"interface=auto: the fallback is logged"
NV=(hostname=node1 ipaddr=127.0.0.1 "port=$HOSTILE_PORT" login=fence
	"password_file=$FAULT_PWF" interface=lanplus timeout=5)
run_stonith -t ipmilan -d -S "${NV[@]}"
expect_rc 2 "status, interface=lanplus, an IPMI-1.5-only BMC (S_ACCESS)"
expect_err_match "does not offer IPMI 2.0 RMCP\+ \(try interface=lan\)" \
	"interface=lanplus: the reason is the BMC's answer"
[ "$ST_MS" -le 2000 ] && ok "interface=lanplus: refused in $ST_MS ms, not by the timeout" ||
	fail "interface=lanplus: the refusal took $ST_MS ms"
hostile_stop

# A scripted BMC that takes 0.6 s for every answer.
hostile_start slow --delay 0.6
scripted_nv timeout=20 msg_timeout=1
run_stonith -t ipmilan -T off "${NV[@]}" node1
expect_rc 0 "off with 0.6 s per answer, msg_timeout 1 s"
[ "$(cat "$HOSTILE_STATE")" = 0 ] && ok "slow: really off" || fail "slow: success but on"
hostile_stop

# The real simulator, slowed: 1.5 s for each power read and each set.
sim_start --no-ipv6
fault_pw_file
sim_knob get_delay 1.5
sim_knob delay 1.5
sim_set_power on
ipl_nv password= password_file="$FAULT_PWF" timeout=30 msg_timeout=4 power_wait=0.2
run_stonith -t ipmilan -T off "${NV[@]}" node1
expect_rc 0 "ipmi_sim at 1.5 s per chassis command, msg_timeout=4"
[ "$(sim_file_power)" = off ] && ok "slow ipmi_sim: really off" || fail "slow ipmi_sim: still on"
sim_set_power on
ipl_nv password= password_file="$FAULT_PWF" timeout=4 msg_timeout=0.5
run_stonith -t ipmilan -T off "${NV[@]}" node1
case $ST_RC in
0) [ "$(sim_file_power)" = off ] && ok "slow ipmi_sim, msg_timeout 0.5: success, true" ||
	fail "slow ipmi_sim: false success" ;;
5 | 6) ok "slow ipmi_sim, msg_timeout 0.5 < answer time: $(ipl_rc_name "$ST_RC") in $ST_MS ms" ;;
*) fail "slow ipmi_sim, msg_timeout 0.5: exit $ST_RC" ;;
esac
[ "$ST_MS" -le 7000 ] && ok "slow ipmi_sim: ended by the 4 s timeout + margin ($ST_MS ms)" ||
	fail "slow ipmi_sim: $ST_MS ms"
sim_knob_clear get_delay delay

# A slow network instead: 150 ms each way, every datagram (relay.py).
sim_set_power on
relay_start --delay-ms 150
ipl_nv password= password_file="$FAULT_PWF" port="$RELAY_PORT" timeout=20
run_stonith -t ipmilan -T reset "${NV[@]}" node1
expect_rc 0 "reset through 300 ms of round-trip delay"
[ "$(sim_file_power)" = on ] && ok "delayed network: on after the reset" || fail "delayed network: off"
relay_stop
ipl_finish
