# tests/fault/fault_lib.sh - helpers of the fault-injection tests (bash;
# sourced after tests/lib.sh): the lossy relay (relay.py) and the scripted
# hostile BMC (hostile_bmc.py), both Python 3 on 127.0.0.1.

IPL_FAULT_DIR=$IPL_TESTS_SRCDIR/fault
RELAY_PIDS=
RELAY_N=0

fault_need_python() {
	command -v python3 >/dev/null 2>&1 || ipl_skip "python3 is not installed"
}

# relay_start [relay.py options...]: a relay in front of the current
# simulator (SIM_PORT).  Sets RELAY_PORT, RELAY_PID, RELAY_STATS.
relay_start() {
	local i
	RELAY_N=$((RELAY_N + 1))
	RELAY_STATS=$IPL_TMP/relay$RELAY_N.json
	rm -f "$IPL_TMP/relay$RELAY_N.port"
	python3 "$IPL_FAULT_DIR/relay.py" --bmc-port "$SIM_PORT" \
		--port-file "$IPL_TMP/relay$RELAY_N.port" \
		--stats-file "$RELAY_STATS" --lifetime 3000 "$@" \
		>>"$IPL_TMP/relay$RELAY_N.log" 2>&1 &
	RELAY_PID=$!
	RELAY_PIDS="$RELAY_PIDS $RELAY_PID"
	for i in $(seq 1 100); do
		[ -s "$IPL_TMP/relay$RELAY_N.port" ] && break
		kill -0 "$RELAY_PID" 2>/dev/null || break
		sleep 0.05
	done
	[ -s "$IPL_TMP/relay$RELAY_N.port" ] ||
		ipl_hard_error "relay.py did not start: $(cat "$IPL_TMP/relay$RELAY_N.log")"
	RELAY_PORT=$(cat "$IPL_TMP/relay$RELAY_N.port")
	ipl_say "  [relay] pid $RELAY_PID port $RELAY_PORT -> $SIM_PORT ($*)"
}

relay_stop() {
	[ -n "${RELAY_PID:-}" ] || return 0
	ipl_kill_pid "$RELAY_PID"
	RELAY_PIDS=${RELAY_PIDS// $RELAY_PID/}
	RELAY_PID=
}

# relay_stat NAME: a counter from the current relay's stats file.
relay_stat() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
		"$RELAY_STATS" "$1"
}

fault_cleanup() {
	local p
	for p in $RELAY_PIDS $HOSTILE_PIDS; do
		ipl_kill_pid "$p"
	done
	RELAY_PIDS=
	HOSTILE_PIDS=
}
HOSTILE_PIDS=
HOSTILE_N=0

# hostile_start MODE [options...]: a scripted BMC (hostile_bmc.py) in MODE.
# Sets HOSTILE_PORT, HOSTILE_PID, HOSTILE_LOG, HOSTILE_STATE (power file).
hostile_start() {
	local i
	HOSTILE_N=$((HOSTILE_N + 1))
	HOSTILE_LOG=$IPL_TMP/hostile$HOSTILE_N.log
	HOSTILE_STATE=$IPL_TMP/hostile$HOSTILE_N.power
	rm -f "$IPL_TMP/hostile$HOSTILE_N.port"
	python3 "$IPL_FAULT_DIR/hostile_bmc.py" --mode "$1" \
		--port-file "$IPL_TMP/hostile$HOSTILE_N.port" \
		--power-file "$HOSTILE_STATE" --lifetime 600 "${@:2}" \
		>>"$HOSTILE_LOG" 2>&1 &
	HOSTILE_PID=$!
	HOSTILE_PIDS="$HOSTILE_PIDS $HOSTILE_PID"
	for i in $(seq 1 100); do
		[ -s "$IPL_TMP/hostile$HOSTILE_N.port" ] && break
		kill -0 "$HOSTILE_PID" 2>/dev/null || break
		sleep 0.05
	done
	[ -s "$IPL_TMP/hostile$HOSTILE_N.port" ] ||
		ipl_hard_error "hostile_bmc.py did not start: $(cat "$HOSTILE_LOG")"
	HOSTILE_PORT=$(cat "$IPL_TMP/hostile$HOSTILE_N.port")
}

hostile_stop() {
	[ -n "${HOSTILE_PID:-}" ] || return 0
	ipl_kill_pid "$HOSTILE_PID"
	HOSTILE_PIDS=${HOSTILE_PIDS// $HOSTILE_PID/}
	HOSTILE_PID=
}

# The harness's EXIT trap stops the simulators; stop ours first, keeping
# the exit status the test chose (ipl_cleanup exits with the $? it sees).
trap 'rc=$?; fault_cleanup; (exit "$rc"); ipl_cleanup' EXIT

# sim_file_power: the simulator's power state from its state file (on/off),
# the ground truth whatever the network does.
sim_file_power() {
	case $(cat "$SIM_CHASSIS/power" 2>/dev/null) in
	1) echo on ;; 0) echo off ;; *) echo unknown ;;
	esac
}

# fault_pw_file: write the current SIM_PASS to a 0600 file and register it
# as a test secret; sets FAULT_PWF.  The fault tests give the plugin
# password_file=$FAULT_PWF, so no password is on any command line.
FAULT_PW_N=0
fault_pw_file() {
	FAULT_PW_N=$((FAULT_PW_N + 1))
	FAULT_PWF=$IPL_TMP/fault.pw$FAULT_PW_N
	(umask 077 && printf '%s\n' "$SIM_PASS" >"$FAULT_PWF")
	ipl_secret_add "$SIM_PASS"
}
