#!/bin/bash
# tests/bmc_peer.sh - proves our RMCP+ test BMC (tests/bmc/rmcpp_bmc.py)
# with independent clients, before any plugin test relies on it: ipmitool
# (lanplus, cipher suites 17 and 3, also 0/1/2/15/16) and FreeIPMI's
# ipmipower (LAN_2_0, suites 17 and 3) read and change the power, a power
# cycle has a real off phase, a hard reset is counted exactly once (also
# when every datagram arrives twice), wrong passwords, unknown users, a
# wrong K_g, too little privilege, a changed byte and unoffered or lied-about
# cipher suites are refused, and every fault switch does what it says.
#
# Passwords reach ipmitool through -f FILE, ipmipower through a 0600
# --config-file, K_g through IPMI_KGKEY (ipmitool -K) and the config file;
# never a command line.  Every check prints its wall time.  Loopback only
# (127.0.0.1, 127.0.0.2 for --addr, and a random 127.x address on port 623
# for rmcpping, skipped when that port cannot be bound).  Few processes are
# started besides the clients, so that it stays quick on a loaded machine.
# Exit: 0 pass, 1 fail, 77 skip (no python3-cryptography, ipmitool or
# ipmipower), 99 harness error.
set -eu
. "$(dirname "$0")/lib.sh"
. "$IPL_TESTS_SRCDIR/bmc/bmc_lib.sh"

bmc_need
IPL_IPMITOOL=${IPL_IPMITOOL:-$(ipl_find_tool ipmitool)} ||
	ipl_skip "ipmitool is not installed"
IPMIPOWER=${IPMIPOWER:-$(ipl_find_tool ipmipower)} ||
	ipl_skip "ipmipower (freeipmi-tools) is not installed"
RMCPPING=$(ipl_find_tool rmcpping) || RMCPPING=
IPL_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ipl-bmc.XXXXXX") || ipl_hard_error "mktemp failed"
chmod 700 "$IPL_TMP"
RELAY_PIDS=

# The EXIT trap: stop the relays and BMCs, then the harness's cleanup,
# which exits with the status it finds in $? (so hand it the script's).
# shellcheck disable=SC2317  # called by the trap
peer_cleanup() {
	local rc=$? p
	for p in $RELAY_PIDS; do
		kill -TERM "$p" 2>/dev/null || true
	done
	bmc_stop_all
	(exit "$rc")
	ipl_cleanup
}
trap peer_cleanup EXIT
trap 'exit 99' HUP INT TERM

# now_ms: NOW_MS, milliseconds, without starting a process.
now_ms() {
	local t=${EPOCHREALTIME/[.,]/}
	NOW_MS=$((t / 1000))
}
now_ms
T_START=$NOW_MS

bmc_secrets
SIM_PASS=$BMC_PASS # ipl_mask masks it
BMC_KG=K$(ipl_random_word 12)g
ipl_secret_add "$BMC_KG"
(umask 077 && printf '%s\n' "$BMC_KG" >"$IPL_TMP/kg")
WRONG_PASS=W$(ipl_random_word 12)x
WRONG_PWF=$IPL_TMP/wrong.pass
(umask 077 && printf '%s\n' "$WRONG_PASS" >"$WRONG_PWF")

# ipp_conf FILE USER PASSWORD [K_G]: an ipmipower configuration file (0600).
ipp_conf() {
	(
		umask 077
		printf 'username %s\npassword %s\n' "$2" "$3" >"$IPL_TMP/$1"
		[ -z "${4:-}" ] || printf 'k_g %s\n' "$4" >>"$IPL_TMP/$1"
	)
}
ipp_conf ipp.conf "$BMC_USER" "$BMC_PASS"
ipp_conf ipp-wrong.conf "$BMC_USER" "$WRONG_PASS"
ipp_conf ipp-nobody.conf nobody "$BMC_PASS"
ipp_conf ipp-kg.conf "$BMC_USER" "$BMC_PASS" "$BMC_KG"

# Every BMC starts now, in parallel (python3 and its AES module take a while).
bmc_launch main --suites 3,17 --priv-limit operator --cycle-off 1.5 --power on
bmc_launch s3 --suites 3
bmc_launch all --suites 0,1,2,3,15,16,17
bmc_launch pick --pick-suite 1
bmc_launch kg --kg-file "$IPL_TMP/kg"
bmc_launch slow --delay 0.1
bmc_launch stuck --stuck
bmc_launch mute --drop-control-answer
bmc_launch full --no-slots
bmc_launch busy --cc-control c0
bmc_launch fault --power-fault
bmc_launch silent --silent-unknown-user
bmc_launch dup
bmc_launch tamp
bmc_launch addr --addr 127.0.0.2
for n in main s3 all pick kg slow stuck mute full busy fault silent dup tamp addr; do
	bmc_wait "$n"
done

# ------------------------------------------------------------- clients ---

# run_client LABEL CMD...: run a client (killed after 30 s); its stdout and
# stderr in RUN_OUT (file) and RUN_TEXT, exit code RUN_RC, wall time RUN_MS.
RUN_N=0
run_client() {
	local label=$1 t0
	shift
	RUN_N=$((RUN_N + 1))
	RUN_OUT=$IPL_TMP/run$RUN_N.out
	now_ms
	t0=$NOW_MS
	RUN_RC=0
	timeout -k 2 30 "$@" </dev/null >"$RUN_OUT" 2>&1 || RUN_RC=$?
	now_ms
	RUN_MS=$((NOW_MS - t0))
	RUN_TEXT=
	IFS= read -r -d '' RUN_TEXT <"$RUN_OUT" || true
	printf '  [%s] exit %d in %d ms\n' "$label" "$RUN_RC" "$RUN_MS"
}

# it BMC SUITE ARGS...: ipmitool as IT_USER (default the BMC user) with
# IT_PWF, IT_PRIV, IT_HOST, IT_PORT; IT_TRIES tries (default 2) of one
# second each.
it() {
	local bmc=$1 suite=$2
	shift 2
	run_client "ipmitool $bmc -C $suite -L ${IT_PRIV:-OPERATOR} $*" \
		"$IPL_IPMITOOL" -I lanplus -H "${IT_HOST:-127.0.0.1}" \
		-p "${IT_PORT:-${BMC_PORT[$bmc]}}" -U "${IT_USER:-$BMC_USER}" \
		-f "${IT_PWF:-$BMC_PWF}" -L "${IT_PRIV:-OPERATOR}" -N 1 \
		-R "${IT_TRIES:-2}" -C "$suite" "$@"
}

# ipp BMC SUITE CONF ACTION: ipmipower, IPMI 2.0, configuration file CONF,
# IPP_TIMEOUT ms for the whole session (default 4000).
ipp() {
	run_client "ipmipower $1 -I $2 ($3) $4" \
		"$IPMIPOWER" -D LAN_2_0 -I "$2" --config-file "$IPL_TMP/$3" \
		-h "127.0.0.1:${BMC_PORT[$1]}" --session-timeout "${IPP_TIMEOUT:-4000}" \
		--retransmission-timeout 500 "$4"
}

show_out() { ipl_mask "${RUN_TEXT:0:2000}" | sed 's/^/    | /'; }

# expect_run OK|FAIL|ANY TEXT DESCRIPTION: exit status 0 (OK), not 0
# (FAIL) or either (ANY), and TEXT (any case) in the output.
expect_run() {
	local want=$1 text=$2 what=$3 good=1
	case $want in
	OK) [ "$RUN_RC" = 0 ] || good=0 ;;
	FAIL) [ "$RUN_RC" != 0 ] || good=0 ;;
	esac
	[[ ${RUN_TEXT,,} == *"${text,,}"* ]] || good=0
	if [ "$good" = 1 ]; then
		ok "$what ($RUN_MS ms)"
	else
		fail "$what: exit $RUN_RC, expected ${want,,} with \"$text\" ($RUN_MS ms)"
		show_out
	fi
}

# expect_eq GOT WANT DESCRIPTION
expect_eq() {
	if [ "$1" = "$2" ]; then
		ok "$3: $1"
	else
		fail "$3: got [$1], want [$2]"
	fi
}

# expect_ge GOT MIN DESCRIPTION
expect_ge() {
	if [ "$1" -ge "$2" ]; then
		ok "$3: $1"
	else
		fail "$3: got $1, want at least $2"
	fi
}

# expect_power BMC STATE DESCRIPTION: the power file says STATE.
expect_power() {
	bmc_power "$1"
	expect_eq "$BMC_POWER" "$2" "$3"
}

# wait_power BMC STATE LIMIT_MS: poll the power file; sets WAITED_MS.
wait_power() {
	local t0
	now_ms
	t0=$NOW_MS
	while :; do
		now_ms
		WAITED_MS=$((NOW_MS - t0))
		bmc_power "$1"
		[ "$BMC_POWER" != "$2" ] || return 0
		[ "$WAITED_MS" -lt "$3" ] || return 1
		sleep 0.05
	done
}

# --------------------------------------------------- ipmitool, 17 and 3 ---

# power_round SUITE: status, off, on, cycle (with its off phase) and reset
# against the main BMC, with ipmitool.
power_round() {
	local s=$1 cycles resets
	it main "$s" chassis power status
	expect_run OK "Chassis Power is on" "ipmitool -C $s: status on"
	it main "$s" chassis power off
	expect_run OK "Down/Off" "ipmitool -C $s: off answered"
	expect_power main off "ipmitool -C $s: power file after off"
	it main "$s" chassis power status
	expect_run OK "Chassis Power is off" "ipmitool -C $s: status off"
	it main "$s" chassis power on
	expect_run OK "Up/On" "ipmitool -C $s: on answered"
	expect_power main on "ipmitool -C $s: power file after on"

	bmc_load main
	cycles=${BMC_ST[chassis_control.cycle]}
	resets=${BMC_ST[chassis_control.reset]}
	it main "$s" chassis power cycle
	expect_run OK "Cycle" "ipmitool -C $s: cycle answered"
	expect_power main off "ipmitool -C $s: power file right after the cycle"
	it main "$s" chassis power status
	expect_run OK "Chassis Power is off" "ipmitool -C $s: status in the off phase"
	if wait_power main on 5000; then
		ok "ipmitool -C $s: on again $WAITED_MS ms after that status (off phase 1.5 s)"
	else
		fail "ipmitool -C $s: still off $WAITED_MS ms after that status"
	fi

	it main "$s" chassis power reset
	expect_run OK "Reset" "ipmitool -C $s: reset answered"
	expect_power main on "ipmitool -C $s: power file after the reset"
	it main "$s" chassis restart_cause
	expect_run OK "chassis power control command" "ipmitool -C $s: restart cause"
	bmc_load main
	expect_eq "${BMC_ST[chassis_control.cycle]}/${BMC_ST[chassis_control.reset]}" \
		"$((cycles + 1))/$((resets + 1))" "ipmitool -C $s: cycles/hard resets received"
}

ipl_say "== ipmitool, suites 17 and 3"
power_round 17
power_round 3
# Without -C ipmitool asks Get Channel Cipher Suites and takes the best.
run_client "ipmitool main (no -C) -v chassis power status" "$IPL_IPMITOOL" \
	-I lanplus -H 127.0.0.1 -p "${BMC_PORT[main]}" -U "$BMC_USER" -f "$BMC_PWF" \
	-L OPERATOR -N 1 -R 2 -v chassis power status
expect_run OK "Using best available cipher suite 17" "ipmitool, no -C: suite 17 of 3,17"

ipl_say "== ipmipower, suites 17 and 3"
ipp main 17 ipp.conf --stat
expect_run OK "127.0.0.1: on" "ipmipower -I 17: stat on"
ipp main 17 ipp.conf --off
expect_run OK "127.0.0.1: ok" "ipmipower -I 17: off"
expect_power main off "ipmipower -I 17: power file after off"
ipp main 17 ipp.conf --stat
expect_run OK "127.0.0.1: off" "ipmipower -I 17: stat off"
ipp main 17 ipp.conf --on
expect_run OK "127.0.0.1: ok" "ipmipower -I 17: on"
expect_power main on "ipmipower -I 17: power file after on"
ipp main 3 ipp.conf --stat
expect_run OK "127.0.0.1: on" "ipmipower -I 3: stat on"
bmc_load main
# runs LIST: a comma-separated list with repeated neighbours collapsed.
runs() {
	local x last='' IFS=,
	RUNS=
	for x in $1; do
		[ "$x" = "$last" ] || RUNS="$RUNS${RUNS:+ }$x"
		last=$x
	done
}
runs "${BMC_ST[session_suites]}"
expect_eq "$RUNS" "17 3 17 3" "main BMC: the suites of its sessions, in order"

ipl_say "== refusals: password, user, privilege"
controls=${BMC_ST[commands.chassis_control]}
IT_PWF=$WRONG_PWF it main 17 -v chassis power off
expect_run FAIL "RAKP 2 HMAC is invalid" "ipmitool -C 17, wrong password: refused"
IT_PWF=$WRONG_PWF it main 3 -v chassis power off
expect_run FAIL "RAKP 2 HMAC is invalid" "ipmitool -C 3, wrong password: refused"
ipp main 17 ipp-wrong.conf --off
expect_run FAIL "password invalid" "ipmipower -I 17, wrong password: refused"
IT_USER=nobody it main 17 -v chassis power off
expect_run FAIL "unauthorized name" "ipmitool -C 17, unknown user: RAKP 2 status 0Dh"
ipp main 17 ipp-nobody.conf --off
expect_run FAIL "username invalid" "ipmipower -I 17, unknown user: refused"
IT_PRIV=USER it main 17 chassis power off
expect_run FAIL "Insufficient privilege level" "ipmitool -L USER: chassis control answered D4h"
IT_PRIV=ADMINISTRATOR it main 17 chassis power status
expect_run FAIL "Set Session Privilege Level to ADMINISTRATOR failed" \
	"ipmitool -L ADMINISTRATOR, operator-limited user: refused"
bmc_load main
expect_eq "${BMC_ST[rakp2_refused.0x0d]:-0}/${BMC_ST[completion_codes.0xd4]:-0}" "2/1" \
	"refusals: RAKP 2 status 0Dh / completion code D4h"
expect_eq "${BMC_ST[commands.chassis_control]}" $((controls + 1)) \
	"refusals: chassis controls inside a session (the -L USER one)"
expect_power main on "refusals: power untouched"
expect_eq "${BMC_ST[dropped]}/${BMC_ST[internal_errors]}" "{}/0" \
	"main BMC: nothing dropped, no internal error"

ipl_say "== cipher suites offered, refused, lied about"
it s3 17 chassis power status
expect_run FAIL "invalid authentication algorithm" "--suites 3: ipmitool -C 17 refused"
it s3 3 chassis power status
expect_run OK "Chassis Power is on" "--suites 3: ipmitool -C 3 accepted"
ipp s3 17 ipp.conf --stat
# ipmipower reports a refused Open Session on stdout and exits 0.
expect_run ANY "127.0.0.1: BMC error" "--suites 3: ipmipower -I 17 refused"
bmc_load s3
expect_ge "${BMC_ST[open_refused.0x04]:-0}" 2 "--suites 3: Open Session refusals (04h)"
expect_eq "${BMC_ST[session_suites]}" 3 "--suites 3: suites of its sessions"
for s in 0 1 2 15 16; do
	it all "$s" chassis power status
	expect_run OK "Chassis Power is on" "--suites 0,1,2,3,15,16,17: ipmitool -C $s"
done
bmc_load all
expect_eq "${BMC_ST[session_suites]}" "0,1,2,15,16" "--suites 0,..,17: suites of sessions"
it pick 17 chassis power status
expect_run FAIL "is not what we requested" "--pick-suite 1: ipmitool -C 17 refuses the lie"
ipp pick 17 ipp.conf --stat
expect_run FAIL "127.0.0.1:" "--pick-suite 1: ipmipower -I 17 fails"
bmc_load pick
expect_eq "${BMC_ST[commands.get_chassis_status]:-0}" 0 "--pick-suite 1: status requests served"

ipl_say "== K_g"
IPMI_KGKEY=$BMC_KG it kg 17 -K chassis power status
expect_run OK "Chassis Power is on" "--kg-file: ipmitool -K (IPMI_KGKEY) accepted"
it kg 17 chassis power status
expect_run FAIL "Unable to establish" "--kg-file: ipmitool without K_g refused"
ipp kg 17 ipp-kg.conf --stat
expect_run OK "127.0.0.1: on" "--kg-file: ipmipower with k_g accepted"
ipp kg 17 ipp.conf --stat
expect_run FAIL "k_g invalid" "--kg-file: ipmipower without k_g refused"

ipl_say "== integrity and sequence numbers"
RELAY_N=0
# relay_start SCRIPT BMC OPTIONS...: a relay in front of BMC; RELAY_PORT.
relay_start() {
	local script=$1 bmc=$2 _
	shift 2
	RELAY_N=$((RELAY_N + 1))
	"$BMC_PYTHON" "$script" --bmc-port "${BMC_PORT[$bmc]}" \
		--port-file "$IPL_TMP/relay$RELAY_N.port" \
		--stats-file "$IPL_TMP/relay$RELAY_N.json" --lifetime 120 "$@" \
		</dev/null >>"$IPL_TMP/relay$RELAY_N.log" 2>&1 &
	RELAY_PIDS="$RELAY_PIDS $!"
	for _ in $(seq 1 100); do
		[ ! -s "$IPL_TMP/relay$RELAY_N.port" ] || break
		sleep 0.05
	done
	read -r RELAY_PORT <"$IPL_TMP/relay$RELAY_N.port" ||
		ipl_hard_error "$script did not start"
}
relay_start "$IPL_BMC_DIR/tamper_relay.py" tamp --flip authcode
IT_TRIES=1 IT_PORT=$RELAY_PORT it tamp 17 chassis power off
expect_run FAIL "" "one bit of each AuthCode changed: ipmitool -C 17 fails"
relay_start "$IPL_BMC_DIR/tamper_relay.py" tamp --flip payload
tamp_port=${BMC_PORT[tamp]}
BMC_PORT[tamp]=$RELAY_PORT
IPP_TIMEOUT=1000 ipp tamp 17 ipp.conf --off
BMC_PORT[tamp]=$tamp_port
expect_run ANY "127.0.0.1:" "one bit of each payload changed: ipmipower -I 17 fails"
[[ $RUN_TEXT != *"127.0.0.1: ok"* ]] || fail "ipmipower reported success through the tampering relay"
bmc_load tamp
expect_ge "${BMC_ST[dropped.integrity]:-0}" 2 "changed bits: requests dropped for their AuthCode"
expect_eq "${BMC_ST[commands.chassis_control]:-0}" 0 "changed bits: chassis controls taken"
expect_ge "${BMC_ST[sessions_opened]}" 2 "changed bits: sessions opened (set-up is not changed)"
expect_power tamp on "changed bits: power untouched"
# relay.py (tests/fault/) sends every datagram twice, both ways.
relay_start "$IPL_TESTS_SRCDIR/fault/relay.py" dup --dup 1
IT_PORT=$RELAY_PORT it dup 17 chassis power reset
expect_run OK "Reset" "every datagram twice: ipmitool -C 17 reset"
bmc_load dup
expect_eq "${BMC_ST[chassis_control.reset]}/${BMC_ST[resets]}" "1/1" \
	"every datagram twice: hard resets received/carried out"
expect_ge "${BMC_ST[dropped.sequence]:-0}" 4 "every datagram twice: replays dropped by sequence number"

ipl_say "== fault switches"
it slow 17 chassis power status
expect_run OK "Chassis Power is on" "--delay 0.1: ipmitool answered"
single=$RUN_MS
bmc_load slow
answers=${BMC_ST[datagrams_sent]}
if [ "$answers" -ge 8 ] && [ "$single" -ge $((answers * 100)) ]; then
	ok "--delay 0.1: $single ms for $answers answers"
else
	fail "--delay 0.1: $single ms for $answers answers"
fi
now_ms
t0=$NOW_MS
pids=
for i in 1 2 3; do
	timeout 30 "$IPL_IPMITOOL" -I lanplus -H 127.0.0.1 -p "${BMC_PORT[slow]}" \
		-U "$BMC_USER" -f "$BMC_PWF" -L OPERATOR -N 2 -R 2 -C 17 \
		chassis power status >"$IPL_TMP/par$i.out" 2>&1 </dev/null &
	pids="$pids $!"
done
sleep 0.5
# While three clients and every BMC run: no secret on any command line.
if cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\0' '\n' |
	grep -qF -f "$IPL_TMP/secrets.pat"; then
	fail "a password or K_g is on a process command line"
else
	ok "no password or K_g on any process command line"
fi
par_ok=0
for p in $pids; do
	if wait "$p"; then
		par_ok=$((par_ok + 1))
	fi
done
now_ms
par=$((NOW_MS - t0))
if [ "$par_ok" = 3 ] && [ "$par" -lt $((single * 2)) ]; then
	ok "--delay 0.1: three clients at once in $par ms (one alone: $single ms)"
else
	fail "--delay 0.1: $par_ok of 3 clients at once succeeded in $par ms (one alone: $single ms)"
fi

it stuck 17 chassis power off
expect_run OK "Down/Off" "--stuck: off answered CC 0"
expect_power stuck on "--stuck: power file"
bmc_load stuck
expect_eq "${BMC_ST[chassis_control.off]}/${BMC_ST[chassis_control_executed.off]}" \
	"1/0" "--stuck: off received/executed"

it mute 17 chassis power reset
expect_run OK "Reset" "--drop-control-answer: ipmitool -C 17 reset (after a retry)"
bmc_load mute
expect_eq "${BMC_ST[chassis_control.reset]}/${BMC_ST[chassis_control_unanswered]}" \
	"2/1" "--drop-control-answer: resets received/unanswered (the retry is a second reset)"

it full 17 chassis power status
expect_run FAIL "insufficient resources for session" "--no-slots: ipmitool refused"
ipp full 17 ipp.conf --stat
expect_run FAIL "BMC busy" "--no-slots: ipmipower refused"

it busy 17 chassis power off
expect_run FAIL "Node busy" "--cc-control c0: ipmitool off fails"
expect_power busy on "--cc-control c0: power file"

it fault 17 chassis status
expect_run OK "Main Power Fault     : true" "--power-fault: power fault bit"
expect_run OK "Power Control Fault  : true" "--power-fault: control fault bit"

IPP_TIMEOUT=1000 ipp silent 17 ipp-nobody.conf --stat
expect_run FAIL "127.0.0.1:" "--silent-unknown-user: ipmipower gets no RAKP 2"
bmc_load silent
expect_eq "${BMC_ST[rakp2_refused.silent]:-0}/${BMC_ST[rakp2_refused.0x0d]:-0}" \
	"${BMC_ST[rakp1]}/0" "--silent-unknown-user: RAKP 1 ignored, no status 0Dh"

it all 17 chassis restart_cause
expect_run OK "System restart cause: unknown" "restart cause before any control"
it all 17 chassis power reset
expect_run OK "Reset" "hard reset on a fresh BMC"
it all 17 chassis restart_cause
expect_run OK "chassis power control command" "restart cause after the hard reset"
bmc_load all
bmc_power all
expect_eq "${BMC_ST[chassis_control.reset]}/${BMC_ST[resets]}/$BMC_POWER" "1/1/on" \
	"hard resets received/carried out, power"

IT_HOST=127.0.0.2 it addr 17 chassis power status
expect_run OK "Chassis Power is on" "--addr 127.0.0.2: ipmitool"
IT_HOST=127.0.0.2 it addr 17 chassis power diag
expect_run OK "Diag" "diagnostic interrupt answered"
IT_HOST=127.0.0.2 it addr 17 chassis power soft
expect_run OK "Soft" "soft off answered"
bmc_load addr
bmc_power addr
expect_eq "${BMC_ST[diag_interrupts]}/${BMC_ST[chassis_control.soft]}/$BMC_POWER" \
	"1/1/off" "diagnostic interrupts, soft offs received, power after soft off"

if [ -n "$RMCPPING" ]; then
	ping_addr=127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))
	bmc_launch ping --addr "$ping_addr" --port 623
	for _ in $(seq 1 150); do
		[ ! -s "$IPL_TMP/bmc.ping.port" ] || break
		kill -0 "${BMC_PID[ping]}" 2>/dev/null || break
		sleep 0.1
	done
	if [ -s "$IPL_TMP/bmc.ping.port" ]; then
		run_client "rmcpping -c 1 -t 2 $ping_addr" "$RMCPPING" -c 1 -t 2 "$ping_addr"
		expect_run OK "pong received" "RMCP ping on $ping_addr:623"
		expect_eq "$(bmc_stat ping pings)" 1 "pings counted"
	else
		ipl_say "  (no RMCP ping check: $ping_addr:623 could not be bound)"
	fi
	bmc_stop ping
fi

now_ms
t0=$NOW_MS
bmc_launch short --lifetime 1.5
for _ in $(seq 1 150); do
	kill -0 "${BMC_PID[short]}" 2>/dev/null || break
	sleep 0.1
done
now_ms
if kill -0 "${BMC_PID[short]}" 2>/dev/null; then
	fail "--lifetime 1.5: still running after $((NOW_MS - t0)) ms"
else
	rc=0
	wait "${BMC_PID[short]}" || rc=$?
	unset "BMC_PID[short]"
	if [ "$rc" = 0 ] && [ $((NOW_MS - t0)) -ge 1500 ]; then
		ok "--lifetime 1.5: exited by itself, status 0, after $((NOW_MS - t0)) ms"
	else
		fail "--lifetime 1.5: exit $rc after $((NOW_MS - t0)) ms"
	fi
fi

ipl_say "== the BMCs themselves"
bad=
for n in "${!BMC_PID[@]}"; do
	bmc_load "$n"
	[ "${BMC_ST[internal_errors]}" = 0 ] || bad="$bad $n"
	kill -0 "${BMC_PID[$n]}" 2>/dev/null || bad="$bad $n(dead)"
done
expect_eq "${bad:-none}" none "BMCs with internal errors, or dead"
if ipl_has_secret "$IPL_TMP"/run*.out "$IPL_TMP"/par*.out "$IPL_TMP"/bmc.*.log \
	"$IPL_TMP"/bmc.*.json; then
	fail "a secret appears in a client's output or a BMC's log or stats"
else
	ok "no secret in the clients' output, the BMC logs and stats"
fi
now_ms
ipl_say "total $((NOW_MS - T_START)) ms"
ipl_finish
