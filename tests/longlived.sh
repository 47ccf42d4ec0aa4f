#!/bin/bash
# tests/longlived.sh - run tests/check_longlived (the module in one
# long-lived process: many operations, lifetimes, devices, children,
# threads, unload/reload) against a simulated BMC, then count the BMC
# sessions on the wire: every session opened (RMCP+ RAKP) must have been
# closed (Close Session received), and the BMC must have no session left
# active (asked with ipmitool, whose own session is the only one).
#
# IPL_LONG_SCALE=small (default, "make check"): small counts under valgrind
# (memory errors and definite leaks fail); 100 status operations, since each
# loads OpenIPMI afresh and valgrind reads its debug information every time
# (about 0.4 s per operation here).  IPL_LONG_SCALE=full
# (tests/longlived_full.sh, "make check-slow"): 10,000 status operations,
# 1,000 lifetimes, 200 children, 2 x 200 threaded operations, no valgrind,
# timed, RSS compared after 1,000 and after 10,000.
. "$(dirname "$0")/lib.sh"
ipl_init
sim_start --no-ipv6

prog=$IPL_BUILDDIR/tests/check_longlived
[ -x "$prog" ] || ipl_hard_error "$prog is not built (run make check)"
[ -x "$IPL_BUILDDIR/tests/.libs/check_longlived" ] &&
	prog=$IPL_BUILDDIR/tests/.libs/check_longlived

export IPMILAN_TEST_PLUGIN_ROOT=$IPL_PLUGIN_ROOT
export IPL_TEST_PORT=$SIM_PORT IPL_TEST_USER=$SIM_OPER
export IPL_TEST_PASSWORD=$SIM_PASS IPL_TEST_STATE=$SIM_CHASSIS
export IPL_LONG_REPORT=$IPL_TMP/report
export CK_FORK=no
# The heap scan of the "secrets" case runs bare, in tests/secrets_sweep.sh.
export CK_RUN_CASE=${CK_RUN_CASE:-longlived}

wrapper=()
scale=${IPL_LONG_SCALE:-small}
if [ "$scale" = full ]; then
	export IPL_LONG_OPS=${IPL_LONG_OPS:-10000} IPL_LONG_CYCLES=${IPL_LONG_CYCLES:-1000}
	export IPL_LONG_CHILDREN=${IPL_LONG_CHILDREN:-200} IPL_LONG_THREAD_OPS=${IPL_LONG_THREAD_OPS:-200}
	export IPL_LONG_CHECK_RSS=1
else
	export IPL_LONG_OPS=${IPL_LONG_OPS:-100} IPL_LONG_CYCLES=${IPL_LONG_CYCLES:-100}
	export IPL_LONG_CHILDREN=${IPL_LONG_CHILDREN:-12} IPL_LONG_THREAD_OPS=${IPL_LONG_THREAD_OPS:-25}
	if [ "${IPL_NO_VALGRIND:-0}" != 1 ] && command -v valgrind >/dev/null 2>&1; then
		wrapper=(valgrind --quiet --error-exitcode=97 --leak-check=full
			--errors-for-leak-kinds=definite --show-leak-kinds=definite
			--track-fds=no --child-silent-after-fork=yes
			--suppressions="$IPL_TESTS_SRCDIR/valgrind.supp"
			--log-file="$IPL_TMP/valgrind.log")
	fi
fi
ipl_say "  [longlived] $scale: $IPL_LONG_OPS status, $IPL_LONG_CYCLES lifetimes, $IPL_LONG_CHILDREN children, 2x$IPL_LONG_THREAD_OPS threaded${wrapper:+, under valgrind}"

sim_log_clear
t0=$(ipl_now_ms)
"${wrapper[@]}" "$prog" >"$IPL_TMP/out" 2>&1
rc=$?
t1=$(ipl_now_ms)
ipl_mask "$(cat "$IPL_TMP/out")"
[ -s "$IPL_TMP/valgrind.log" ] && ipl_mask "$(cat "$IPL_TMP/valgrind.log")"
ipl_has_secret "$IPL_TMP/out" && fail "the password appeared in the output"
case $rc in
0) ok "check_longlived passed${wrapper:+ under valgrind} in $(((t1 - t0) / 1000)) s" ;;
97) fail "valgrind found memory errors or leaks" ;;
*) fail "check_longlived failed (exit $rc)" ;;
esac
[ -f "$IPL_LONG_REPORT" ] && sed 's/^/  [longlived] /' "$IPL_LONG_REPORT"

# Sessions on the wire, as the BMC saw them.
opened=$(sim_log_new | grep -c '^Activate session: Session started')
closed=$(sim_log_new | grep -c ' netfn=0x6 cmd=0x3c ')
ipl_say "  [longlived] BMC sessions: $opened opened, $closed Close Session received"
if [ "$opened" -gt 0 ] && [ "$closed" -ge "$opened" ]; then
	ok "every one of the $opened BMC sessions was closed"
else
	fail "BMC sessions: $opened opened, $closed closed"
fi
active=$(sim_ipmitool session info active 2>/dev/null | grep -c '^session handle')
ipl_say "  [longlived] sessions active on the BMC now: $active (ipmitool's own included)"
[ "$active" -le 1 ] && ok "no session left active on the BMC" ||
	fail "$active sessions active on the BMC after the run"
ipl_finish
