#!/bin/bash
# bench/loss_fence.sh - fences through a seeded 30 % datagram loss both
# ways (tests/fault/relay.py) in front of ipmi_sim, with the plugin's
# defaults (timeout=20, msg_timeout=1, power_wait=0.5, interface=lanplus):
# every one must succeed, match the simulator's real power state, and end
# by its timeout.  The target is all of them (IPL_FENCE_LOSS_OPS, default
# 100), not "at least one", and a median wall time at most
# IPL_FENCE_LOSS_MEDIAN_MS (default 4000: well below the 5.3 s median of
# FreeIPMI's ipmipower through the same relay; bench/loss_matrix.sh
# measures it).  Prints the distribution of the wall times and the worst
# overrun of the deadline.  tests/fault_loss_fence.sh runs it in "make
# check-slow".
#
# Knobs: IPL_FENCE_LOSS_OPS (100), IPL_FENCE_LOSS_DROP (0.3),
# IPL_FENCE_LOSS_SEED (fixed: 20261201, so a run can be repeated),
# IPL_FENCE_LOSS_EXTRA (more name=value words, e.g. msg_timeout=0.5),
# IPL_FENCE_LOSS_SHOW_MS (show the log of every fence slower than that),
# IPL_FENCE_LOSS_TRACE (a file: the relay's trace of every datagram, with a
# "# fence N" line before each fence; see tests/fault/relay.py).
. "$(dirname "$0")/../tests/lib.sh"
ipl_init_fault
sim_start --no-ipv6
fault_pw_file

ops=${IPL_FENCE_LOSS_OPS:-100}
drop=${IPL_FENCE_LOSS_DROP:-0.3}
seed=${IPL_FENCE_LOSS_SEED:-20261201}
timeout_ms=20000
trace=()
[ -n "${IPL_FENCE_LOSS_TRACE:-}" ] && trace=(--trace "$IPL_FENCE_LOSS_TRACE")
relay_start --drop "$drop" --seed "$seed" "${trace[@]}"
ipl_say "  [fence-loss] $ops fences, drop $drop each way, seed $seed, defaults"
ipl_nv password= password_file="$FAULT_PWF" port="$RELAY_PORT" interface=lanplus \
	${IPL_FENCE_LOSS_EXTRA:-}

succ=0 overrun=0
times=()
for i in $(seq 1 "$ops"); do
	if [ $((i % 2)) = 1 ]; then act=off want=off; else act=on want=on; fi
	[ -n "${IPL_FENCE_LOSS_TRACE:-}" ] && echo "# fence $i $act" >>"$IPL_FENCE_LOSS_TRACE"
	run_stonith -t ipmilan -d -T "$act" "${NV[@]}" node1
	after=$(sim_file_power)
	times+=("$ST_MS")
	over=$((ST_MS - timeout_ms))
	[ "$over" -gt "$overrun" ] && overrun=$over
	if [ -n "${IPL_FENCE_LOSS_SHOW_MS:-}" ] && [ "$ST_MS" -gt "$IPL_FENCE_LOSS_SHOW_MS" ]; then
		ipl_say "  [fence-loss] #$i $act took $ST_MS ms:"
		grep -v 'debug: OpenIPMI' "$ST_ERR" | sed 's/^/    | /' >&2 || :
	fi
	if [ "$ST_RC" = 0 ] && [ "$after" = "$want" ]; then
		succ=$((succ + 1))
	else
		fail "#$i $act: exit $ST_RC ($(ipl_rc_name "$ST_RC")) in $ST_MS ms, power $after"
		ipl_show_run | tail -5
	fi
done
relay_stop
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
pct() { printf '%s\n' "$sorted" | sed -n "$(( ($1 * ops + 99) / 100 ))p"; }
ipl_say "  [fence-loss] RESULT: $succ of $ops verified; wall ms: min $(pct 1) median $(pct 50) p90 $(pct 90) max $(pct 100); worst overrun of the ${timeout_ms} ms timeout: ${overrun} ms"
ipl_say "  [fence-loss] relay: $(cat "$RELAY_STATS")"
[ "$succ" = "$ops" ] && ok "all $ops fences through $drop loss succeeded, verified" ||
	fail "$succ of $ops fences succeeded through $drop loss (target: all)"
median=$(pct 50)
med_max=${IPL_FENCE_LOSS_MEDIAN_MS:-4000}
[ "$median" -le "$med_max" ] && ok "median wall time $median ms <= $med_max ms" ||
	fail "median wall time $median ms > $med_max ms"
[ "$overrun" -le 2500 ] && ok "no fence ran past its timeout by more than the close (${overrun} ms)" ||
	fail "a fence overran its timeout by ${overrun} ms"
ipl_finish
