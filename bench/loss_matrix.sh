#!/bin/bash
# bench/loss_matrix.sh - fences through a lossy relay (tests/fault/relay.py,
# the same seed for every tool) in front of ipmi_sim, side by side: the
# plugin with its defaults (timeout=20, msg_timeout=1, interface=lanplus),
# FreeIPMI's ipmipower (lanplus, suite 3, its defaults: 20 s session
# timeout, 400 ms retransmission) and ipmitool (lanplus, suite 3, its
# defaults).  Each fence alternates off and on; it counts as verified when
# the tool exits 0 and the simulator's real power state (its state file)
# is what was asked.  Prints, per loss rate and tool: verified / runs, and
# the median, p90 and max wall time.
#
# Passwords: the plugin reads a password_file, ipmipower a --config-file,
# ipmitool -f FILE, fence_ipmilan its stdin; none of them puts it on a
# command line, except fence_ipmilan, which always runs ipmitool -P
# PASSWORD.  That cannot be avoided with that agent; the simulator's
# password is a random throwaway of this run (tests/lib.sh sim_start).
#
# Knobs: IPL_MATRIX_OPS (fences per tool and rate, default 20),
# IPL_MATRIX_DROPS (default "0 0.1 0.3 0.5"), IPL_MATRIX_SEED (20261201),
# IPL_MATRIX_TOOLS (default "ipmilan ipmipower ipmitool fence_ipmilan";
# ipmilan-C3 is the plugin with cipher=3).
. "$(dirname "$0")/../tests/lib.sh"
ipl_init_fault
sim_start --no-ipv6
fault_pw_file

ops=${IPL_MATRIX_OPS:-20}
seed=${IPL_MATRIX_SEED:-20261201}
FREEIPMI_CONF=$IPL_TMP/freeipmi.conf
(umask 077 && printf 'password %s\n' "$SIM_PASS" >"$FREEIPMI_CONF")

# one_fence TOOL ACT: one off or on; sets RC and MS.
one_fence() {
	local tool=$1 act=$2 t0 t1
	case $tool in
	ipmilan | ipmilan-C3)
		# ipmilan-C3: cipher=3, what the default cipher=auto costs
		# against a BMC without suite 17 (ipmi_sim: one refusal more).
		ipl_nv password= password_file="$FAULT_PWF" port="$RELAY_PORT" interface=lanplus
		[ "$tool" = ipmilan-C3 ] && NV+=(cipher=3)
		run_stonith -t ipmilan -T "$act" "${NV[@]}" node1
		RC=$ST_RC MS=$ST_MS
		return
		;;
	esac
	t0=$(ipl_now_ms)
	case $tool in
	ipmipower)
		timeout 60 ipmipower -D LAN_2_0 -h "127.0.0.1:$RELAY_PORT" -u "$SIM_OPER" \
			--config-file "$FREEIPMI_CONF" -I 3 -W opensesspriv -l OPERATOR \
			"--$act" "--wait-until-$act" >"$IPL_TMP/tool.out" 2>&1
		;;
	ipmitool)
		timeout 60 ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$RELAY_PORT" -U "$SIM_OPER" \
			-f "$FAULT_PWF" -L OPERATOR chassis power "$act" >"$IPL_TMP/tool.out" 2>&1
		;;
	fence_ipmilan)
		# Its defaults otherwise (lanplus, suite 3 as the others).
		(umask 077 && printf '%s\n' "action=$act" ip=127.0.0.1 "ipport=$RELAY_PORT" \
			"username=$SIM_OPER" "password=$SIM_PASS" lanplus=1 cipher=3 \
			privlvl=operator >"$IPL_TMP/fence.in")
		timeout 60 "$FENCE_IPMILAN" <"$IPL_TMP/fence.in" >"$IPL_TMP/tool.out" 2>&1
		;;
	esac
	RC=$?
	t1=$(ipl_now_ms)
	MS=$((t1 - t0))
	# ipmipower reports a failure on stdout with exit 0.
	if [ "$tool" = ipmipower ] && ! grep -q ": ok" "$IPL_TMP/tool.out"; then
		RC=1
	fi
}

printf '%-6s %-10s %9s %9s %9s %9s\n' drop tool verified median p90 max >"$IPL_TMP/table"
FENCE_IPMILAN=$(ipl_find_tool fence_ipmilan || true)
for drop in ${IPL_MATRIX_DROPS:-0 0.1 0.3 0.5}; do
	for tool in ${IPL_MATRIX_TOOLS:-ipmilan ipmipower ipmitool fence_ipmilan}; do
		case $tool in
		ipmilan | ipmilan-C3) ;;
		fence_ipmilan) [ -n "$FENCE_IPMILAN" ] || continue ;;
		*) command -v "$tool" >/dev/null 2>&1 || continue ;;
		esac
		relay_start --drop "$drop" --seed "$seed"
		succ=0 times=()
		for i in $(seq 1 "$ops"); do
			if [ $((i % 2)) = 1 ]; then act=off; else act=on; fi
			one_fence "$tool" "$act"
			times+=("$MS")
			[ "$RC" = 0 ] && [ "$(sim_file_power)" = "$act" ] && succ=$((succ + 1))
		done
		relay_stop
		sorted=$(printf '%s\n' "${times[@]}" | sort -n)
		pct() { printf '%s\n' "$sorted" | sed -n "$(( ($1 * ops + 99) / 100 ))p"; }
		printf '%-6s %-10s %9s %9s %9s %9s\n' "$drop" "$tool" "$succ/$ops" \
			"$(pct 50)" "$(pct 90)" "$(pct 100)" | tee -a "$IPL_TMP/table" >&2
	done
done
ipl_say "  [matrix] wall times in ms, seed $seed, $ops fences per row:"
sed 's/^/  /' "$IPL_TMP/table" >&2
ok "matrix measured"
ipl_finish
