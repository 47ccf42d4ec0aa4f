#!/usr/bin/env bash
# tests/run-tests.sh - set up (tests/setup-debian.sh), build, run every test.
#
# Usage: tests/run-tests.sh [extra ./configure arguments...]
#        RUN_DISTCHECK=1 tests/run-tests.sh    also run "make distcheck"
#        RUN_SLOW=0 tests/run-tests.sh         skip "make check-slow"
#
# Builds with ./configure --enable-fatal-warnings --enable-required-tests
# (a missing test tool is a configure error, not a skipped test); the
# set-up installs every tests/packages/*.list.  Prints the logs of failing
# tests; its last lines name each skipped test with its reason and each
# failed test (from test-suite.log and check-slow.log), and the very last
# line is "N passed, N failed", counted from the automake test-suite.log
# (PASS and XFAIL count as passed; FAIL, ERROR and XPASS as failed; SKIP as
# neither) and check-slow.log.  Exits non-zero when a test failed, when no
# test ran, or when the build or distcheck failed.
set -eu

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

if ! tests/setup-debian.sh --enable-required-tests "$@"; then
	echo "run-tests.sh: set-up or build failed; no test ran" >&2
	exit 1
fi

# The tests must leave the system's plugin directory as they found it:
# cluster-glue's own ipmilan.so is checksummed before and after.
glue_plugin=/usr/lib/stonith/plugins/stonith2/ipmilan.so
glue_sum() {
	if [ -e "$glue_plugin" ]; then
		sha256sum "$glue_plugin" | cut -d' ' -f1
	else
		echo missing
	fi
}
glue_before=$(glue_sum)

# Every stonith run that named timeout= adds a line (tests/lib.sh).
rm -f tests/overrun.log
# A log left by an earlier run must not be counted if this one stops early.
log=test-suite.log
rm -f "$log"

check_rc=0
make check VERBOSE=1 || check_rc=$?

# count FIELD: the number automake wrote on the "# FIELD: N" line, else 0.
count() {
	local n
	n=$(sed -n "s/^# $1: *\([0-9][0-9]*\)\$/\1/p" "$log" 2>/dev/null | head -n 1)
	echo "${n:-0}"
}

pass=$(count PASS)
xfail=$(count XFAIL)
fail=$(count FAIL)
xpass=$(count XPASS)
error=$(count ERROR)
skip=$(count SKIP)
passed=$((pass + xfail))
failed=$((fail + error + xpass))

status=0
if [ "$check_rc" -ne 0 ]; then
	echo "run-tests.sh: make check exited with status $check_rc" >&2
	status=1
fi
if [ ! -f "$log" ]; then
	echo "run-tests.sh: no $log: the tests did not run" >&2
	status=1
elif [ $((passed + failed)) -eq 0 ]; then
	echo "run-tests.sh: no test ran ($skip skipped)" >&2
	status=1
fi
[ "$failed" -eq 0 ] || status=1

# suite_results LOG: "RESULT NAME REASON" for each test whose log automake
# copied into LOG (every result but PASS), REASON being the test's first
# "SKIP: " line (lib.sh's ipl_skip) for a skipped one.
suite_results() {
	[ -f "$1" ] || return 0
	awk '
		function flush() { if (name != "") print res, name, reason; name = "" }
		prev ~ /^(FAIL|ERROR|XPASS|SKIP|XFAIL): [^ ]+$/ && /^=+$/ {
			flush(); split(prev, w, ": "); res = w[1]; name = w[2]; reason = ""
		}
		name != "" && reason == "" && /^SKIP: / { reason = substr($0, 7) }
		{ prev = $0 }
		END { flush() }' "$1"
}
# slow_results LOG: the same for the "=== RESULT: NAME" lines of check-slow.
slow_results() {
	[ -f "$1" ] || return 0
	awk '
		/^=== (FAIL|SKIP): / { sub(/:$/, "", $2); print $2, $3, ($2 == "SKIP") ? reason : ""; next }
		/^=== / { reason = ""; next }
		reason == "" && /^SKIP: / { reason = substr($0, 7) }' "$1"
}

# The slow hardening tests (tests/Makefile.inc, check-slow): 30 % loss, the
# hostile BMC, 10,000 operations, the fuzzers.  Each prints "=== PASS: t",
# "=== FAIL: t" or "=== SKIP: t"; they are counted with the rest.
if [ "${RUN_SLOW:-1}" = 1 ]; then
	slow_log=check-slow.log
	slow_rc=0
	make check-slow 2>&1 | tee "$slow_log" || slow_rc=$?
	slow_pass=$(grep -c '^=== PASS: ' "$slow_log" || true)
	slow_fail=$(grep -c '^=== FAIL: ' "$slow_log" || true)
	slow_skip=$(grep -c '^=== SKIP: ' "$slow_log" || true)
	pass=$((pass + slow_pass))
	fail=$((fail + slow_fail))
	skip=$((skip + slow_skip))
	passed=$((passed + slow_pass))
	failed=$((failed + slow_fail))
	if [ "$slow_rc" -ne 0 ] || [ "$slow_fail" -ne 0 ]; then
		echo "run-tests.sh: make check-slow failed" >&2
		status=1
	fi
fi

distcheck=
if [ "${RUN_DISTCHECK:-0}" = 1 ]; then
	if [ "$status" -eq 0 ]; then
		if make distcheck DISTCHECK_CONFIGURE_FLAGS="--enable-fatal-warnings --enable-required-tests"; then
			echo "run-tests.sh: make distcheck passed"
		else
			echo "run-tests.sh: make distcheck failed" >&2
			distcheck=failed
			status=1
		fi
	else
		echo "run-tests.sh: make distcheck not run: make check failed" >&2
	fi
fi

glue_after=$(glue_sum)
glue_changed=
if [ "$glue_before" != "$glue_after" ]; then
	echo "run-tests.sh: $glue_plugin changed during the tests ($glue_before -> $glue_after)" >&2
	glue_changed="cluster-glue's $glue_plugin changed"
	status=1
	failed=$((failed + 1))
fi

# The closing lines: what was skipped and why, what failed, then the counts.
results=$(
	suite_results "$log"
	[ "${RUN_SLOW:-1}" != 1 ] || slow_results check-slow.log
)
while read -r res name reason; do
	if [ "$res" = SKIP ]; then echo "run-tests.sh: skipped $name${reason:+: $reason}"; fi
done <<<"$results"
# fail_lines NAME: the first failed checks a failed test printed (its own
# "FAIL:" lines), so that the very end of the output says what broke.
fail_lines() {
	{
		for f in "$1.log" "${1%.sh}.log"; do if [ -f "$f" ]; then cat "$f"; fi; done
		if [ -f check-slow.log ]; then
			awk -v t="$1" '$0 == "=== " t { on = 1; next } /^=== / { on = 0 } on' check-slow.log
		fi
	} | grep -E '^(FAIL|not ok)[: ]' | grep -vE '^FAIL: tests/' | head -n 8 | sed 's/^/    /'
}
while read -r res name _; do
	case $res in FAIL | ERROR | XPASS)
		echo "run-tests.sh: FAILED ($res) $name"
		fail_lines "$name"
		;;
	esac
done <<<"$results"
# The worst overrun of an operation's timeout over every test (wall time
# of the stonith command, its own start and exit included).
if [ -s tests/overrun.log ]; then
	sort -k4,4n <(awk '{ print $1, $2, $3, $3 - $2 }' tests/overrun.log) | tail -n 1 |
		while read -r t to ms over; do
			echo "run-tests.sh: worst timeout overrun: ${over} ms ($t: timeout ${to} ms, ended after ${ms} ms; $(wc -l <tests/overrun.log) operations with a timeout)"
		done
fi
if [ -n "$glue_changed" ]; then echo "run-tests.sh: FAILED $glue_changed"; fi
if [ "$distcheck" = failed ]; then echo "run-tests.sh: FAILED make distcheck"; fi
echo "PASS $pass, XFAIL $xfail, FAIL $fail, XPASS $xpass, ERROR $error, SKIP $skip"
echo "$passed passed, $failed failed"
exit "$status"
