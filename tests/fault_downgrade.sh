#!/bin/bash
# tests/fault_downgrade.sh - a BMC that answers Open Session with other
# algorithms than the plugin proposed (tests/bmc/rmcpp_bmc.py --pick-suite
# N: it names suite N's algorithms whatever was asked, and runs the session
# with them) gets no session: the plugin fails with S_ACCESS, names what the
# BMC chose, and the BMC receives no RAKP 1, opens no session and sees no
# Chassis Control (the engine's RMCP+ guard, src/engine/rmcpp_guard.c).
#
#   proposal 3, the BMC picks 0, 1 or 2: S_ACCESS for off (right and wrong
#     password) and status; power untouched; fast (a veto, not a timeout);
#   proposal 3, the BMC picks 3: off and status work;
#   interface=auto (cipher given or default) against pick 0: S_ACCESS, no
#     IPMI 1.5 fallback, no session;
#   cipher=0 with allow_insecure_cipher0=true: suite 0 runs when the BMC
#     agrees, and a BMC answering suite 3 to it is refused as well;
#   proposal 17 (when this build offers SHA-256 suites): pick 3 is refused,
#     a BMC answering 17 works;
#   cipher=auto (the default) and cipher=17,3 against a BMC answering 17
#     with suite 3's algorithms: taken as a refusal of 17 (those algorithms
#     are never run), a fresh Open Session proposes 3, and the session runs;
#   one refused run and one such fallback under valgrind (no memory errors,
#     no definite leaks).
# Exit: 0 pass, 1 fail, 77 skip (no stonith CLI or python3-cryptography),
# 99 harness error.
set -eu
. "$(dirname "$0")/lib.sh"
ipl_init
. "$IPL_TESTS_SRCDIR/bmc/bmc_lib.sh"
bmc_need

# shellcheck disable=SC2317  # called by the trap
downgrade_cleanup() {
	local rc=$?
	bmc_stop_all
	(exit "$rc")
	ipl_cleanup
}
trap downgrade_cleanup EXIT

bmc_secrets
SIM_PASS=$BMC_PASS   # run_stonith fails a run whose output shows it
WRONG_PASS=W$(ipl_random_word 12)x
SIM_WRONG_PASS=$WRONG_PASS
ipl_secret_add "$WRONG_PASS"
WRONG_PWF=$IPL_TMP/wrong.pass
(umask 077 && printf '%s\n' "$WRONG_PASS" >"$WRONG_PWF")

# One BMC per behaviour, started in parallel (python3 starts slowly).
for n in 0 1 2 3; do
	bmc_launch "pick$n" --suites 3 --pick-suite "$n" --power on
done
bmc_launch auto0 --suites 3 --pick-suite 0 --power on
bmc_launch autodef --suites 3 --pick-suite 0 --power on
bmc_launch suite0 --suites 0 --power on
bmc_launch zero3 --suites 0,3 --pick-suite 3 --power on
bmc_launch sha3 --suites 3,17 --pick-suite 3 --power on
bmc_launch sha17 --suites 3,17 --power on
for n in pick0 pick1 pick2 pick3 auto0 autodef suite0 zero3 sha3 sha17; do
	bmc_wait "$n"
done

# dg_run ARGS...: run_stonith (lib.sh is not written for set -e: its
# subshell's exit status must not end this script).
dg_run() {
	run_stonith "$@" || true
}

# dg_nv BMC PASSWORD_FILE NAME=VALUE...: NV for a run against BMC.
dg_nv() {
	local name=$1 pwf=$2
	shift 2
	NV=(hostname=node1 ipaddr=127.0.0.1 "port=${BMC_PORT[$name]}"
		"login=$BMC_USER" "password_file=$pwf" timeout=8
		msg_timeout=0.5 power_wait=0.2 "$@")
}

# dg_refused BMC PICK DESC: the last run was refused naming suite PICK, in
# well under the timeout (a veto, not a silence).
dg_refused() {
	expect_rc 2 "$3"
	expect_err_match "chose suite $2 .*not the proposed suite ${PROPOSED:-3} " \
		"$3: the message names the suite the BMC chose and the proposal"
	expect_faster 4000 "$3: refused at once"
	if grep -q "falling back" "$ST_ERR"; then
		fail "$3: interface=auto fell back to IPMI 1.5"
	fi
}

# dg_untouched BMC DESC: the BMC saw no RAKP 1, opened no session, got no
# Chassis Control, and its power is still on.
dg_untouched() {
	local r s c l
	bmc_load "$1"
	r=${BMC_ST[rakp1]:-0} s=${BMC_ST[sessions_opened]:-0}
	c=${BMC_ST[commands.chassis_control]:-0} l=${BMC_ST[chassis_control_list]:-}
	bmc_power "$1"
	if [ "$r" = 0 ] && [ "$s" = 0 ] && [ "$c" = 0 ] && [ -z "$l" ] &&
		[ "$BMC_POWER" = on ]; then
		ok "$2: the BMC got no RAKP 1, no session, no Chassis Control (open requests: ${BMC_ST[open_requests]:-0})"
	else
		fail "$2: BMC $1 got rakp1=$r sessions_opened=$s chassis_control=$c [$l], power $BMC_POWER"
	fi
}

# dg_power_off BMC DESC: BMC's power is off.
dg_power_off() {
	bmc_power "$1"
	if [ "$BMC_POWER" = off ]; then
		ok "$2: the power is off"
	else
		fail "$2: the power is $BMC_POWER"
	fi
}

for n in 0 1 2; do
	dg_nv "pick$n" "$WRONG_PWF" interface=lanplus cipher=3
	dg_run -t ipmilan -d -T off "${NV[@]}" node1
	dg_refused "pick$n" "$n" "proposal 3, BMC picks $n, wrong password, off"
	dg_nv "pick$n" "$BMC_PWF" interface=lanplus cipher=3
	dg_run -t ipmilan -d -T off "${NV[@]}" node1
	dg_refused "pick$n" "$n" "proposal 3, BMC picks $n, right password, off"
	dg_run -t ipmilan -d -S "${NV[@]}"
	dg_refused "pick$n" "$n" "proposal 3, BMC picks $n, status"
	dg_untouched "pick$n" "BMC picking suite $n"
done

dg_nv pick3 "$BMC_PWF" interface=lanplus cipher=3
dg_run -t ipmilan -d -S "${NV[@]}"
expect_rc 0 "proposal 3, BMC picks 3, status"
dg_run -t ipmilan -d -T off "${NV[@]}" node1
expect_rc 0 "proposal 3, BMC picks 3, off"
dg_power_off pick3 "proposal 3, BMC picks 3"
if [ "$(bmc_stat pick3 chassis_control_executed.off)" -ge 1 ]; then
	ok "proposal 3, BMC picks 3: the BMC carried out Chassis Control off"
else
	fail "proposal 3, BMC picks 3: no Chassis Control off was carried out"
fi

dg_nv auto0 "$WRONG_PWF" interface=auto cipher=3
dg_run -t ipmilan -d -T off "${NV[@]}" node1
dg_refused auto0 0 "interface=auto cipher=3, BMC picks 0, wrong password"
dg_untouched auto0 "interface=auto cipher=3 against a BMC picking 0"
dg_nv autodef "$WRONG_PWF" interface=auto
dg_run -t ipmilan -d -T off "${NV[@]}" node1
dg_refused autodef 0 "interface=auto, default cipher, BMC picks 0, wrong password"
dg_untouched autodef "interface=auto (default cipher) against a BMC picking 0"

dg_nv suite0 "$BMC_PWF" interface=lanplus cipher=0 allow_insecure_cipher0=true
dg_run -t ipmilan -d -S "${NV[@]}"
expect_rc 0 "cipher=0 allowed, the BMC agrees to suite 0: status"
PROPOSED=0
dg_nv zero3 "$BMC_PWF" interface=lanplus cipher=0 allow_insecure_cipher0=true
dg_run -t ipmilan -d -S "${NV[@]}"
dg_refused zero3 3 "proposal 0, BMC picks 3, status"
unset PROPOSED

dg_nv sha3 "$BMC_PWF" interface=lanplus cipher=17
dg_run -t ipmilan -d -T off "${NV[@]}" node1
if [ "$ST_RC" = 1 ] && grep -q "SHA-256" "$ST_ERR"; then
	ipl_say "  (this build offers no SHA-256 suite: proposal 17 not tried)"
else
	HAVE_SHA256=1
	PROPOSED=17
	dg_refused sha3 3 "proposal 17, BMC picks 3, off"
	unset PROPOSED
	dg_untouched sha3 "BMC picking suite 3 against proposal 17"
	for c in "" 17,3; do
		d="cipher=${c:-auto (the default)}, BMC answers 17 with suite 3"
		dg_nv sha3 "$BMC_PWF" interface=lanplus ${c:+"cipher=$c"}
		dg_run -t ipmilan -d -S "${NV[@]}"
		expect_rc 0 "$d: status"
		expect_err_match "not the proposed suite 17 .*taken as a refusal of cipher suite 17, proposing suite 3" \
			"$d: the answer is taken as a refusal of 17"
		expect_err_match "session open .* with cipher suite 3 " "$d: the session runs suite 3"
	done
	if [ "$(bmc_stat sha3 rakp1)" = 2 ]; then
		ok "BMC answering 17 with suite 3: a RAKP 1 only for the two proposals of 3"
	else
		fail "BMC answering 17 with suite 3: $(bmc_stat sha3 rakp1) RAKP 1, expected 2"
	fi
	dg_nv sha17 "$BMC_PWF" interface=lanplus cipher=17
	dg_run -t ipmilan -d -T off "${NV[@]}" node1
	expect_rc 0 "proposal 17, the BMC agrees: off"
	dg_power_off sha17 "proposal 17, the BMC agrees"
fi

# dg_valgrind TAG RC DESC ARGS...: run_stonith ARGS under valgrind; it
# must exit RC with no memory error and no definite leak.
dg_valgrind() {
	local tag=$1 rc=$2 desc=$3
	shift 3
	IPL_WRAPPER=(valgrind --quiet --error-exitcode=97 --leak-check=full
		--errors-for-leak-kinds=definite --show-leak-kinds=definite
		--suppressions="$IPL_TESTS_SRCDIR/valgrind.supp"
		--log-file="$IPL_TMP/vg.$tag.%p.log")
	dg_run "$@"
	IPL_WRAPPER=()
	if [ "$ST_RC" = "$rc" ]; then
		ok "under valgrind: $desc, no memory error or definite leak"
	else
		fail "under valgrind: $desc: exit $ST_RC ($(ipl_rc_name "$ST_RC"))"
		cat "$IPL_TMP"/vg."$tag".*.log 2>/dev/null || true
		ipl_show_run
	fi
}

if command -v valgrind >/dev/null 2>&1; then
	dg_nv pick0 "$WRONG_PWF" interface=lanplus cipher=3 timeout=20
	dg_valgrind refused 2 "refused (S_ACCESS)" -t ipmilan -d -T off "${NV[@]}" node1
	dg_untouched pick0 "BMC picking suite 0, after the valgrind run too"
	if [ -n "${HAVE_SHA256:-}" ]; then
		dg_nv sha3 "$BMC_PWF" interface=lanplus timeout=20
		dg_valgrind fallback 0 "cipher=auto falls back from 17 to 3" \
			-t ipmilan -d -S "${NV[@]}"
	fi
fi

ipl_finish
