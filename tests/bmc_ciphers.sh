#!/usr/bin/env bash
# tests/bmc_ciphers.sh - the plugin against a BMC that has the SHA-256
# suites (our test BMC, tests/bmc/rmcpp_bmc.py), once independent clients
# have accepted that BMC in this very run: ipmitool -C 17 and FreeIPMI's
# ipmipower -I 17 read its power first, or the plugin is not judged.
#   - BMCs with suite 17 only, 3 only, and both: cipher=auto, 17, 3, 17,3
#     and 3,17 each end in the suite the BMC's statistics show, with one
#     Open Session when the first proposal is served and two when it is
#     refused (04h), never more;
#   - every operation with suite 17 (status, off, on, reset by onoff,
#     power_cycle and hard_reset), verified by the BMC's power file and its
#     count of Chassis Control requests carried out;
#   - K_g with suite 17: the right one works, a wrong one is refused;
#   - a wrong password with suite 17 is S_ACCESS within a second on
#     loopback, an unknown user S_ACCESS too.
# Secrets travel in 0600 files only.  Exit: 0 pass, 1 fail, 77 skip
# (no python3-cryptography, ipmitool or ipmipower), 99 harness error.
set -u  # not -e: lib.sh reads exit codes of failing commands
. "$(dirname "$0")/lib.sh"
ipl_init
. "$IPL_TESTS_SRCDIR/bmc/bmc_lib.sh"
. "$IPL_TESTS_SRCDIR/interop/interop_lib.sh"
bmc_need
IPMIPOWER=$(ipl_find_tool ipmipower) ||
	ipl_skip "ipmipower (freeipmi-tools) is not installed"
trap 'bmc_stop_all; interop_stop_all; ipl_cleanup' EXIT

bmc_secrets
SIM_PASS=$BMC_PASS  # run_stonith checks that it never appears
WRONG_PWF=$IPL_TMP/wrong.pass
(umask 077 && printf 'W%sx\n' "$(ipl_random_word 12)" >"$WRONG_PWF")
ipl_secret_add "$(cat "$WRONG_PWF")"
BMC_KG=K$(ipl_random_word 12)g
ipl_secret_add "$BMC_KG"
(umask 077 && printf '%s\n' "$BMC_KG" >"$IPL_TMP/kg" &&
	printf 'X%s\n' "$(ipl_random_word 12)" >"$IPL_TMP/kg.wrong")
ipl_secret_add "$(cat "$IPL_TMP/kg.wrong")"
(umask 077 && printf 'username %s\npassword %s\n' "$BMC_USER" "$BMC_PASS" \
	>"$IPL_TMP/ipp.conf")

bmc_launch b17 --suites 17 --cycle-off 1
bmc_launch b3 --suites 3
bmc_launch both --suites 3,17
bmc_launch kg --suites 17 --kg-file "$IPL_TMP/kg"
for n in b17 b3 both kg; do
	bmc_wait "$n"
done

# ------------------------------------------------ the peers go first ---

# peer LABEL CMD...: a client's exit code in PEER_RC, its output in PEER_OUT.
peer() {
	local label=$1
	shift
	PEER_RC=0
	PEER_OUT=$(timeout -k 2 30 "$@" </dev/null 2>&1) || PEER_RC=$?
	ipl_say "  [$label] exit $PEER_RC"
}
for b in b17 both kg; do
	kgopt=() peer_kg=
	if [ $b = kg ]; then
		kgopt=(-K)
		peer_kg=$BMC_KG
	fi
	# The K_g reaches ipmitool through its environment, never an argv.
	IPMI_KGKEY=$peer_kg peer "ipmitool -C 17 $b" \
		"$IPL_IPMITOOL" -I lanplus -C 17 -H 127.0.0.1 -p "${BMC_PORT[$b]}" \
		-U "$BMC_USER" -f "$BMC_PWF" -L OPERATOR ${kgopt[@]+"${kgopt[@]}"} \
		chassis power status
	if [ "$PEER_RC" = 0 ] && [[ $PEER_OUT == *"Power is on"* ]]; then
		ok "ipmitool -C 17 accepts BMC $b"
	else
		ipl_hard_error "ipmitool -C 17 refuses BMC $b: $PEER_OUT"
	fi
done
peer "ipmitool -C 3 b3" "$IPL_IPMITOOL" -I lanplus -C 3 -H 127.0.0.1 \
	-p "${BMC_PORT[b3]}" -U "$BMC_USER" -f "$BMC_PWF" -L OPERATOR chassis power status
[[ $PEER_OUT == *"Power is on"* ]] && ok "ipmitool -C 3 accepts BMC b3" ||
	ipl_hard_error "ipmitool -C 3 refuses BMC b3: $PEER_OUT"
peer "ipmipower -I 17 b17" "$IPMIPOWER" -D LAN_2_0 -I 17 --config-file "$IPL_TMP/ipp.conf" \
	-h "127.0.0.1:${BMC_PORT[b17]}" --stat
[[ $PEER_OUT == *": on"* ]] && ok "ipmipower -I 17 accepts BMC b17" ||
	ipl_hard_error "ipmipower -I 17 refuses BMC b17: $PEER_OUT"

# ------------------------------------------- which suite, how many opens ---

# plugin BMC [NAME=VALUE...] ACTION...: the plugin against BMC
# (interop_plugin).
plugin() {
	local b=$1
	shift
	interop_plugin "${BMC_PORT[$b]}" "$BMC_USER" "$BMC_PWF" "$@"
}

# suite_case BMC CIPHER RC SUITE OPENS: a status with cipher=CIPHER exits RC,
# the BMC's last session used SUITE (- when none opened), OPENS Open
# Session requests reached it.
suite_case() {
	local b=$1 c=$2 rc=$3 suite=$4 opens=$5 o0 s0 last
	o0=$(bmc_stat "$b" open_requests)
	s0=$(bmc_stat "$b" sessions_opened)
	plugin "$b" "cipher=$c" -S
	expect_rc "$rc" "BMC $b, cipher=$c"
	bmc_load "$b"
	if [ $((BMC_ST[open_requests] - o0)) = "$opens" ]; then
		ok "BMC $b, cipher=$c: $opens Open Session request(s)"
	else
		fail "BMC $b, cipher=$c: $((BMC_ST[open_requests] - o0)) Open Session requests, expected $opens"
	fi
	if [ "$suite" = - ]; then
		[ "${BMC_ST[sessions_opened]}" = "$s0" ] && ok "BMC $b, cipher=$c: no session" ||
			fail "BMC $b, cipher=$c: a session was opened"
		interop_row "rmcpp_bmc.py (suites ${BMC_SUITES[$b]})" lanplus "$c" status \
			"refused: $(ipl_rc_name "$ST_RC")"
		return
	fi
	last=${BMC_ST[session_suites]##*,}
	if [ "$last" = "$suite" ]; then
		ok "BMC $b, cipher=$c: the session ran suite $suite"
	else
		fail "BMC $b, cipher=$c: the session ran suite $last, expected $suite"
	fi
	expect_err_match "session open .* with cipher suite $suite " \
		"BMC $b, cipher=$c: the log names suite $suite"
	interop_row "rmcpp_bmc.py (suites ${BMC_SUITES[$b]})" lanplus "$c" status \
		"ok, suite $suite ($opens Open Session)"
}
declare -A BMC_SUITES=([b17]=17 [b3]=3 [both]="3,17" [kg]=17)
suite_case b17 auto 0 17 1
suite_case b17 17 0 17 1
suite_case b17 3 2 - 1
suite_case b17 17,3 0 17 1
suite_case b3 auto 0 3 2
expect_err_match "has no cipher suite 17 \\(RMCP\\+ status 0x04\\); proposing suite 3" \
	"BMC b3, cipher=auto: the fallback is logged"
suite_case b3 17 2 - 1
suite_case b3 3 0 3 1
suite_case b3 17,3 0 3 2
suite_case both auto 0 17 1
suite_case both 3 0 3 1
suite_case both 3,17 0 3 1
suite_case both 17,3 0 17 1

# ----------------------------------------- every operation with suite 17 ---

# op_case ACTION STATE KEY: ACTION on b17 (power on before) leaves the
# power file at STATE and the BMC carried out one more Chassis Control KEY.
op_case() {
	local label=$1 state=$2 key=$3 before
	shift 3
	printf '%s\n' "${OP_START:-on}" >"$IPL_TMP/bmc.b17.power"
	before=$(bmc_stat b17 "chassis_control_executed.$key")
	plugin b17 cipher=17 "$@"
	expect_rc 0 "suite 17: $label"
	sleep 1.2  # a cycle's off phase ends (--cycle-off 1)
	bmc_power b17
	[ "$BMC_POWER" = "$state" ] && ok "suite 17: $label: power $state" ||
		fail "suite 17: $label: power $BMC_POWER, expected $state"
	if [ "$(bmc_stat b17 "chassis_control_executed.$key")" = $((before + 1)) ]; then
		ok "suite 17: $label: one Chassis Control $key carried out"
	else
		fail "suite 17: $label: Chassis Control $key carried out $(( $(bmc_stat b17 "chassis_control_executed.$key") - before )) times"
	fi
	expect_err_match "with cipher suite 17 " "suite 17: $label: the log names suite 17"
	interop_row "rmcpp_bmc.py (suites 17)" lanplus 17 "$label" ok
}
OP_START=on op_case off off off -T off
OP_START=off op_case on on on -T on
op_case "reset (onoff)" on on "reset_method=onoff" -T reset
op_case "reset (power_cycle)" on cycle "reset_method=power_cycle" -T reset
op_case "reset (hard_reset)" on reset "reset_method=hard_reset" -T reset
printf 'on\n' >"$IPL_TMP/bmc.b17.power"

# ------------------------------------------------------------ K_g, 17 ---
plugin kg cipher=17 "kg_file=$IPL_TMP/kg" -S
expect_rc 0 "suite 17 with the right K_g"
interop_row "rmcpp_bmc.py (suites 17, K_g)" lanplus 17 status "ok"
plugin kg cipher=17 "kg_file=$IPL_TMP/kg.wrong" -S
expect_rc 2 "suite 17 with a wrong K_g (S_ACCESS)"
expect_err_match "wrong password or K_g" "wrong K_g: the log says what may be wrong"
interop_row "rmcpp_bmc.py (suites 17, K_g)" lanplus 17 "wrong K_g" "refused: S_ACCESS"
plugin kg cipher=17 -S
expect_rc 2 "suite 17 without the K_g the BMC has (S_ACCESS)"

# --------------------------------------------- wrong password, unknown user ---
for c in 17 auto; do
	plugin b17 "cipher=$c" "password_file=$WRONG_PWF" -S
	expect_rc 2 "cipher=$c, wrong password: S_ACCESS"
	expect_faster 1000 "cipher=$c, wrong password: refused within a second"
	expect_err_match "wrong password or K_g" "cipher=$c, wrong password: the log says so"
done
interop_row "rmcpp_bmc.py (suites 17)" lanplus 17 "wrong password" "refused: S_ACCESS (${ST_MS} ms)"
plugin b17 cipher=17 login=nobody -S
expect_rc 2 "suite 17, unknown user: S_ACCESS"
expect_err_match "unknown user \"nobody\"" "suite 17, unknown user: the log names the user"
interop_row "rmcpp_bmc.py (suites 17)" lanplus 17 "unknown user" "refused: S_ACCESS (0Dh)"
bmc_load b17
[ "${BMC_ST[internal_errors]:-0}" = 0 ] && ok "the BMC had no internal error" ||
	fail "rmcpp_bmc.py had ${BMC_ST[internal_errors]} internal errors"
ipl_finish
