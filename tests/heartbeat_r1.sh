#!/usr/bin/env bash
# tests/heartbeat_r1.sh - Heartbeat R1 (Debian 12's heartbeat 3.0.6) with an
# ha.cf line in the old positional order plus a name=value tail:
#
#   stonith_host * ipmilan node2 127.0.0.1 PORT md5 operator USER PASS onoff interface=lanplus cipher=3
#
# Heartbeat parses ha.cf in its foreground process, and there it configures
# the device and checks its status synchronously before it daemonizes: a
# status that never returns would hang Heartbeat's start-up.  This runs the
# real heartbeat daemon as node "node1" in private mount, network, UTS and
# pid namespaces (with the built ipmilan.so bind-mounted over the system
# one, ipmi_sim inside) and checks:
#   - with a live BMC: the start-up status check passes, and node2 (a dead
#     peer owning a resource group) is fenced by Heartbeat itself (a reset
#     in a forked child: onoff, seen on the simulated power);
#   - a bad value in the tail (cipher=99) stops Heartbeat's start-up with a
#     configuration error, so the tail really is parsed;
#   - with a BMC that does not answer (ipmi_sim stopped): the foreground
#     process returns within the plugin's timeout (3 s from the tail, and
#     with the defaults), never hangs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcmk_lib.sh"
pcmk_enter_ns cluster 300 "$@"
ipl_init
pcmk_need heartbeat ip
trap 'rc=$?; hb_stop; (exit "$rc"); ipl_cleanup' EXIT
pcmk_bind_plugin
pcmk_set_hostname node1
ip link set lo up || ipl_hard_error "cannot bring lo up"
mount -t tmpfs -o mode=755 tmpfs /run || ipl_hard_error "tmpfs on /run failed"

HB=$IPL_TMP/hb
mkdir -p "$HB/etc" "$HB/lib" "$HB/log" "$HB/state"
cp -a /etc/ha.d/. "$HB/etc/" 2>/dev/null
cp -a /var/lib/heartbeat/. "$HB/lib/" 2>/dev/null
mount --bind "$HB/etc" /etc/ha.d && mount --bind "$HB/lib" /var/lib/heartbeat ||
	ipl_hard_error "bind mounts over /etc/ha.d and /var/lib/heartbeat failed"
for d in /run/heartbeat /run/heartbeat/ccm /run/heartbeat/crm /run/heartbeat/dopd; do
	mkdir -p "$d" && chown hacluster:haclient "$d" && chmod 750 "$d"
done

# A resource script of our own for the R1 resource group of node2.
mkdir -p /etc/ha.d/resource.d
cat >/etc/ha.d/resource.d/ipltest <<EOF
#!/bin/sh
# ipltest: a do-nothing R1 resource (tests/heartbeat_r1.sh)
case "\$1" in
start) touch "$HB/state/ipltest" ;;
stop) rm -f "$HB/state/ipltest" ;;
status) if [ -f "$HB/state/ipltest" ]; then echo running; else echo stopped; fi ;;
esac
exit 0
EOF
chmod 755 /etc/ha.d/resource.d/ipltest
(umask 077 && printf 'auth 1\n1 sha1 %s\n' "$(ipl_random_word 24)" >/etc/ha.d/authkeys)

sim_start --no-ipv6
HB_MASTER=

# hb_config NODES STONITH_TAIL: write ha.cf for node1 (and the other NODES),
# with the stonith_host line in the old positional order and the tail.
hb_config() {
	local n
	: >"$HB/log/ha-log"
	(umask 077 && {
		printf 'logfile %s\n' "$HB/log/ha-log"
		printf 'use_logd no\n'
		printf 'udpport 6940\nkeepalive 1\nwarntime 2\ndeadtime 3\ninitdead 6\n'
		printf 'ucast lo 127.0.0.1\n'
		for n in node1 $1; do printf 'node %s\n' "$n"; done
		printf 'crm no\nauto_failback off\n'
		printf 'stonith_host * ipmilan node2 127.0.0.1 %s md5 operator %s %s %s\n' \
			"$SIM_PORT" "$SIM_OPER" "$SIM_PASS" "$2"
	} >/etc/ha.d/ha.cf)
	if [ -n "$1" ]; then
		echo "node2 ipltest" >/etc/ha.d/haresources
	else
		: >/etc/ha.d/haresources
	fi
}

# hb_start: run heartbeat; its foreground process parses ha.cf, configures
# the device, checks its status, then daemonizes and exits.  Sets HB_RC and
# HB_MS (the foreground process's wall time), HB_MASTER (the daemon's pid).
hb_start() {
	local t0 t1
	t0=$(ipl_now_ms)
	timeout -k 5 60 "$HEARTBEAT" >"$HB/log/out" 2>&1 </dev/null
	HB_RC=$?
	t1=$(ipl_now_ms)
	HB_MS=$((t1 - t0))
	HB_MASTER=$(tr -dc '0-9' 2>/dev/null </run/heartbeat.pid)
	printf '  [heartbeat] foreground exit %d in %d ms, master pid %s\n' \
		"$HB_RC" "$HB_MS" "${HB_MASTER:-none}"
}

# hb_descendants PID: PID and every process below it.
hb_descendants() {
	local c
	printf '%s\n' "$1"
	for c in $(pgrep -P "$1" 2>/dev/null); do
		hb_descendants "$c"
	done
}

# hb_stop: stop the heartbeat daemon: TERM to the master control process,
# bounded; then KILL whatever of its tree is left (by pid).
hb_stop() {
	local pids p
	[ -n "$HB_MASTER" ] || return 0
	pids=$(hb_descendants "$HB_MASTER")
	kill -TERM "$HB_MASTER" 2>/dev/null
	pcmk_wait 15 pcmk_pid_gone "$HB_MASTER"
	for p in $pids $(hb_descendants "$HB_MASTER"); do
		kill -KILL "$p" 2>/dev/null
	done
	rm -f /run/heartbeat.pid
	HB_MASTER=
	sleep 0.5
}

# hb_log_has ERE DESCRIPTION
hb_log_has() {
	if grep -qE -- "$1" "$HB/log/ha-log"; then
		ok "$2"
	else
		fail "$2: no log line /$1/"
		pcmk_show_file "$HB/log/ha-log" 4000
	fi
}

# --- 1. a live BMC: start-up status check, then Heartbeat fences node2 -------
hb_config node2 "onoff interface=lanplus cipher=3"
boots0=$(sim_boots)
sim_log_clear
t0=$(ipl_now_ms)
hb_start
if [ "$HB_RC" = 0 ] && [ -n "$HB_MASTER" ] && kill -0 "$HB_MASTER" 2>/dev/null; then
	ok "heartbeat started with the stonith_host line (foreground ${HB_MS} ms)"
else
	fail "heartbeat did not start (exit $HB_RC)"
	pcmk_show_file "$HB/log/out"
	pcmk_show_file "$HB/log/ha-log"
fi
T_START_LIVE=$HB_MS
hb_log_has 'ipmilan: node2 via 127\.0\.0\.1:[0-9]+ \(lanplus\): BMC answers' \
	"the start-up status check reached the BMC over RMCP+"
expect_sessions lanplus "the start-up status check (interface=lanplus)"

# node2 never shows up: after initdead (6 s) Heartbeat declares it dead and
# fences it before taking over its resource group.
reset_done() { grep -q 'node node2 now reset' "$HB/log/ha-log"; }
if pcmk_wait 40 reset_done; then
	t1=$(ipl_now_ms)
	ok "Heartbeat reset node2 through ipmilan"
	echo "timing: heartbeat start to node2 reset: $((t1 - t0)) ms (initdead 6 s)"
	expect_reboot "$boots0" "Heartbeat's reset of node2"
	hb_log_has 'reset of node node2 done: the BMC reports power on' "the plugin's reset log line"
else
	fail "Heartbeat did not reset node2 within 40 s"
	pcmk_show_file "$HB/log/ha-log"
fi
took_over() { [ -f "$HB/state/ipltest" ]; }
pcmk_wait 20 took_over && ok "node1 took over node2's resource group after the reset" ||
	fail "node1 did not take over node2's resource group"
if pcmk_has_secret "$HB/log/ha-log" "$HB/log/out"; then
	fail "the password appears in Heartbeat's log"
else
	ok "no password in Heartbeat's log"
fi
hb_stop

# --- 2. the tail is parsed: a bad cipher stops the start-up -----------------
hb_config "" "onoff interface=lanplus cipher=99"
sim_log_clear
hb_start
if [ "$HB_RC" != 0 ] && [ "$HB_RC" != 124 ]; then
	ok "cipher=99 in the tail: heartbeat refuses to start (exit $HB_RC, ${HB_MS} ms)"
else
	fail "cipher=99 in the tail: heartbeat exit $HB_RC"
fi
hb_log_has 'cipher' "the log names the bad parameter"
[ -z "$(sim_sessions)" ] && ok "cipher=99: the BMC was not contacted" ||
	fail "cipher=99: the BMC saw sessions"
hb_stop

# --- 3. a BMC that does not answer ------------------------------------------
# The foreground process must come back within the plugin's timeout.
kill -STOP "$SIM_PID"
hb_config "" "onoff interface=lanplus cipher=3 timeout=3"
hb_start
T_DEAD3=$HB_MS
if [ "$HB_RC" != 124 ] && [ "$HB_MS" -lt 8000 ]; then
	ok "dead BMC, timeout=3: heartbeat's start-up came back in ${HB_MS} ms (exit $HB_RC)"
else
	fail "dead BMC, timeout=3: heartbeat's start-up took ${HB_MS} ms (exit $HB_RC)"
fi
[ "$HB_MS" -ge 2500 ] && ok "dead BMC, timeout=3: the status check did wait (${HB_MS} ms)" ||
	fail "dead BMC, timeout=3: only ${HB_MS} ms: was the BMC contacted at all?"
hb_log_has 'ipmilan: .*(timed out|no answer|not answer|timeout)' "the plugin logs the timeout"
hb_stop

# The exact line, without a timeout in the tail: the defaults (timeout 20 s;
# msg_timeout 1 s, and OpenIPMI gives up on an unanswered message after 7
# tries, so a silent BMC ends the status check after about 7 s).
hb_config "" "onoff interface=lanplus cipher=3"
hb_start
T_DEAD20=$HB_MS
if [ "$HB_RC" != 124 ] && [ "$HB_MS" -lt 22000 ] && [ "$HB_MS" -ge 2500 ]; then
	ok "dead BMC, default timeout: heartbeat's start-up came back in ${HB_MS} ms (exit $HB_RC)"
else
	fail "dead BMC, default timeout (20 s): heartbeat's start-up took ${HB_MS} ms (exit $HB_RC)"
fi
hb_log_has 'ipmilan: status of node2 .* failed \(timeout\)' "the status check reports a timeout"
hb_stop
kill -CONT "$SIM_PID"

echo "timing: heartbeat foreground start-up (config + status): live BMC ${T_START_LIVE} ms, dead BMC ${T_DEAD3} ms (timeout=3), ${T_DEAD20} ms (defaults: timeout 20, msg_timeout 1)"
ipl_finish
