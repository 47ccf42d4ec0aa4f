#!/usr/bin/env bash
# tests/r2_fork.sh - run tests/r2_fork (the Heartbeat R2 stonithd pattern:
# configure once in the parent, status / host list / reset in forked
# children, 50 rounds, then a refused reconfiguration) against a simulated
# BMC, then judge the result with ipmitool and the simulator's boot counter:
# every reset and every "on" must have booted the node exactly once, and the
# device refused by its last configuration fenced nothing.
. "$(dirname "$0")/lib.sh"
ipl_init
sim_start --no-ipv6

prog=$IPL_BUILDDIR/tests/r2_fork
[ -x "$prog" ] || ipl_hard_error "$prog is not built (run make check)"

ROUNDS=${IPL_R2_ROUNDS:-50}
export IPMILAN_TEST_PLUGIN_ROOT=$IPL_PLUGIN_ROOT
export IPL_TEST_PORT=$SIM_PORT IPL_TEST_USER=$SIM_OPER
export IPL_TEST_PASSWORD=$SIM_PASS IPL_TEST_STATE=$SIM_CHASSIS
export IPL_TEST_ROUNDS=$ROUNDS

boots0=$(sim_boots)
sim_log_clear
t0=$(ipl_now_ms)
timeout -k 5 240 "$prog" >"$IPL_TMP/r2.out" 2>&1
rc=$?
t1=$(ipl_now_ms)
ipl_mask "$(cat "$IPL_TMP/r2.out")"
if grep -qF -f "$SIM_DIR/ipmitool.pass" -- "$IPL_TMP/r2.out"; then
	fail "the password appeared in the output"
fi
case $rc in
0) ok "r2_fork: $ROUNDS rounds passed in $((t1 - t0)) ms" ;;
124) fail "r2_fork hung (killed after 240 s)" ;;
*) fail "r2_fork failed (exit $rc)" ;;
esac

# After the refused reconfiguration, the children said why they refused.
if grep -q 'status refused: the device is not configured because its last configuration was refused (cipher' "$IPL_TMP/r2.out"; then
	ok "the refused reconfiguration is named in the children's log lines"
else
	fail "no log line says the device is not configured after a refused reconfiguration"
fi

want=$(sed -n 's/^r2_fork: expected boots: \([0-9]*\)$/\1/p' "$IPL_TMP/r2.out")
got=$(( $(sim_boots) - boots0 ))
if [ -n "$want" ] && [ "$got" = "$want" ]; then
	ok "the node booted $got times: once per reset and per on"
else
	fail "the node booted $got times, expected ${want:-?}"
fi
# Every session was RMCP+ (interface=lanplus) and closed by request: the
# BMC logged as many "Session closed: Closed due to request" as sessions it
# started (counted before ipmitool below opens its own).  Close Session is
# sent without waiting for its answer (OpenIPMI's close), so the last
# child's may still be queued at the simulator when the parent ends: the
# count is read again for up to 5 s before it is judged.
sim_closed() {
	sim_log_new |
		grep -c 'Session closed: Closed due to request'
}
opened=$(sim_sessions | wc -l)
closed=$(sim_closed)
waited=0
while [ "$closed" -lt "$opened" ] && [ "$waited" -lt 50 ]; do
	sleep 0.1
	waited=$((waited + 1))
	opened=$(sim_sessions | wc -l)
	closed=$(sim_closed)
done
echo "sessions: $opened opened, $closed closed by request (counted again for $((waited * 100)) ms)"
[ "$opened" -ge $((ROUNDS * 2)) ] && ok "$opened sessions for $ROUNDS rounds" ||
	fail "only $opened sessions for $ROUNDS rounds"
# A session the BMC opened for a copy of an Open Session Request sent again
# before its answer came (a loaded simulator answers later than the 1/6 s
# retry interval of a fence), or in a handshake the plugin gave up on, is
# never established, so the plugin cannot close it; the BMC ends it by its
# timeout (which may come after this count).  The children log each such
# session ("may keep N session(s) ... the plugin cannot close"): those,
# and only as many, are allowed; every other session must have been closed
# by request.
retried=$(grep -c 'attempt [0-9]* to open a session' "$IPL_TMP/r2.out")
unclosable=$(sed -n 's/.* may keep \([0-9]*\) session(s) .*the plugin cannot close.*/\1/p' \
	"$IPL_TMP/r2.out" | awk '{ n += $1 } END { print n + 0 }')
timed_out=$(sim_log_new |
	grep -c 'Session closed: Closed due to timeout')
left=$((opened - closed))
echo "sessions: $retried handshakes tried again, $unclosable the plugin could not close (logged), $timed_out ended by the BMC's timeout"
if [ "$left" = 0 ]; then
	ok "every session was closed by request ($closed)"
elif [ "$left" -gt 0 ] && [ "$left" -le "$unclosable" ]; then
	ok "every established session was closed by request; $left never established (the children logged $unclosable), for the BMC's timeout ($timed_out so far)"
else
	fail "$opened sessions opened, $closed closed by request, $unclosable logged as not closable, $timed_out timed out"
	echo "--- how the simulator saw sessions end:"
	sim_log_new |
		grep -i 'session closed' | sort | uniq -c
	echo "--- the children's lines about sessions:"
	grep -i 'session\|crit\|warn' "$IPL_TMP/r2.out" | head -20
fi
expect_sessions lanplus "every child"
# The last round is an off when ROUNDS % 3 = 2 (50), else an on or a reset.
case $((ROUNDS % 3)) in 2) final=off ;; *) final=on ;; esac
expect_power "$final" "after $ROUNDS rounds"
ipl_finish
