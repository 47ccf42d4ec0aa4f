#!/bin/bash
# tests/fault_loss_half.sh - issue 9's floor for a network too lossy to
# promise anything: fences through a seeded 50 % datagram loss both ways in
# front of the simulated BMC, defaults except timeout (8 s, to keep the run
# short).  Each fence must end by its timeout (plus the close), and either
# succeed with the simulator's real power state as asked, or fail as
# S_TIMEOUT or, when every power command was lost while the polls got
# through, as "the timeout ran out waiting for power" (S_RESETFAIL); never
# as a refusal (S_ACCESS, S_INVAL, S_OOPS, a completion code the BMC never
# sent), never a success the power state denies.  Part of "make
# check-slow" (about 1.5 minutes).
#
# Knobs: IPL_HALF_OPS (12), IPL_HALF_SEED (20261202).
. "$(dirname "$0")/lib.sh"
ipl_init_fault
sim_start --no-ipv6
fault_pw_file

ops=${IPL_HALF_OPS:-12}
seed=${IPL_HALF_SEED:-20261202}
timeout_ms=8000
limit_ms=$((timeout_ms + 2500))
relay_start --drop 0.5 --seed "$seed"
ipl_say "  [half] $ops fences, drop 0.5 each way, seed $seed, timeout 8 s"
ipl_nv password= password_file="$FAULT_PWF" port="$RELAY_PORT" interface=lanplus timeout=8

succ=0 timeouts=0 unreached=0 slowest=0
for i in $(seq 1 "$ops"); do
	if [ $((i % 2)) = 1 ]; then act=off; else act=on; fi
	run_stonith -d -t ipmilan -T "$act" "${NV[@]}" node1
	after=$(sim_file_power)
	[ "$ST_MS" -gt "$slowest" ] && slowest=$ST_MS
	ipl_say "  [half] #$i $act: exit $ST_RC ($(ipl_rc_name "$ST_RC")) in $ST_MS ms, power $after"
	[ "$ST_MS" -le "$limit_ms" ] ||
		fail "#$i $act took $ST_MS ms, past timeout + close ($limit_ms ms)"
	# A refusal is stated as the BMC's act ("BMC X refused ...", "...
	# completion code 0xNN"); a silence whose message names a refusal as
	# one possibility ("it may have refused the password") is not one.
	refusals=$(grep -Ei "refuse|completion code" "$ST_ERR" | grep -Eiv "may have refused")
	if [ -n "$refusals" ]; then
		fail "#$i $act: a lost datagram reported as a refusal: $(printf '%s\n' "$refusals" | head -1)"
	fi
	case $ST_RC in
	0)
		[ "$after" = "$act" ] && succ=$((succ + 1)) ||
			fail "#$i $act reported success, the BMC has power $after"
		;;
	6) timeouts=$((timeouts + 1)) ;;
	5)
		if grep -q "timeout ran out waiting for power" "$ST_ERR"; then
			unreached=$((unreached + 1))
		else
			fail "#$i $act: S_RESETFAIL for another reason than the deadline"
			ipl_show_run | tail -5
		fi
		;;
	*)
		# The plugin's own verdict goes into the FAIL line, which the
		# summary of run-tests.sh (and CI's excerpt) keeps.
		fail "#$i $act ended with exit $ST_RC ($(ipl_rc_name "$ST_RC")): not a clean result of loss: $(grep -E "CRIT|failed" "$ST_ERR" | tail -n 2 | sed 's/^.*ipmilan: //' | tr '\n' ' ')"
		ipl_show_run | tail -n 12
		;;
	esac
done
relay_stop
ipl_say "  [half] RESULT: $succ verified, $timeouts S_TIMEOUT, $unreached deadline while waiting for power; slowest $slowest ms"
ipl_say "  [half] relay: $(cat "$RELAY_STATS")"
[ $((succ + timeouts + unreached)) = "$ops" ] &&
	ok "all $ops fences through 50 % loss ended verified or by their deadline, none as a refusal"
ipl_finish
