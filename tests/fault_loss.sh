#!/bin/bash
# tests/fault_loss.sh - operations through a lossy relay (30 % of datagrams
# dropped each way, plus some duplicated and reordered) in front of the
# simulated BMC.  Every operation must end by its timeout plus a small
# margin, with success or a clean failure code, and every success must
# match the real power state (the simulator's state file, which the network
# cannot fake).  Part of "make check-slow".
#
# Knobs: IPL_LOSS_OPS (operations, default 20), IPL_LOSS_DROP (0.3),
# IPL_LOSS_SEED (random seed of the relay, default: the date).
. "$(dirname "$0")/lib.sh"
ipl_init_fault
sim_start --no-ipv6
fault_pw_file

ops=${IPL_LOSS_OPS:-20}
drop=${IPL_LOSS_DROP:-0.3}
seed=${IPL_LOSS_SEED:-$(date +%s)}
timeout_s=8
msg_timeout=0.25
# The session's close may take up to 2 s after the deadline (the engine's
# close grace), plus the stonith command's own start and exit.
margin_ms=3000
limit_ms=$((timeout_s * 1000 + margin_ms))

relay_start --drop "$drop" --dup 0.05 --reorder 0.05 --seed "$seed"
ipl_say "  [loss] $ops operations, drop $drop, seed $seed, timeout ${timeout_s}s, msg_timeout ${msg_timeout}s"

ipl_nv password= password_file="$FAULT_PWF" port="$RELAY_PORT" timeout=$timeout_s msg_timeout=$msg_timeout \
	power_wait=0.2
actions=(status off on reset status on off reset)
succ=0 failures=0 slowest=0 total=0
declare -A rcs=()
for i in $(seq 1 "$ops"); do
	act=${actions[$(((i - 1) % ${#actions[@]}))]}
	before=$(sim_file_power)
	boots0=$(sim_boots)
	case $act in
	status) run_stonith -t ipmilan -d -S "${NV[@]}" ;;
	*) run_stonith -t ipmilan -d -T "$act" "${NV[@]}" node1 ;;
	esac
	after=$(sim_file_power)
	total=$((total + ST_MS))
	[ "$ST_MS" -gt "$slowest" ] && slowest=$ST_MS
	rcs[$ST_RC]=$((${rcs[$ST_RC]:-0} + 1))
	printf '  [loss] #%d %-6s exit %d (%s) in %d ms, power %s -> %s\n' \
		"$i" "$act" "$ST_RC" "$(ipl_rc_name "$ST_RC")" "$ST_MS" "$before" "$after"
	if [ "$ST_MS" -gt "$limit_ms" ]; then
		fail "#$i $act took $ST_MS ms, more than timeout + margin ($limit_ms ms)"
	fi
	case $ST_RC in
	0)
		succ=$((succ + 1))
		case $act in
		off) [ "$after" = off ] || fail "#$i off reported success, power is $after" ;;
		on) [ "$after" = on ] || fail "#$i on reported success, power is $after" ;;
		reset)
			[ "$after" = on ] || fail "#$i reset reported success, power is $after"
			[ "$(sim_boots)" -gt "$boots0" ] ||
				fail "#$i reset reported success, the host never booted"
			;;
		status)
			if grep -q "power is on" "$ST_ERR"; then said=on
			elif grep -q "power is off" "$ST_ERR"; then said=off
			else said=none; fi
			[ "$said" = "$after" ] ||
				fail "#$i status said power $said, the BMC has $after"
			;;
		esac
		;;
	2 | 5 | 6 | 8) failures=$((failures + 1)) ;;
	*)
		fail "#$i $act ended with exit $ST_RC ($(ipl_rc_name "$ST_RC")): not a clean result"
		ipl_show_run
		;;
	esac
done
relay_stop
summary=
for k in "${!rcs[@]}"; do summary="$summary $(ipl_rc_name "$k")=${rcs[$k]}"; done
ipl_say "  [loss] RESULT: $succ succeeded, $failures failed cleanly;$summary; slowest ${slowest} ms, mean $((total / ops)) ms (limit $limit_ms ms)"
ipl_say "  [loss] relay: $(cat "$RELAY_STATS")"
if [ "$succ" -gt 0 ]; then
	ok "$succ of $ops operations succeeded through $drop loss, each matching the real power"
else
	fail "no operation succeeded through $drop loss"
fi
[ $((succ + failures)) -eq "$ops" ] && ok "all $ops operations ended cleanly within ${limit_ms} ms"
ipl_finish
