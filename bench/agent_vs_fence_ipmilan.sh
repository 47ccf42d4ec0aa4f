#!/usr/bin/env bash
# bench/agent_vs_fence_ipmilan.sh - fence_ipmi_native against fence-agents'
# fence_ipmilan and fence_ipmilanplus, side by side, on one simulated BMC.
#
#     bench/agent_vs_fence_ipmilan.sh [--builddir DIR] [--runs N] [--fence-runs M]
#     make bench-agent
#
# One ipmi_sim on a free loopback port with the benchmark's own
# configuration (bench/bmc.emu: no request logging; bench/chassis.sh: shell
# built-ins only), RMCP+ with cipher suite 3 and an OPERATOR account for
# every tool, parameters on stdin (a 0600 file) as Pacemaker gives them.
# For each operation (status, off, on, reboot; the tools take turns, one
# run each, so that the machine's load hits them alike):
#   - wall time from fork to exit, median and p95 over the runs;
#   - peak RSS of the largest process of the tool (GNU time's %M);
#   - datagrams client->BMC / BMC->client and sessions opened, in one more
#     run through tests/fault/relay.py (a UDP relay counting them);
#   - the power state afterwards, from the simulator's state file: a run
#     that leaves it wrong is counted as failed.
# Then the ratio per verified reboot (the goal: fence_ipmi_native at least
# 20 times faster than fence_ipmilan).  fence_ipmilan puts the password on
# ipmitool's command line (-P): forced by that tool; the password is random
# and the BMC lives on loopback for this run only.  Writes nothing outside
# its temporary directory; prints the table.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(dirname "$HERE")
BUILDDIR=$PWD
RUNS=20
FENCE_RUNS=5
while [ $# -gt 0 ]; do
	case $1 in
	--builddir) BUILDDIR=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	--fence-runs) FENCE_RUNS=$2; shift 2 ;;
	*) echo "usage: $0 [--builddir DIR] [--runs N] [--fence-runs M]" >&2; exit 2 ;;
	esac
done

IPL_IPMI_SIM=${IPL_IPMI_SIM:-}
IPL_STONITH=unused
# shellcheck source=../tests/lib.sh
. "$SRC/tests/lib.sh"
# tests/lib.sh's helpers are written for "set -u" (their kill and wait
# steps may fail harmlessly), like every test that uses them.
set +e
ipl_init --no-plugin
AGENT=$BUILDDIR/fence_ipmi_native
[ -x "$AGENT" ] || ipl_hard_error "$AGENT is not built (make)"
TIME=/usr/bin/time
[ -x "$TIME" ] || ipl_skip "GNU time (package time) is not installed"
command -v python3 >/dev/null || ipl_skip "python3 is not installed"
TOOLS=(fence_ipmi_native)
for t in fence_ipmilan fence_ipmilanplus; do
	if p=$(ipl_find_tool "$t"); then TOOLS+=("$t"); eval "PATH_$t=\$p"; fi
done
[ "${#TOOLS[@]}" -gt 1 ] || echo "note: fence-agents is not installed: fence_ipmi_native alone"

# --- the BMC -----------------------------------------------------------------
PASS=P$(ipl_random_word 13)x
ipl_secret_add "$PASS"
BMC=$IPL_TMP/bmc
mkdir -p "$BMC/state" "$BMC/chassis"
echo 1 >"$BMC/chassis/power"
ipl_reserve_port || ipl_hard_error "no free UDP port"
PORT=$IPL_PORT
(umask 077 && cat >"$BMC/lan.conf" <<EOF
name "iplbench"
set_working_mc 0x20
  startlan 1
    addr 127.0.0.1 $PORT
    priv_limit admin
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid $(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  endlan
  chassis_control "$HERE/chassis.sh $BMC/chassis"
  user 3 true "$SIM_OPER" "$PASS" operator 8 none md2 md5 straight
EOF
)
(cd "$BMC" && exec "$IPL_IPMI_SIM" -c "$BMC/lan.conf" -f "$HERE/bmc.emu" \
	-s "$BMC/state" -n </dev/null >/dev/null 2>"$BMC/ipmi_sim.log") &
SIM_PID=$!
IPL_SIM_PIDS="$IPL_SIM_PIDS $SIM_PID"
eval "exec $IPL_PORT_FD>&-"
printf '%s\n' "$PASS" >"$IPL_TMP/pw" && chmod 600 "$IPL_TMP/pw"
for _ in $(seq 1 100); do
	"$IPL_IPMITOOL" -I lanplus -C 3 -H 127.0.0.1 -p "$PORT" -U "$SIM_OPER" \
		-f "$IPL_TMP/pw" -L OPERATOR chassis power status >/dev/null 2>&1 && break
	sleep 0.1
done

# --- one run -------------------------------------------------------------------
# lines TOOL OP PORT: the tool's stdin for OP against PORT.
lines() {
	local -a l=("action=$2" ip=127.0.0.1 "ipport=$3" "username=$SIM_OPER"
		"password=$PASS" cipher=3 privlvl=operator)
	case $1 in
	fence_ipmi_native | fence_ipmilan) l+=(lanplus=1) ;;
	esac
	(umask 077 && printf '%s\n' "${l[@]}" >"$IPL_TMP/in")
}
tool_path() {
	case $1 in
	fence_ipmi_native) echo "$AGENT" ;;
	*) eval "echo \$PATH_$1" ;;
	esac
}
# run1 TOOL OP PORT: sets MS (wall, microseconds), RSS_KB, CPU_MS (user +
# system of the tool and its children), RC.
# The clock is bash's own (EPOCHREALTIME): no process is started to read it.
run1() {
	local t0 t1 path
	lines "$1" "$2" "$3"
	path=$(tool_path "$1")
	RC=0
	t0=${EPOCHREALTIME/./}
	timeout 60 "$TIME" -f '%M %U %S' -o "$IPL_TMP/rss" "$path" \
		<"$IPL_TMP/in" >/dev/null 2>"$IPL_TMP/err" || RC=$?
	t1=${EPOCHREALTIME/./}
	MS=$((t1 - t0))
	read -r RSS_KB cpu_u cpu_s < <(tail -n 1 "$IPL_TMP/rss")
	CPU_MS=$(awk -v u="$cpu_u" -v s="$cpu_s" 'BEGIN { printf "%d", (u + s) * 1000 }')
}
want_power() { case $1 in off) echo 0 ;; *) echo 1 ;; esac; }

OPS=(status off on reboot)
declare -A T RSS FAILS CPU
for tool in "${TOOLS[@]}"; do
	for op in "${OPS[@]}"; do
		T[$tool.$op]=; CPU[$tool.$op]=; RSS[$tool.$op]=0; FAILS[$tool.$op]=0
	done
done
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
max_runs=$RUNS
[ "$FENCE_RUNS" -gt "$max_runs" ] && max_runs=$FENCE_RUNS
echo "bench: ${TOOLS[*]} on ipmi_sim 127.0.0.1:$PORT (lanplus, cipher 3)"
for i in $(seq 1 "$max_runs"); do
	for op in "${OPS[@]}"; do
		for tool in "${TOOLS[@]}"; do
			n=$RUNS
			[ "$tool" = fence_ipmi_native ] || n=$FENCE_RUNS
			[ "$i" -le "$n" ] || continue
			echo 1 >"$BMC/chassis/power"
			[ "$op" = on ] && echo 0 >"$BMC/chassis/power"
			run1 "$tool" "$op" "$PORT"
			if [ "$RC" != 0 ] || [ "$(cat "$BMC/chassis/power")" != "$(want_power "$op")" ]; then
				FAILS[$tool.$op]=$((FAILS[$tool.$op] + 1))
			fi
			T[$tool.$op]="${T[$tool.$op]} $MS"
			CPU[$tool.$op]="${CPU[$tool.$op]} $CPU_MS"
			[ "$RSS_KB" -gt "${RSS[$tool.$op]}" ] && RSS[$tool.$op]=$RSS_KB
		done
	done
	printf '.'
done
echo

# --- datagrams: one more run each through the counting relay ------------------------
. "$SRC/tests/fault/fault_lib.sh"
SIM_PORT=$PORT
declare -A DG
for tool in "${TOOLS[@]}"; do
	for op in "${OPS[@]}"; do
		relay_start
		echo 1 >"$BMC/chassis/power"
		[ "$op" = on ] && echo 0 >"$BMC/chassis/power"
		run1 "$tool" "$op" "$RELAY_PORT"
		sleep 0.2
		DG[$tool.$op]="$(relay_stat in) / $(relay_stat out) | $(( $(relay_stat open_session) + $(relay_stat activate_session) ))"
		relay_stop
	done
done

# --- the table ---------------------------------------------------------------------
# pct LIST P: the P-th percentile (nearest rank) of the microseconds in LIST.
pct() {
	local -a v
	read -r -a v <<<"$(printf '%s\n' $1 | sort -n | tr '\n' ' ')"
	local k=$(((${#v[@]} * $2 + 99) / 100 - 1))
	[ "$k" -lt 0 ] && k=0
	echo "${v[$k]}"
}
ms() { awk -v u="$1" 'BEGIN { printf (u >= 1000000 ? "%.2f s" : "%.1f ms"), (u >= 1000000 ? u / 1e6 : u / 1e3) }'; }
printf '\nload average %s at the start, %s at the end (2 cores: above 2 the\nwall times grow with the load; the CPU column does much less)\n' \
	"$LOAD0" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n| tool | op | runs | median | p95 | CPU (median) | datagrams in / out | sessions | peak RSS | failed |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
declare -A MED
for tool in "${TOOLS[@]}"; do
	for op in "${OPS[@]}"; do
		# shellcheck disable=SC2086
		runs=$(set -- ${T[$tool.$op]}; echo $#)
		MED[$tool.$op]=$(pct "${T[$tool.$op]}" 50)
		printf '| %s | %s | %d | %s | %s | %s ms | %s | %s MiB | %d |\n' "$tool" "$op" "$runs" \
			"$(ms "${MED[$tool.$op]}")" "$(ms "$(pct "${T[$tool.$op]}" 95)")" \
			"$(pct "${CPU[$tool.$op]}" 50)" \
			"${DG[$tool.$op]}" \
			"$(awk -v k="${RSS[$tool.$op]}" 'BEGIN { printf "%.1f", k / 1024 }')" \
			"${FAILS[$tool.$op]}"
	done
done
echo
status=0
for tool in "${TOOLS[@]}"; do
	[ "$tool" = fence_ipmi_native ] && continue
	for op in "${OPS[@]}"; do
		r=$(awk -v a="${MED[$tool.$op]}" -v b="${MED[fence_ipmi_native.$op]}" 'BEGIN { printf "%.0f", a / b }')
		line="$op: fence_ipmi_native is ${r}x faster than $tool (median)"
		if [ "$op" = reboot ]; then
			if [ "$r" -ge 20 ] && [ "${FAILS[fence_ipmi_native.reboot]}" = 0 ]; then
				line="$line - goal >= 20x per verified reboot: met"
			else
				line="$line - goal >= 20x per verified reboot: NOT met"
				status=1
			fi
		fi
		echo "$line"
	done
done
for tool in "${TOOLS[@]}"; do
	for op in "${OPS[@]}"; do
		[ "${FAILS[$tool.$op]}" = 0 ] || { echo "FAILED runs: $tool $op: ${FAILS[$tool.$op]}"; status=1; }
	done
done
sim_stop_all
exit "$status"
