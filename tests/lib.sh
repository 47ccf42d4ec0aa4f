# tests/lib.sh - shared harness of the end-to-end tests (bash; sourced).
#
# A test script does:
#     . "$(dirname "$0")/lib.sh"
#     ipl_init                 # skip (77) without ipmi_sim/ipmitool/stonith
#     sim_start                # a simulated BMC on a free loopback port
#     run_stonith -t ipmilan -S "${NV[@]}"
#     expect_rc 0 "status"
#     ipl_finish               # exit 0, or 1 when a check failed
#
# Exit codes follow automake: 0 pass, 1 fail, 77 skip, 99 hard error (the
# harness itself broke).  Everything is written under one mktemp directory,
# removed by an EXIT trap (kept when IPL_KEEP=1).  Nothing is written to the
# source or build tree, so "make distcheck" (read-only srcdir) works.
#
# The simulated BMC is a real ipmi_sim (see tests/sim/): users, a random
# password, file-backed power state and fault knobs.  ipmitool is the
# independent judge of the power state.

set -u

# ---------------------------------------------------------------- basics ---

IPL_FAILS=0
IPL_CHECKS=0
IPL_TMP=
IPL_SIM_PIDS=
IPL_LOCK_FDS=

ipl_say() { printf '%s\n' "$*"; }

# ipl_hard_error MSG: the harness cannot do its job; exit 99.
ipl_hard_error() {
	printf 'HARD ERROR: %s\n' "$*" >&2
	exit 99
}

ipl_skip() {
	printf 'SKIP: %s\n' "$*"
	exit 77
}

# fail MSG / ok MSG: record the result of one check.
fail() {
	IPL_FAILS=$((IPL_FAILS + 1))
	IPL_CHECKS=$((IPL_CHECKS + 1))
	printf 'FAIL: %s\n' "$*"
}

ok() {
	IPL_CHECKS=$((IPL_CHECKS + 1))
	printf 'ok:   %s\n' "$*"
}

# ipl_finish: the script's verdict.
ipl_finish() {
	if [ "$IPL_CHECKS" -eq 0 ]; then
		ipl_hard_error "no check was made"
	fi
	if [ "$IPL_FAILS" -ne 0 ]; then
		printf '%d of %d checks failed\n' "$IPL_FAILS" "$IPL_CHECKS"
		exit 1
	fi
	printf 'all %d checks passed\n' "$IPL_CHECKS"
	exit 0
}

# Milliseconds since some fixed point (monotonic enough for wall times).
ipl_now_ms() {
	local t
	t=$(date +%s%N)
	printf '%s\n' $((t / 1000000))
}

# ---------------------------------------------------------- locations ---

# Where the sources of the tests are (this file's directory), and the top of
# the build tree: $abs_top_builddir when make passes it, else the current
# directory when it is a configured tree (make check runs the tests from the
# top build directory), else the source tree (an in-tree build).
IPL_TESTS_SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IPL_SIM_SRCDIR=$IPL_TESTS_SRCDIR/sim

ipl_find_builddir() {
	if [ -n "${abs_top_builddir:-}" ] && [ -f "$abs_top_builddir/config.status" ]; then
		IPL_BUILDDIR=$abs_top_builddir
	elif [ -f "$PWD/config.status" ]; then
		IPL_BUILDDIR=$PWD
	elif [ -f "$IPL_TESTS_SRCDIR/../config.status" ]; then
		IPL_BUILDDIR=$(cd "$IPL_TESTS_SRCDIR/.." && pwd)
	else
		IPL_BUILDDIR=
	fi
}

# Tools, overridable from the environment.
IPL_STONITH=${IPL_STONITH:-}
IPL_IPMI_SIM=${IPL_IPMI_SIM:-}
IPL_IPMITOOL=${IPL_IPMITOOL:-}

ipl_find_tool() {
	local name=$1 d
	for d in ${PATH//:/ } /usr/sbin /sbin /usr/bin; do
		if [ -x "$d/$name" ]; then
			printf '%s\n' "$d/$name"
			return 0
		fi
	done
	return 1
}

# IPL_PLUGIN_SO (environment): test this ipmilan.so instead of the one in
# the build tree (e.g. the system's old plugin, to see the tests catch it).

# ipl_init [--no-plugin]: find the tools and the build, make the temporary
# directory, install the cleanup trap.  Skips (77) when a tool is missing.
ipl_init() {
	local need_plugin=1
	[ "${1:-}" = --no-plugin ] && need_plugin=0

	[ -n "$IPL_STONITH" ] || IPL_STONITH=$(ipl_find_tool stonith) ||
		ipl_skip "the stonith CLI (cluster-glue) is not installed"
	[ -n "$IPL_IPMI_SIM" ] || IPL_IPMI_SIM=$(ipl_find_tool ipmi_sim) ||
		ipl_skip "ipmi_sim (openipmi) is not installed"
	[ -n "$IPL_IPMITOOL" ] || IPL_IPMITOOL=$(ipl_find_tool ipmitool) ||
		ipl_skip "ipmitool is not installed"

	IPL_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ipl-test.XXXXXX") ||
		ipl_hard_error "mktemp failed"
	chmod 700 "$IPL_TMP"
	trap ipl_cleanup EXIT
	trap 'exit 99' HUP INT TERM

	ipl_find_builddir
	IPL_PLUGIN=
	IPL_SHIM=
	if [ -n "$IPL_BUILDDIR" ]; then
		IPL_PLUGIN=${IPL_PLUGIN_SO:-$IPL_BUILDDIR/.libs/ipmilan.so}
		IPL_SHIM=$IPL_BUILDDIR/tests/.libs/plugin_path_shim.so
	fi
	if [ "$need_plugin" = 1 ]; then
		[ -n "$IPL_BUILDDIR" ] ||
			ipl_hard_error "no configured build tree (set abs_top_builddir)"
		[ -f "$IPL_PLUGIN" ] ||
			ipl_hard_error "$IPL_PLUGIN is not built (run make check)"
		[ -f "$IPL_SHIM" ] ||
			ipl_hard_error "$IPL_SHIM is not built (run make check)"
		ipl_plugin_root "$IPL_PLUGIN"
	fi
}

# ipl_init_fault [--no-plugin]: ipl_init, then the helpers of the
# fault-injection tests (tests/fault/fault_lib.sh: relays, the hostile BMC),
# which need python3 (skip without it).
ipl_init_fault() {
	ipl_init "$@"
	# shellcheck source=fault/fault_lib.sh
	. "$IPL_TESTS_SRCDIR/fault/fault_lib.sh"
	fault_need_python
}

ipl_cleanup() {
	local rc=$?
	sim_stop_all
	if [ -n "$IPL_TMP" ] && [ -d "$IPL_TMP" ]; then
		if [ "${IPL_KEEP:-0}" = 1 ]; then
			printf 'kept %s\n' "$IPL_TMP" >&2
		else
			rm -rf "$IPL_TMP"
		fi
	fi
	exit "$rc"
}

# ----------------------------------------------- loading the plugin ---

# ipl_plugin_root SO: a private plugin root whose stonith2/ipmilan.so is a
# symbolic link to SO; run_stonith loads plugins from there first.
ipl_plugin_root() {
	IPL_PLUGIN_ROOT=$IPL_TMP/plugins
	mkdir -p "$IPL_PLUGIN_ROOT/stonith2"
	ln -sf "$1" "$IPL_PLUGIN_ROOT/stonith2/ipmilan.so"
}

# The environment a stonith run keeps; every other variable is removed, so
# neither the caller's environment nor a previous -E run leaks parameters.
IPL_KEEP_ENV="PATH LANG LC_ALL TMPDIR HOME LD_LIBRARY_PATH VALGRIND_OPTS"

# ST_ENV: NAME=VALUE words exported to the next run_stonith only (for -E);
# the values never appear on a command line.
ST_ENV=()
# IPL_WRAPPER: words put in front of the stonith command (e.g. valgrind).
IPL_WRAPPER=()
# IPL_RUN_LIMIT: seconds after which a stonith run is killed (a hang).
IPL_RUN_LIMIT=${IPL_RUN_LIMIT:-60}

# run_stonith ARGS...: run the stonith CLI with our plugin first in the
# search path, stdin from /dev/null, killed after IPL_RUN_LIMIT seconds.
# Sets ST_RC (exit code; 124 when it was killed), ST_MS (wall time, ms),
# ST_OUT and ST_ERR (files holding stdout and stderr).  Checks that the test
# password appears in neither.  ST_ENV is cleared afterwards.
IPL_RUN_N=0
run_stonith() {
	local t0 t1 v keep
	IPL_RUN_N=$((IPL_RUN_N + 1))
	ST_OUT=$IPL_TMP/run$IPL_RUN_N.out
	ST_ERR=$IPL_TMP/run$IPL_RUN_N.err
	t0=$(ipl_now_ms)
	(
		for v in $(compgen -e); do
			keep=0
			for k in $IPL_KEEP_ENV; do
				[ "$v" = "$k" ] && keep=1
			done
			[ "$keep" = 1 ] || unset "$v" 2>/dev/null
		done
		export LANG=C LC_ALL=C
		if [ -n "${IPL_PLUGIN_ROOT:-}" ]; then
			export LD_PRELOAD=$IPL_SHIM
			export IPMILAN_TEST_PLUGIN_ROOT=$IPL_PLUGIN_ROOT
		fi
		for v in "${ST_ENV[@]}"; do
			export "${v?}"
		done
		exec timeout -k 5 "$IPL_RUN_LIMIT" ${IPL_WRAPPER[@]+"${IPL_WRAPPER[@]}"} \
			"$IPL_STONITH" "$@"
	) </dev/null >"$ST_OUT" 2>"$ST_ERR"
	ST_RC=$?
	t1=$(ipl_now_ms)
	ST_MS=$((t1 - t0))
	ST_ENV=()
	if [ "${IPL_QUIET:-0}" != 1 ]; then
		printf '  [stonith %s] exit %d in %d ms\n' "$(ipl_mask "$*")" "$ST_RC" "$ST_MS"
	fi
	if [ -n "${SIM_PASS:-}" ] && ipl_has_secret "$ST_OUT" "$ST_ERR"; then
		fail "the password appears in the output of: stonith $(ipl_mask "$*")"
		ipl_show_run
	fi
	ipl_overrun_note "$@"
	return 0
}

# ipl_overrun_note ARGS...: when the stonith words give timeout=SECONDS and
# no wrapper (valgrind) slowed the run, append "TEST TIMEOUT_MS WALL_MS" to
# IPL_OVERRUN_LOG (default tests/overrun.log of the build tree), so that
# run-tests.sh can print the worst overrun of any operation's timeout over
# the whole run (the wall time includes the stonith command's own start and
# exit).
ipl_overrun_note() {
	local w t='' log=${IPL_OVERRUN_LOG:-${IPL_BUILDDIR:+$IPL_BUILDDIR/tests/overrun.log}}
	[ -n "$log" ] && [ ${#IPL_WRAPPER[@]} = 0 ] || return 0
	for w in "$@"; do
		case $w in timeout=*) t=${w#timeout=} ;; esac
	done
	[[ $t =~ ^([0-9]+)(\.([0-9]{1,3}))?$ ]] || return 0
	local frac=${BASH_REMATCH[3]}000
	t=$((10#${BASH_REMATCH[1]} * 1000 + 10#${frac:0:3}))
	[ "$t" -gt 0 ] || return 0 # timeout=0 is refused: no operation ran
	printf '%s %d %d\n' "$(basename "$0")" "$t" "$ST_MS" >>"$log" 2>/dev/null || true
}

# ipl_secret_add WORD: add WORD to the secrets ipl_has_secret looks for.
# The list lives in a 0600 file, so that no grep command line carries it.
ipl_secret_add() {
	(umask 077 && printf '%s\n' "$1" >>"$IPL_TMP/secrets.pat")
}

# ipl_has_secret FILE...: one of the test secrets appears in a FILE.
ipl_has_secret() {
	[ -s "$IPL_TMP/secrets.pat" ] || return 1
	grep -qF -f "$IPL_TMP/secrets.pat" -- "$@" 2>/dev/null
}

# ipl_mask TEXT: TEXT with the test passwords replaced by "****".
ipl_mask() {
	local s=$*
	if [ -n "${SIM_PASS:-}" ]; then
		s=${s//"$SIM_PASS"/****}
	fi
	if [ -n "${SIM_WRONG_PASS:-}" ]; then
		s=${s//"$SIM_WRONG_PASS"/****}
	fi
	printf '%s\n' "$s"
}

# ipl_show_run: print the last run's output (indented, passwords masked).
ipl_show_run() {
	local f
	for f in "$ST_OUT" "$ST_ERR"; do
		[ -s "$f" ] || continue
		printf '    --- %s\n' "${f##*.}"
		ipl_mask "$(head -c 4000 "$f")" | sed 's/^/    | /'
	done
}

# expect_rc CODE DESCRIPTION: the last run exited with CODE.
expect_rc() {
	if [ "$ST_RC" = "$1" ]; then
		ok "$2: exit $1"
	else
		fail "$2: expected exit $1 ($(ipl_rc_name "$1")), got $ST_RC ($(ipl_rc_name "$ST_RC"))"
		ipl_show_run
	fi
}

ipl_rc_name() {
	case $1 in
	0) echo S_OK ;; 1) echo S_BADCONFIG ;; 2) echo S_ACCESS ;;
	3) echo S_INVAL ;; 4) echo S_BADHOST ;; 5) echo S_RESETFAIL ;;
	6) echo S_TIMEOUT ;; 7) echo S_ISOFF ;; 8) echo S_OOPS ;;
	124) echo "killed after ${IPL_RUN_LIMIT}s" ;; *) echo "?" ;;
	esac
}

# expect_err_match ERE DESCRIPTION: the last run's stderr matches ERE.
expect_err_match() {
	if grep -qiE -- "$1" "$ST_ERR"; then
		ok "$2"
	else
		fail "$2: stderr does not match /$1/"
		ipl_show_run
	fi
}

# expect_stdout_words "WORDS" DESCRIPTION: the last run's stdout, its lines
# joined with spaces, is exactly WORDS.
expect_stdout_words() {
	local got
	got=$(paste -sd ' ' - <"$ST_OUT")
	ipl_same "$got" "$1" "$2: [$1]" "$2: expected [$1], got [$got]"
}

# expect_faster MS DESCRIPTION: the last run took less than MS milliseconds.
expect_faster() {
	if [ "$ST_MS" -lt "$1" ]; then
		ok "$2: ${ST_MS} ms < $1 ms"
	else
		fail "$2: took ${ST_MS} ms, limit $1 ms"
	fi
}

# ------------------------------------------------------- free ports ---

# Ports are reserved with a lock file per port in a directory shared by every
# test run of this machine: ipmi_sim binds its UDP socket with SO_REUSEADDR,
# so a second simulator on the same port would not fail, it would silently
# share the port.  The lock is held on a file descriptor that the simulator
# inherits, so it lasts exactly as long as the simulator.
IPL_PORT_LOCKDIR=${TMPDIR:-/tmp}/ipmilan-test-ports

# ipl_port_unbound PORT: nobody has PORT bound on 127.0.0.1 or ::1 (UDP).
ipl_port_unbound() {
	if command -v python3 >/dev/null 2>&1; then
		python3 - "$1" <<'PY' 2>/dev/null
import errno, socket, sys
port = int(sys.argv[1])
for fam, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    try:
        s = socket.socket(fam, socket.SOCK_DGRAM)
        s.bind((addr, port))
        s.close()
    except OSError as e:
        if e.errno == errno.EADDRINUSE or fam == socket.AF_INET:
            sys.exit(1)
sys.exit(0)
PY
	else
		! ss -Hlun 2>/dev/null | awk '{print $4}' | grep -qE "[:.]$1\$"
	fi
}

# ipl_reserve_port: choose a free UDP port, lock it on a new file descriptor,
# and set IPL_PORT and IPL_PORT_FD.  Returns 1 when no port could be found.
ipl_reserve_port() {
	local try port fd
	mkdir -p "$IPL_PORT_LOCKDIR" 2>/dev/null
	chmod 1777 "$IPL_PORT_LOCKDIR" 2>/dev/null
	for try in $(seq 1 50); do
		port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		exec {fd}>>"$IPL_PORT_LOCKDIR/$port.lock" || continue
		if flock -n "$fd"; then
			if ipl_port_unbound "$port"; then
				IPL_PORT=$port
				IPL_PORT_FD=$fd
				return 0
			fi
			flock -u "$fd"
		fi
		exec {fd}>&-
	done
	return 1
}

# ipl_dead_port: a reserved UDP port on which nothing listens (for timeout
# tests).  Sets DEAD_PORT; the reservation lasts until the script exits.
ipl_dead_port() {
	ipl_reserve_port || ipl_hard_error "no free UDP port"
	DEAD_PORT=$IPL_PORT
	IPL_LOCK_FDS="$IPL_LOCK_FDS $IPL_PORT_FD"
}

# ----------------------------------------------------- the test BMC ---

SIM_ADMIN=ipladmin
SIM_OPER=iplop
SIM_LOW=ipluser
SIM_HOST=node1

# ipl_random_word N: N random alphanumeric characters.
ipl_random_word() {
	LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom 2>/dev/null | head -c "$1"
}

# sim_start [--no-ipv6]: start a simulated BMC listening on 127.0.0.1 and
# ::1 (same port; one ipmi_sim, two LAN channels), wait until it answers.
# Sets SIM_DIR (private directory), SIM_PORT, SIM_PID, SIM_PASS (the random
# password of every user), SIM_WRONG_PASS, SIM_IPV6 (1 when ::1 is served),
# SIM_CHASSIS (the knob/state directory).  Power starts on.
sim_start() {
	local ipv6=1 attempt guid v6mark bmckey
	[ "${1:-}" = --no-ipv6 ] && ipv6=0
	if [ "$ipv6" = 1 ] && ! ipl_have_ipv6; then
		ipv6=0
	fi
	[ -n "$IPL_TMP" ] || ipl_hard_error "sim_start before ipl_init"

	SIM_DIR=$(mktemp -d "$IPL_TMP/sim.XXXXXX") || ipl_hard_error "mktemp failed"
	SIM_CHASSIS=$SIM_DIR/chassis
	mkdir -p "$SIM_DIR/state" "$SIM_CHASSIS"
	echo 1 >"$SIM_CHASSIS/power"
	echo 0 >"$SIM_CHASSIS/boots"
	: >"$SIM_CHASSIS/log"
	SIM_MSG_MARK=0
	SIM_PASS=P$(ipl_random_word 13)x
	SIM_WRONG_PASS=W$(ipl_random_word 13)x
	SIM_IPV6=$ipv6
	guid=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
	if [ "$ipv6" = 1 ]; then v6mark=; else v6mark='#'; fi
	(umask 077 && printf '%s\n' "$SIM_PASS" >"$SIM_DIR/ipmitool.pass")
	ipl_secret_add "$SIM_PASS"
	if [ -n "${SIM_BMC_KEY:-}" ]; then
		ipl_secret_add "$SIM_BMC_KEY"
	fi
	cp "$IPL_SIM_SRCDIR/sim.emu" "$SIM_DIR/sim.emu"
	# SIM_BMC_KEY (text, at most 19 bytes, no quotes): the BMC's K_g.
	bmckey="# no bmc_key"
	if [ -n "${SIM_BMC_KEY:-}" ]; then
		bmckey="bmc_key \"$SIM_BMC_KEY\""
	fi

	for attempt in 1 2 3 4 5; do
		ipl_reserve_port || ipl_hard_error "no free UDP port for the BMC"
		SIM_PORT=$IPL_PORT
		(umask 077 && sed \
			-e "s|@PORT@|$SIM_PORT|g" \
			-e "s|@GUID@|$guid|g" \
			-e "s|@IPV6@|$v6mark|g" \
			-e "s|@CHASSIS@|$IPL_SIM_SRCDIR/chassis.sh|g" \
			-e "s|@CHASSISDIR@|$SIM_CHASSIS|g" \
			-e "s|@ADMIN_USER@|$SIM_ADMIN|g" \
			-e "s|@OPER_USER@|$SIM_OPER|g" \
			-e "s|@LOW_USER@|$SIM_LOW|g" \
			-e "s|@PASS@|$SIM_PASS|g" \
			-e "s|@BMCKEY@|$bmckey|g" \
			"$IPL_SIM_SRCDIR/lan.conf.in" >"$SIM_DIR/lan.conf")
		# ipmi_sim runs with its stdio console (no -n) so that "debug msg"
		# in sim.emu logs every request it receives to ipmi_sim.log; the
		# console reads a FIFO, because epoll refuses /dev/null.  We hold
		# the FIFO open read-write (which never blocks) while it lives.
		# The simulator inherits the port lock descriptor and keeps the
		# port reserved for as long as it lives.
		rm -f "$SIM_DIR/console"
		mkfifo -m 600 "$SIM_DIR/console" || ipl_hard_error "mkfifo failed"
		exec {SIM_CONSOLE_FD}<>"$SIM_DIR/console"
		(cd "$SIM_DIR" && exec "$IPL_IPMI_SIM" -c "$SIM_DIR/lan.conf" \
			-f "$SIM_DIR/sim.emu" -s "$SIM_DIR/state" \
			<"$SIM_DIR/console" >>"$SIM_DIR/ipmi_sim.log" 2>&1) &
		SIM_PID=$!
		eval "exec $IPL_PORT_FD>&-"
		IPL_SIM_PIDS="$IPL_SIM_PIDS $SIM_PID"
		if sim_wait_ready; then
			if [ "$SIM_IPV6" = 1 ]; then
				ipl_say "  [sim] ipmi_sim pid $SIM_PID on 127.0.0.1 and [::1] port $SIM_PORT"
			else
				ipl_say "  [sim] ipmi_sim pid $SIM_PID on 127.0.0.1 port $SIM_PORT"
			fi
			return 0
		fi
		if kill -0 "$SIM_PID" 2>/dev/null; then
			sed 's/^/    | /' "$SIM_DIR/ipmi_sim.log" >&2
			ipl_hard_error "ipmi_sim runs but does not answer on port $SIM_PORT"
		fi
		wait "$SIM_PID" 2>/dev/null
		eval "exec $SIM_CONSOLE_FD>&-"
		if ! grep -q "Unable to bind" "$SIM_DIR/ipmi_sim.log"; then
			sed 's/^/    | /' "$SIM_DIR/ipmi_sim.log" >&2
			ipl_hard_error "ipmi_sim failed to start"
		fi
		ipl_say "  [sim] port $SIM_PORT was taken, trying another"
	done
	ipl_hard_error "ipmi_sim could not bind a port in 5 attempts"
}

ipl_have_ipv6() {
	[ -f /proc/net/if_inet6 ] && grep -q '^0\{31\}1 ' /proc/net/if_inet6
}

# sim_wait_ready: poll the BMC with ipmitool for up to 10 s.
sim_wait_ready() {
	local i
	for i in $(seq 1 100); do
		kill -0 "$SIM_PID" 2>/dev/null || return 1
		if sim_power >/dev/null 2>&1; then
			if [ "$SIM_IPV6" = 1 ] && ! sim_power ::1 >/dev/null 2>&1; then
				sleep 0.1
				continue
			fi
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# sim_stop: stop the current simulator and remove its directory.
sim_stop() {
	[ -n "${SIM_PID:-}" ] || return 0
	ipl_kill_pid "$SIM_PID"
	eval "exec $SIM_CONSOLE_FD>&-"
	IPL_SIM_PIDS=${IPL_SIM_PIDS// $SIM_PID/}
	rm -rf "$SIM_DIR"
	SIM_PID=
}

sim_stop_all() {
	local p
	for p in $IPL_SIM_PIDS; do
		ipl_kill_pid "$p"
	done
	IPL_SIM_PIDS=
}

# ipl_kill_pid PID: TERM, then KILL after 2 s.
ipl_kill_pid() {
	local i
	kill -TERM "$1" 2>/dev/null || return 0
	for i in $(seq 1 20); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# sim_ipmitool [-H ADDR] ARGS...: ipmitool as the operator over RMCP+ (cipher
# suite 3); the password is read from a 0600 file, never from argv.
sim_ipmitool() {
	local host=127.0.0.1
	if [ "${1:-}" = -H ]; then
		host=$2
		shift 2
	fi
	local -a kg=()
	# The BMC key goes to ipmitool through its environment, never argv.
	if [ -n "${SIM_BMC_KEY:-}" ]; then
		kg=(-K)
	fi
	IPMI_KGKEY=${SIM_BMC_KEY:-} timeout 20 "$IPL_IPMITOOL" -I lanplus -C 3 \
		-H "$host" -p "$SIM_PORT" -U "$SIM_OPER" \
		-f "$SIM_DIR/ipmitool.pass" -L OPERATOR ${kg[@]+"${kg[@]}"} "$@"
}

# sim_power [ADDR]: print "on" or "off" as the BMC reports it over the
# network (ipmitool, the independent judge).  Returns 1 when it cannot tell.
sim_power() {
	local out
	out=$(sim_ipmitool -H "${1:-127.0.0.1}" chassis power status 2>/dev/null) || return 1
	case $out in
	*"Power is on"*) echo on ;;
	*"Power is off"*) echo off ;;
	*) return 1 ;;
	esac
}

# sim_set_power on|off: set the power directly in the state file.
sim_set_power() {
	local v
	case $1 in on | 1) v=1 ;; off | 0) v=0 ;; *) ipl_hard_error "sim_set_power $1" ;; esac
	printf '%s\n' "$v" >"$SIM_CHASSIS/power.tmp" &&
		mv -f "$SIM_CHASSIS/power.tmp" "$SIM_CHASSIS/power"
}

# sim_knob NAME [VALUE]: create a fault knob (see tests/sim/chassis.sh).
sim_knob() {
	printf '%s' "${2:-}" >"$SIM_CHASSIS/$1"
}

# sim_knob_clear [NAME...]: remove knobs (all of them without arguments).
sim_knob_clear() {
	local k
	if [ $# -eq 0 ]; then
		set -- fail stuck delay get_delay refuse_off_when_off reset_powers_on
	fi
	for k in "$@"; do
		rm -f "$SIM_CHASSIS/$k"
	done
}

# sim_log_clear: forget the chassis-control log and the request log.
sim_log_clear() {
	: >"$SIM_CHASSIS/log"
	SIM_MSG_MARK=$(stat -c %s "$SIM_DIR/ipmi_sim.log")
}

# sim_log_new: the simulator's log since sim_log_clear, without the CRs.
sim_log_new() {
	tail -c +$((${SIM_MSG_MARK:-0} + 1)) "$SIM_DIR/ipmi_sim.log" | tr -d '\r'
}

# sim_requests: every IPMI request the BMC received since sim_log_clear, one
# "NETFN/CMD" per line in hex as ipmi_sim prints them (e.g. "0x0/0x1" for Get
# Chassis Status).  RMCP+ Open Session and RAKP messages are not IPMI
# requests and do not appear.
sim_requests() {
	sim_log_new |
		sed -n 's/^ *channel=[0-9]* netfn=\(0x[0-9a-f]*\) cmd=\(0x[0-9a-f]*\) .*/\1\/\2/p'
}

# sim_request_count NETFN/CMD: how many of those sim_requests lists.
sim_request_count() {
	sim_requests | grep -cxF -- "$1" || true
}

# sim_cc: the Chassis Control requests (NetFn 0, cmd 2) the BMC received
# since sim_log_clear, one word per line: off on cycle reset diag soft (or
# the hex byte).  A retransmitted request appears twice.
sim_cc() {
	sim_log_new | awk '
		# "Receive message:", " channel=.. netfn=.. cmd=..", " rq_lun=..",
		# then the data bytes; requests refused before execution (e.g.
		# "no privilege") have another header and are not counted.
		/^Receive message:/ { hdr = 1; next }
		hdr && / netfn=0x0 cmd=0x2 / { hdr = 0; want = 1; next }
		{ hdr = 0 }
		want && /^ rq_lun=/ { next }
		want {
			want = 0
			b = $1
			w = (b == "00") ? "off" : (b == "01") ? "on" : (b == "02") ? "cycle" : \
			    (b == "03") ? "reset" : (b == "04") ? "diag" : (b == "05") ? "soft" : b
			print w
		}'
}

# sim_sessions: one word per session the BMC opened since sim_log_clear:
# "lan" (IPMI 1.5 Activate Session) or "lanplus" (RMCP+ RAKP).
sim_sessions() {
	sim_log_new | awk '
		/^Activate session: Session opened/ { print "lan" }
		/^Activate session: Session started/ { print "lanplus" }'
}

# ipl_same GOT WANT OK-TEXT FAIL-TEXT: one check, passed when GOT is WANT.
ipl_same() {
	if [ "$1" = "$2" ]; then ok "$3"; else fail "$4"; fi
}

# expect_sessions KIND DESCRIPTION: at least one session was opened since
# sim_log_clear and every one was of KIND (lan or lanplus).
expect_sessions() {
	local got
	got=$(sim_sessions | sort -u | paste -sd ' ' -)
	ipl_same "$got" "$1" "$2: $1 sessions only" "$2: expected $1 sessions, the BMC saw [$got]"
}

# expect_cc "LIST" DESCRIPTION: the BMC received exactly these Chassis
# Control requests (';'-separated, e.g. "off;on") since sim_log_clear.
expect_cc() {
	local got
	got=$(sim_cc | paste -sd ';' -)
	ipl_same "$got" "$1" "$2: chassis control [$1]" "$2: chassis control should be [$1], got [$got]"
}

# sim_controls: the "set" commands the BMC executed since sim_log_clear, one
# per line, e.g. "power 0", "power 1", "reset 1" (quotes removed).
sim_controls() {
	sed -n 's/^[0-9.]* set //p' "$SIM_CHASSIS/log" | tr -d '"'
}

sim_boots() {
	cat "$SIM_CHASSIS/boots"
}

# expect_power on|off DESCRIPTION: ipmitool reads that power state.
expect_power() {
	local got
	got=$(sim_power) || got="unreadable"
	ipl_same "$got" "$1" "$2: power is $1" "$2: power should be $1, ipmitool says $got"
}

# expect_controls "LIST" DESCRIPTION: the BMC executed exactly these set
# commands (a ';'-separated list, e.g. "power 0;power 1") since sim_log_clear.
expect_controls() {
	local got
	got=$(sim_controls | paste -sd ';' -)
	ipl_same "$got" "$1" "$2: controls [$1]" "$2: controls should be [$1], got [$got]"
}

# expect_reboot BOOTS DESCRIPTION: since sim_log_clear the BMC executed an
# onoff reset (power 0, then power 1), the power is on, and the host booted
# once more than BOOTS (sim_boots before the reset).
expect_reboot() {
	expect_controls "power 0;power 1" "$2 (onoff)"
	expect_power on "$2"
	ipl_same "$(sim_boots)" $(($1 + 1)) "$2: the host booted once" \
		"$2: boots $1 -> $(sim_boots)"
}

# ------------------------------------------------ plugin parameters ---

# IPL_NV_TIMEOUT: the plugin's timeout parameter in ipl_nv's configuration.
IPL_NV_TIMEOUT=${IPL_NV_TIMEOUT:-20}

# ipl_nv NAME=VALUE...: set the array NV to a complete name=value
# configuration for the current simulator (node1, lanplus, operator),
# with the given names replaced or added; NAME= (empty) removes NAME.
ipl_nv() {
	local -A cfg=()
	local -a order=(hostname ipaddr port auth priv login password reset_method interface timeout)
	local kv k
	cfg=([hostname]=$SIM_HOST [ipaddr]=127.0.0.1 [port]=$SIM_PORT [auth]=md5
		[priv]=operator [login]=$SIM_OPER [password]=$SIM_PASS
		[reset_method]=onoff [interface]=lanplus [timeout]=$IPL_NV_TIMEOUT)
	for kv in "$@"; do
		k=${kv%%=*}
		cfg[$k]=${kv#*=}
		case " ${order[*]} " in *" $k "*) ;; *) order+=("$k") ;; esac
	done
	NV=()
	for k in "${order[@]}"; do
		[ -n "${cfg[$k]}" ] && NV+=("$k=${cfg[$k]}")
	done
	return 0
}

# ipl_positional NAME=VALUE...: ipl_nv NAME=VALUE..., then LINE from NV.
ipl_positional() {
	ipl_nv "$@"
	ipl_line_from_nv
}

# ipl_line_from_nv: the configuration in NV as one positional line (for -p
# and -F) in LINE: the values of the eight old names in order (a name absent
# from NV is left out, so the line is short), then every other parameter as
# NAME=VALUE words in the tail of reset_method.
ipl_line_from_nv() {
	local -a names=(hostname ipaddr port auth priv login password reset_method)
	local kv k n
	LINE=
	for n in "${names[@]}"; do
		for kv in "${NV[@]}"; do
			if [ "${kv%%=*}" = "$n" ]; then
				LINE="$LINE${LINE:+ }${kv#*=}"
			fi
		done
	done
	for kv in "${NV[@]}"; do
		k=${kv%%=*}
		case " ${names[*]} " in *" $k "*) ;; *) LINE="$LINE $kv" ;; esac
	done
}

# ipl_env_from_nv: ST_ENV from NV (for -E: every parameter as a variable).
ipl_env_from_nv() {
	ST_ENV=("${NV[@]}")
}

# ipl_config_file: write LINE to a 0600 file (for -F); sets CFG_FILE.
IPL_CFG_N=0
ipl_config_file() {
	IPL_CFG_N=$((IPL_CFG_N + 1))
	CFG_FILE=$IPL_TMP/config$IPL_CFG_N
	(umask 077 && printf '# written by tests/lib.sh\n%s\n' "$LINE" >"$CFG_FILE")
}

# run_cfg STYLE [-d] ACTION... : run stonith with the configuration in NV
# given in STYLE: nv (name=value arguments), p (-p LINE), F (-F file), E (-E
# with environment variables).  -d sends the plugin's log lines to stderr.
# ACTION is e.g. "-S" or "-T off node1".
run_cfg() {
	local style=$1
	shift
	local -a pre=() node=()
	if [ "${1:-}" = -d ]; then
		pre=(-d)
		shift
	fi
	local -a act=("$@")
	# stonith takes options first, then name=value words, then the node.
	if [ "${act[0]}" = -T ]; then
		pre+=(-T "${act[1]}")
		node=("${act[@]:2}")
	else
		pre+=("${act[@]}")
	fi
	case $style in
	nv) run_stonith -t ipmilan "${pre[@]}" "${NV[@]}" ${node[@]+"${node[@]}"} ;;
	p)
		ipl_line_from_nv
		run_stonith -t ipmilan "${pre[@]}" -p "$LINE" ${node[@]+"${node[@]}"}
		;;
	F)
		ipl_line_from_nv
		ipl_config_file
		run_stonith -t ipmilan "${pre[@]}" -F "$CFG_FILE" ${node[@]+"${node[@]}"}
		;;
	E)
		ipl_env_from_nv
		run_stonith -t ipmilan "${pre[@]}" -E ${node[@]+"${node[@]}"}
		;;
	*) ipl_hard_error "run_cfg: unknown style $style" ;;
	esac
}

# ipl_man_renders PAGE [GROFF_OPTION...]: the manual page renders without a
# warning through groff -ww -man (plus the options, e.g. -t for tables) and,
# when man is installed, through man --warnings at 80 columns.
ipl_man_renders() {
	local page=$1 how
	shift
	how="groff -ww $* -man"
	if groff -ww "$@" -man -Tutf8 "$page" >"$IPL_TMP/groff.out" 2>"$IPL_TMP/groff.err" &&
		[ ! -s "$IPL_TMP/groff.err" ] && [ -s "$IPL_TMP/groff.out" ]; then
		ok "${how/  / } renders the page without a warning"
	else
		fail "${how/  / }: $(head -5 "$IPL_TMP/groff.err")"
	fi
	command -v man >/dev/null 2>&1 || return 0
	if MANPAGER=cat MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$page" \
		>"$IPL_TMP/man.out" 2>"$IPL_TMP/man.err" &&
		[ ! -s "$IPL_TMP/man.err" ] && [ -s "$IPL_TMP/man.out" ]; then
		ok "man --warnings -l renders the page (80 columns) without a warning"
	else
		fail "man --warnings -l: $(head -5 "$IPL_TMP/man.err")"
	fi
}
