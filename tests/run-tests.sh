#!/usr/bin/env bash
# tests/run-tests.sh - set up (tests/setup-debian.sh), build, run every test.
#
# Usage: tests/run-tests.sh [extra ./configure arguments...]
#        RUN_DISTCHECK=1 tests/run-tests.sh    also run "make distcheck"
#        RUN_SLOW=0 tests/run-tests.sh         skip "make check-slow"
#
# Prints the logs of failing tests, and last a line "N passed, N failed"
# taken from the automake test-suite.log (PASS and XFAIL count as passed;
# FAIL, ERROR and XPASS as failed; SKIP as neither).  Exits non-zero when
# a test failed, when no test ran, or when the build or distcheck failed.
set -eu

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

if ! tests/setup-debian.sh "$@"; then
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

if [ "${RUN_DISTCHECK:-0}" = 1 ]; then
	if [ "$status" -eq 0 ]; then
		if make distcheck DISTCHECK_CONFIGURE_FLAGS="--enable-fatal-warnings"; then
			echo "run-tests.sh: make distcheck passed"
		else
			echo "run-tests.sh: make distcheck failed" >&2
			status=1
		fi
	else
		echo "run-tests.sh: make distcheck not run: make check failed" >&2
	fi
fi

glue_after=$(glue_sum)
if [ "$glue_before" != "$glue_after" ]; then
	echo "run-tests.sh: $glue_plugin changed during the tests ($glue_before -> $glue_after)" >&2
	status=1
	failed=$((failed + 1))
fi

echo "PASS $pass, XFAIL $xfail, FAIL $fail, XPASS $xpass, ERROR $error, SKIP $skip"
echo "$passed passed, $failed failed"
exit "$status"
