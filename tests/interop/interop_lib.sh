# shellcheck shell=bash
# tests/interop/interop_lib.sh - helpers of the cipher-suite and
# interoperability tests (bash; sourced after tests/lib.sh once IPL_TMP
# exists): the counting relay (cipher_relay.py), pyghmi's BMC
# (pyghmi_bmc.py) and reading their JSON stats.
#
#     crelay_start NAME BMC_PORT [opts]  a relay; CRELAY_PORT[NAME]
#     crelay_count NAME KEY[.SUB]        one counter (0 when absent)
#     pyghmi_need                        skip (77) without python3-pyghmi
#     pyghmi_start NAME                  pyghmi's BMC; PYGHMI_PORT[NAME]
#     pyghmi_count NAME KEY              one of its counters
#     pyghmi_power NAME                  PYGHMI_POWER=on|off
#     interop_stop_all                   stop every relay and BMC started
#     interop_row BMC IFACE SUITE OP RESULT   one line of the interop table

IPL_INTEROP_DIR=$IPL_TESTS_SRCDIR/interop
declare -A CRELAY_PID=() CRELAY_PORT=() PYGHMI_PID=() PYGHMI_PORT=()

# The system's python3 (Debian's modules); INTEROP_PYTHON overrides.
INTEROP_PYTHON=${INTEROP_PYTHON:-/usr/bin/python3}
[ -x "$INTEROP_PYTHON" ] || INTEROP_PYTHON=$(command -v python3 || echo python3)

# interop_wait_file FILE PID WHAT: up to 15 s for FILE to be written.
interop_wait_file() {
	local _
	for _ in $(seq 1 150); do
		[ -s "$1" ] && return 0
		kill -0 "$2" 2>/dev/null || break
		sleep 0.1
	done
	ipl_hard_error "$3 did not start: $(cat "$1.log" 2>/dev/null)"
}

crelay_start() {
	local name=$1 port=$2
	shift 2
	rm -f "$IPL_TMP/crelay.$name.port"
	"$INTEROP_PYTHON" "$IPL_INTEROP_DIR/cipher_relay.py" --bmc-port "$port" \
		--port-file "$IPL_TMP/crelay.$name.port" \
		--stats-file "$IPL_TMP/crelay.$name.json" --lifetime 600 "$@" \
		</dev/null >"$IPL_TMP/crelay.$name.port.log" 2>&1 &
	CRELAY_PID[$name]=$!
	interop_wait_file "$IPL_TMP/crelay.$name.port" "${CRELAY_PID[$name]}" "cipher_relay.py ($name)"
	CRELAY_PORT[$name]=$(cat "$IPL_TMP/crelay.$name.port")
	ipl_say "  [relay $name] pid ${CRELAY_PID[$name]} port ${CRELAY_PORT[$name]} -> $port $*"
}

# interop_json FILE KEY: KEY ("a" or "a.b") of a JSON object, 0 if absent.
interop_json() {
	"$INTEROP_PYTHON" - "$1" "$2" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v.get(k, 0) if isinstance(v, dict) else 0
print(v)
PY
}

crelay_count() {
	interop_json "$IPL_TMP/crelay.$1.json" "$2"
}

pyghmi_need() {
	"$INTEROP_PYTHON" -c 'import pyghmi.ipmi.bmc' 2>/dev/null ||
		ipl_skip "python3-pyghmi is not installed"
}

# pyghmi_start NAME: pyghmi's BMC for user $PYGHMI_USER with the password
# in $PYGHMI_PWF, power on.
pyghmi_start() {
	local name=$1
	rm -f "$IPL_TMP/pyghmi.$name.port"
	printf 'on\n' >"$IPL_TMP/pyghmi.$name.power"
	"$INTEROP_PYTHON" "$IPL_INTEROP_DIR/pyghmi_bmc.py" \
		--port-file "$IPL_TMP/pyghmi.$name.port" \
		--power-file "$IPL_TMP/pyghmi.$name.power" \
		--stats-file "$IPL_TMP/pyghmi.$name.json" \
		--user "$PYGHMI_USER" --password-file "$PYGHMI_PWF" \
		--lifetime 300 </dev/null >"$IPL_TMP/pyghmi.$name.port.log" 2>&1 &
	PYGHMI_PID[$name]=$!
	interop_wait_file "$IPL_TMP/pyghmi.$name.port" "${PYGHMI_PID[$name]}" "pyghmi_bmc.py ($name)"
	PYGHMI_PORT[$name]=$(cat "$IPL_TMP/pyghmi.$name.port")
	ipl_say "  [pyghmi $name] pid ${PYGHMI_PID[$name]} port ${PYGHMI_PORT[$name]}"
}

pyghmi_stop() {
	[ -n "${PYGHMI_PID[$1]:-}" ] || return 0
	ipl_kill_pid "${PYGHMI_PID[$1]}" || true
	unset "PYGHMI_PID[$1]"
}

pyghmi_count() {
	interop_json "$IPL_TMP/pyghmi.$1.json" "$2"
}

# shellcheck disable=SC2034  # PYGHMI_POWER is for the caller
pyghmi_power() {
	PYGHMI_POWER=unknown
	read -r PYGHMI_POWER <"$IPL_TMP/pyghmi.$1.power" 2>/dev/null || true
}

interop_stop_all() {
	local n
	for n in "${!CRELAY_PID[@]}"; do
		ipl_kill_pid "${CRELAY_PID[$n]}" || true
	done
	CRELAY_PID=()
	for n in "${!PYGHMI_PID[@]}"; do
		pyghmi_stop "$n"
	done
}

# interop_row BMC IFACE SUITE OP RESULT: a line of the kind the README's
# interoperability table is built from ("INTEROP | ipmi_sim | lanplus | 17 |
# status | refused (S_ACCESS)").
interop_row() {
	printf 'INTEROP | %s | %s | %s | %s | %s\n' "$@"
}

# interop_plugin PORT USER PASSWORD_FILE [NAME=VALUE...] ACTION...: the
# stonith command (run_stonith -d) against the BMC on 127.0.0.1:PORT over
# lanplus with a 10 s timeout; a NAME given replaces the default, an empty
# VALUE drops the parameter.  -T NODE... fences node1.
interop_plugin() {
	local k
	local -A v=([hostname]=node1 [ipaddr]=127.0.0.1 [port]=$1 [login]=$2
		[password_file]=$3 [interface]=lanplus [timeout]=10)
	shift 3
	while [ $# -gt 0 ] && [[ $1 == *=* ]]; do
		v[${1%%=*}]=${1#*=}
		shift
	done
	NV=()
	for k in "${!v[@]}"; do
		[ -n "${v[$k]}" ] && NV+=("$k=${v[$k]}")
	done
	if [ "$1" = -T ]; then
		run_stonith -d -t ipmilan -T "$2" "${NV[@]}" node1
	else
		run_stonith -d -t ipmilan "$@" "${NV[@]}"
	fi
}
