#!/bin/bash
# tests/inproc_plugin.sh - run tests/check_plugin (the module loaded in-process
# through libstonith) against a simulated BMC, under valgrind when it is
# installed: memory errors and leaks of definitely lost blocks fail the test.
# Set IPL_NO_VALGRIND=1 to run it bare.
. "$(dirname "$0")/lib.sh"
ipl_init
sim_start --no-ipv6

prog=$IPL_BUILDDIR/tests/check_plugin
[ -x "$prog" ] || ipl_hard_error "$prog is not built (run make check)"

# A port nobody answers on: reserved, never bound.
ipl_reserve_port || ipl_hard_error "no free UDP port"
dead_port=$IPL_PORT

export IPMILAN_TEST_PLUGIN_ROOT=$IPL_PLUGIN_ROOT
export IPL_TEST_PORT=$SIM_PORT IPL_TEST_USER=$SIM_OPER
export IPL_TEST_PASSWORD=$SIM_PASS IPL_TEST_STATE=$SIM_CHASSIS
export IPL_TEST_DEAD_PORT=$dead_port

wrapper=()
if [ "${IPL_NO_VALGRIND:-0}" != 1 ] && command -v valgrind >/dev/null 2>&1; then
	export CK_FORK=no
	wrapper=(valgrind --quiet --error-exitcode=97 --leak-check=full
		--errors-for-leak-kinds=definite --show-leak-kinds=definite
		--track-fds=no --child-silent-after-fork=yes
		--suppressions="$IPL_TESTS_SRCDIR/valgrind.supp"
		--log-file="$IPL_TMP/valgrind.log")
	# libtool wrapper scripts: run the real binary.
	[ -x "$IPL_BUILDDIR/tests/.libs/check_plugin" ] &&
		prog=$IPL_BUILDDIR/tests/.libs/check_plugin
fi

"${wrapper[@]}" "$prog" >"$IPL_TMP/check_plugin.out" 2>&1
rc=$?
ipl_mask "$(cat "$IPL_TMP/check_plugin.out")"
if [ -s "$IPL_TMP/valgrind.log" ]; then
	ipl_mask "$(cat "$IPL_TMP/valgrind.log")"
fi
if ipl_has_secret "$IPL_TMP/check_plugin.out"; then
	fail "the password appeared in the test output"
fi
case $rc in
0) ok "check_plugin passed${wrapper:+ under valgrind}" ;;
97) fail "valgrind found memory errors or leaks" ;;
*) fail "check_plugin failed (exit $rc)" ;;
esac
ipl_finish
