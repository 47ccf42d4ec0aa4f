#!/usr/bin/env bash
# tests/cli_ciphers.sh - cipher=auto and cipher lists against ipmi_sim, a
# BMC without SHA-256 suites, through a counting relay
# (tests/interop/cipher_relay.py):
#   - auto proposes 17; ipmi_sim refuses it with RMCP+ status 04h in a
#     2-byte answer that OpenIPMI itself drops; the plugin sees it
#     (engine/rmcpp_guard) and proposes 3 at once: one more Get Channel
#     Authentication Capabilities and Open Session, and OpenIPMI's Close
#     Session datagram, far below the 7 tries of silence;
#   - cipher=17 alone is refused (S_ACCESS) as quickly; cipher=3 costs no
#     extra datagram;
#   - a BMC that ignores a suite 17 request (the relay drops it) gets no
#     suite 3 proposal: auto ends by its deadline with S_TIMEOUT and a
#     message saying to set cipher=3, for a status and for a reset.
# Exit: 0 pass, 1 fail, 77 skip, 99 harness error.
set -u  # not -e: lib.sh reads exit codes of failing commands
. "$(dirname "$0")/lib.sh"
ipl_init
. "$IPL_TESTS_SRCDIR/interop/interop_lib.sh"
trap 'interop_stop_all; ipl_cleanup' EXIT
sim_start --no-ipv6
crelay_start pass "$SIM_PORT"
crelay_start deaf "$SIM_PORT" --ignore-auth 3

# snap NAME: remember the relay's counters; delta NAME KEY: the change.
declare -A SNAP=()
snap() {
	local k
	for k in up down up_kind.open open_auth.0x03 open_auth.0x01 \
		open_refused.0x04 open_ignored; do
		SNAP[$1.$k]=$(crelay_count "$1" "$k")
	done
}
delta() {
	local now
	now=$(crelay_count "$1" "$2")
	printf '%s\n' $((now - ${SNAP[$1.$2]:-0}))
}

# expect_delta RELAY KEY N DESCRIPTION
expect_delta() {
	local got
	got=$(delta "$1" "$2")
	if [ "$got" = "$3" ]; then
		ok "$4: $2 +$3"
	else
		fail "$4: $2 +$got, expected +$3"
	fi
}

# status_via RELAY NAME=VALUE...: -S through the relay; sets UP and DOWN to
# the datagrams each way.
status_via() {
	local relay=$1
	shift
	snap "$relay"
	ipl_nv port="${CRELAY_PORT[$relay]}" "$@"
	run_stonith -d -t ipmilan -S "${NV[@]}"
	UP=$(delta "$relay" up)
	DOWN=$(delta "$relay" down)
	ipl_say "    datagrams: $UP up, $DOWN down"
}

# 1. cipher=3, the suite ipmi_sim has: the baseline, no SHA-256 proposal.
status_via pass cipher=3 msg_timeout=2
expect_rc 0 "cipher=3"
expect_delta pass open_auth.0x03 0 "cipher=3: no SHA-256 proposal"
expect_delta pass open_auth.0x01 1 "cipher=3: one Open Session"
expect_err_match "session open .* with cipher suite 3" "cipher=3: the suite is logged"
UP3=$UP DOWN3=$DOWN
interop_row ipmi_sim lanplus 3 status "ok ($UP3 up, $DOWN3 down)"

# 2. auto (the default; msg_timeout=2 would make silence cost 14 s).
for c in "" cipher=auto cipher=17,3; do
	what=${c:-default}
	status_via pass ${c:+"$c"} msg_timeout=2
	expect_rc 0 "$what"
	expect_faster 5000 "$what: the refusal of 17 is seen at once"
	expect_delta pass open_auth.0x03 1 "$what: 17 proposed once"
	expect_delta pass open_refused.0x04 1 "$what: ipmi_sim refuses it (04h)"
	expect_delta pass open_auth.0x01 1 "$what: then 3, once"
	expect_err_match "has no cipher suite 17 \\(RMCP\\+ status 0x04\\); proposing suite 3" \
		"$what: the fallback is logged"
	expect_err_match "session open .* with cipher suite 3" "$what: suite 3 is logged"
	# Get Channel Auth. Capabilities, Open Session and OpenIPMI's Close
	# Session of the half-open session: 3 datagrams more up, 2 more down
	# (ipmi_sim does not answer that Close Session).
	if [ $((UP - UP3)) = 3 ] && [ $((DOWN - DOWN3)) = 2 ]; then
		ok "$what: the fallback costs 3 datagrams up, 2 down ($UP up, $DOWN down)"
	else
		fail "$what: $UP up, $DOWN down; cipher=3 took $UP3 up, $DOWN3 down"
	fi
done
interop_row ipmi_sim lanplus auto status "ok, suite 3 after 04h ($UP up, $DOWN down, ${ST_MS} ms)"

# 3. cipher=17 alone: refused as quickly, no fallback.
status_via pass cipher=17 msg_timeout=2
expect_rc 2 "cipher=17 (S_ACCESS)"
expect_faster 5000 "cipher=17: the refusal is seen at once"
expect_err_match "refuses cipher suite 17 \\(RMCP\\+ status 0x04\\)" "cipher=17: the log says why"
expect_delta pass open_auth.0x01 0 "cipher=17: no suite 3 proposal"
interop_row ipmi_sim lanplus 17 status "refused: S_ACCESS (04h)"

# 4. A BMC silent on 17: no fallback on silence, the deadline holds.
for op in status reset; do
	snap deaf
	sim_log_clear
	ipl_nv port="${CRELAY_PORT[deaf]}" timeout=4 msg_timeout=0.5
	if [ $op = status ]; then
		run_stonith -d -t ipmilan -S "${NV[@]}"
		expect_rc 6 "silent on 17, status: S_TIMEOUT"
	else
		run_stonith -d -t ipmilan -T reset "${NV[@]}" "$SIM_HOST"
		case $ST_RC in
		5 | 6) ok "silent on 17, reset: fails ($(ipl_rc_name "$ST_RC"))" ;;
		*) fail "silent on 17, reset: exit $ST_RC"; ipl_show_run ;;
		esac
		expect_cc "" "silent on 17, reset: no Chassis Control"
	fi
	expect_faster 7000 "silent on 17, $op: ends by its 4 s deadline"
	expect_delta deaf open_auth.0x01 0 "silent on 17, $op: never proposes 3"
	if [ "$(delta deaf open_ignored)" -ge 1 ]; then
		ok "silent on 17, $op: the relay ignored the suite 17 request(s)"
	else
		fail "silent on 17, $op: no suite 17 request reached the relay"
	fi
	expect_err_match "set cipher=3" "silent on 17, $op: the message says what to set"
done
expect_power on "silent on 17: the node was not touched"
status_via deaf cipher=3
expect_rc 0 "silent on 17: cipher=3 works"
interop_row "ipmi_sim (silent on 17)" lanplus auto status "S_TIMEOUT by the deadline, no fallback"
ipl_finish
