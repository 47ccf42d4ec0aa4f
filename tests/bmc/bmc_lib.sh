# shellcheck shell=bash
# tests/bmc/bmc_lib.sh - helpers of the tests that use our RMCP+ test BMC,
# tests/bmc/rmcpp_bmc.py (bash; sourced after tests/lib.sh, once IPL_TMP
# exists).  Each BMC has a NAME; its files are $IPL_TMP/bmc.NAME.{port,
# power,json,flat,log}.  The user is $BMC_USER, the password $BMC_PASS (random,
# registered as a test secret) in the 0600 file $BMC_PWF.
#
#     bmc_need                     skip (77) without python3-cryptography;
#                                  sets BMC_PYTHON
#     bmc_secrets                  make BMC_PASS and BMC_PWF
#     bmc_launch NAME [opts...]    start a BMC in the background
#     bmc_wait NAME                wait until it listens; BMC_PORT[NAME]
#     bmc_start NAME [opts...]     both
#     bmc_load NAME                its stats file into the array BMC_ST
#                                  (flattened: BMC_ST[chassis_control.reset])
#     bmc_stat NAME KEY[.SUB]      one value from its stats file (0 if absent)
#     bmc_power NAME               BMC_POWER="on" or "off" from its power file
#     bmc_stop NAME, bmc_stop_all

IPL_BMC_DIR=$IPL_TESTS_SRCDIR/bmc
BMC_USER=fence
declare -A BMC_PID=() BMC_PORT=() BMC_ST=()

# The system's python3 first (Debian's, with python3-cryptography; it also
# starts faster than a private one earlier in PATH); BMC_PYTHON overrides.
bmc_need() {
	local p
	for p in ${BMC_PYTHON:-} /usr/bin/python3 "$(command -v python3 || true)"; do
		if [ -z "$p" ] || [ ! -x "$p" ]; then
			continue
		fi
		if "$p" -c 'import cryptography.hazmat.primitives.ciphers' 2>/dev/null; then
			BMC_PYTHON=$p
			return 0
		fi
	done
	ipl_skip "no python3 with python3-cryptography (AES-CBC-128 of the test BMC)"
}

bmc_secrets() {
	BMC_PASS=B$(ipl_random_word 14)x
	BMC_PWF=$IPL_TMP/bmc.pass
	(umask 077 && printf '%s\n' "$BMC_PASS" >"$BMC_PWF")
	ipl_secret_add "$BMC_PASS"
}

# bmc_launch NAME [rmcpp_bmc.py options...]: the user, password file, files
# and a 300 s lifetime are given; the options add to or override them.
bmc_launch() {
	local name=$1
	shift
	rm -f "$IPL_TMP/bmc.$name.port"
	"$BMC_PYTHON" "$IPL_BMC_DIR/rmcpp_bmc.py" --user "$BMC_USER" \
		--password-file "$BMC_PWF" \
		--port-file "$IPL_TMP/bmc.$name.port" \
		--power-file "$IPL_TMP/bmc.$name.power" \
		--stats-file "$IPL_TMP/bmc.$name.json" \
		--stats-flat "$IPL_TMP/bmc.$name.flat" --lifetime 300 "$@" \
		</dev/null >>"$IPL_TMP/bmc.$name.log" 2>&1 &
	BMC_PID[$name]=$!
}

# bmc_wait NAME: up to 15 s for the port file (python3 and its AES module
# take a while to start on a loaded machine).
bmc_wait() {
	local name=$1 _
	for _ in $(seq 1 150); do
		[ -s "$IPL_TMP/bmc.$name.port" ] && break
		kill -0 "${BMC_PID[$name]}" 2>/dev/null || break
		sleep 0.1
	done
	[ -s "$IPL_TMP/bmc.$name.port" ] ||
		ipl_hard_error "rmcpp_bmc.py ($name) did not start: $(cat "$IPL_TMP/bmc.$name.log")"
	BMC_PORT[$name]=$(cat "$IPL_TMP/bmc.$name.port")
	ipl_say "  [bmc $name] pid ${BMC_PID[$name]} port ${BMC_PORT[$name]}"
}

bmc_start() {
	bmc_launch "$@"
	bmc_wait "$1"
}

# bmc_load NAME: BMC_ST[KEY] for every key of the stats, nested keys joined
# with ".", e.g. "chassis_control.reset", "dropped.sequence"; a list is
# comma-separated, an empty object "{}" (the BMC's --stats-flat file, read
# without starting a process).
bmc_load() {
	local k v
	BMC_ST=()
	while IFS='=' read -r k v; do
		BMC_ST[$k]=$v
	done <"$IPL_TMP/bmc.$1.flat"
}

# bmc_stat NAME KEY: one value (0 when absent).
bmc_stat() {
	bmc_load "$1"
	printf '%s\n' "${BMC_ST[$2]:-0}"
}

# bmc_power NAME: BMC_POWER from the power file (no process started).
# shellcheck disable=SC2034  # BMC_POWER is for the caller
bmc_power() {
	BMC_POWER=unknown
	read -r BMC_POWER <"$IPL_TMP/bmc.$1.power" 2>/dev/null || true
}

bmc_stop() {
	[ -n "${BMC_PID[$1]:-}" ] || return 0
	ipl_kill_pid "${BMC_PID[$1]}" || true  # lib.sh is not written for set -e
	unset "BMC_PID[$1]"
}

# bmc_stop_all: TERM to every BMC at once, then wait for each.
bmc_stop_all() {
	local n
	for n in "${!BMC_PID[@]}"; do
		kill -TERM "${BMC_PID[$n]}" 2>/dev/null || true
	done
	for n in "${!BMC_PID[@]}"; do
		bmc_stop "$n"
	done
}
