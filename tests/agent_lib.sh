# shellcheck shell=bash
# tests/agent_lib.sh - helpers of the fence agent's tests (bash; sourced
# after tests/lib.sh by tests/agent_*.sh).
#
#     . "$(dirname "$0")/lib.sh"
#     ipl_init --no-plugin
#     . "$IPL_TESTS_SRCDIR/agent_lib.sh"
#     agent_find                     # AGENT: the built fence_ipmi_native
#     agent_stdin action=status ip=127.0.0.1 ...
#     run_agent                      # name=value lines on stdin
#     run_agent -o status --ip ...   # or options
#     expect_agent_rc 0 "status"
#
# Passwords never go on a command line here: stdin lines are written to a
# 0600 file, and option runs use password_file or password_script.

AGENT_NAME=fence_ipmi_native
# AG_WRAP: words put in front of the agent (valgrind).
AG_WRAP=()
AG_STDIN=/dev/null
AG_LIMIT=${AG_LIMIT:-60}

# agent_find: AGENT from the build tree (IPL_AGENT overrides).
agent_find() {
	AGENT=${IPL_AGENT:-${IPL_BUILDDIR:+$IPL_BUILDDIR/$AGENT_NAME}}
	[ -n "$AGENT" ] && [ -x "$AGENT" ] ||
		ipl_hard_error "$AGENT_NAME is not built (run make)"
}

# agent_stdin LINE...: the next run_agent reads these lines on stdin.
AG_IN_N=0
agent_stdin() {
	AG_IN_N=$((AG_IN_N + 1))
	AG_STDIN=$IPL_TMP/agent-in$AG_IN_N
	(umask 077 && printf '%s\n' "$@" >"$AG_STDIN")
}

# agent_sim_lines NAME=VALUE...: AG_LINES for the current simulator
# (operator, lanplus), then the given lines (a later name wins).
agent_sim_lines() {
	# shellcheck disable=SC2034 # read by the scripts that source this file
	AG_LINES=(ip=127.0.0.1 "ipport=$SIM_PORT" "username=$SIM_OPER"
		"password=$SIM_PASS" lanplus=1 timeout=20 "$@")
}

# run_agent ARGS...: run the agent (stdin from the last agent_stdin, or
# /dev/null), killed after AG_LIMIT s.  Sets AG_RC, AG_MS, AG_OUT, AG_ERR.
# The stdin file is used once.  Fails a check when a test secret appears
# in the output.
AG_N=0
run_agent() {
	local t0 t1
	AG_N=$((AG_N + 1))
	AG_OUT=$IPL_TMP/agent$AG_N.out
	AG_ERR=$IPL_TMP/agent$AG_N.err
	t0=$(ipl_now_ms)
	LANG=C LC_ALL=C timeout -k 5 "$AG_LIMIT" ${AG_WRAP[@]+"${AG_WRAP[@]}"} \
		"$AGENT" "$@" <"$AG_STDIN" >"$AG_OUT" 2>"$AG_ERR"
	AG_RC=$?
	t1=$(ipl_now_ms)
	AG_MS=$((t1 - t0))
	printf '  [%s %s] exit %d in %d ms\n' "$AGENT_NAME" \
		"$(if [ $# -gt 0 ]; then ipl_mask "$*"; else echo "< stdin"; fi)" \
		"$AG_RC" "$AG_MS"
	if ipl_has_secret "$AG_OUT" "$AG_ERR"; then
		fail "a password appears in the output of $AGENT_NAME $(ipl_mask "$*")"
		agent_show
	fi
	AG_STDIN=/dev/null
	return 0
}

# agent_show: the last run's stdout and stderr, masked.
agent_show() {
	local f
	for f in "$AG_OUT" "$AG_ERR"; do
		[ -s "$f" ] || continue
		printf '    --- %s\n' "${f##*.}"
		ipl_mask "$(head -c 3000 "$f")" | sed 's/^/    | /'
	done
}

# expect_agent_rc CODE DESCRIPTION
expect_agent_rc() {
	if [ "$AG_RC" = "$1" ]; then
		ok "$2: exit $1"
	else
		fail "$2: expected exit $1, got $AG_RC"
		agent_show
	fi
}

# expect_stdout TEXT DESCRIPTION: stdout is exactly TEXT ("" for empty).
expect_stdout() {
	local got
	got=$(cat "$AG_OUT")
	if [ "$got" = "$1" ]; then
		ok "$2: stdout [${1:0:40}]"
	else
		fail "$2: stdout should be [$1], is [$(ipl_mask "${got:0:200}")]"
	fi
}

# expect_stderr_line ERE DESCRIPTION: stderr is one line, matching ERE.
expect_stderr_line() {
	local n
	n=$(wc -l <"$AG_ERR")
	if [ "$n" = 1 ] && grep -qE -- "$1" "$AG_ERR"; then
		ok "$2: one stderr line /$1/"
	else
		fail "$2: stderr should be one line matching /$1/ ($n lines)"
		agent_show
	fi
}

# expect_stderr_empty DESCRIPTION
expect_stderr_empty() {
	if [ ! -s "$AG_ERR" ]; then
		ok "$1: nothing on stderr"
	else
		fail "$1: stderr is not empty"
		agent_show
	fi
}

# agent_password_file: SIM_PASS in a 0600 file; sets AG_PWF.
agent_password_file() {
	AG_PWF=$IPL_TMP/agent.pw
	(umask 077 && printf '%s\n' "$SIM_PASS" >"$AG_PWF")
}
