#!/usr/bin/env bash
# tests/pcmk_fence_legacy.sh - the action path exactly as pacemaker-fenced
# runs it: /usr/sbin/fence_legacy reads name=value lines on stdin (plugin,
# action, nodename, and every instance attribute of the CIB resource), puts
# them in the environment and runs "stonith -t ipmilan -E" with -l, -S or
# -T on|off|reset.  libstonith gives the plugin only the eight positional
# names; the optional ones (interface, cipher, timeout...) must be read by
# the plugin from the environment - checked here by their effect on the
# simulated BMC.  Runs in a private mount namespace where the built module
# is bind-mounted over the system one, so fence_legacy's plain "stonith"
# loads ours.  The power is judged by ipmitool (sim_power).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcmk_lib.sh"
pcmk_enter_ns mount 300 "$@"
ipl_init
pcmk_need fence_legacy python3
pcmk_bind_plugin
sim_start --no-ipv6
ipl_dead_port

NODE=node2

# fl_lines NAME=VALUE...: the stdin of fence_legacy as pacemaker-fenced
# writes it for a device fencing $NODE on the simulator, with NAME=VALUE
# replacing or adding lines (NAME= removes the line).
fl_lines() {
	local -A v=()
	local -a order=(plugin action nodename nodeid hostname ipaddr port login password interface cipher timeout)
	local kv k
	v=([plugin]=ipmilan [action]=status [nodename]=$NODE [nodeid]=2 [hostname]=$NODE
		[ipaddr]=127.0.0.1 [port]=$SIM_PORT [login]=$SIM_OPER [password]=$SIM_PASS
		[interface]=lanplus [cipher]=3 [timeout]=10)
	for kv in "$@"; do
		k=${kv%%=*}
		v[$k]=${kv#*=}
		case " ${order[*]} " in *" $k "*) ;; *) order+=("$k") ;; esac
	done
	for k in "${order[@]}"; do
		[ -n "${v[$k]}" ] && printf '%s=%s\n' "$k" "${v[$k]}"
	done
}

# fl_run NAME=VALUE...: run fence_legacy with fl_lines NAME=VALUE... on stdin
# (from a 0600 file), in a clean environment, bounded to 60 s.  Sets FL_RC,
# FL_MS, FL_OUT (stdout) and FL_ERR (stderr).
FL_N=0
FL_ENV=()
fl_run() {
	local in t0 t1 desc
	FL_N=$((FL_N + 1))
	in=$IPL_TMP/fl$FL_N.in
	FL_OUT=$IPL_TMP/fl$FL_N.out
	FL_ERR=$IPL_TMP/fl$FL_N.err
	(umask 077 && fl_lines "$@" >"$in")
	desc=$(grep -vE '^(password|login|port|ipaddr|plugin|nodeid)=' "$in" | paste -sd ' ' -)
	t0=$(ipl_now_ms)
	timeout -k 5 60 env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C \
		${FL_ENV[@]+"${FL_ENV[@]}"} \
		"$FENCE_LEGACY" <"$in" >"$FL_OUT" 2>"$FL_ERR"
	FL_RC=$?
	t1=$(ipl_now_ms)
	FL_MS=$((t1 - t0))
	printf '  [fence_legacy %s] exit %d in %d ms\n' "$(ipl_mask "$desc")" "$FL_RC" "$FL_MS"
	if pcmk_has_secret "$FL_OUT" "$FL_ERR"; then
		fail "the password appears in fence_legacy's output ($desc)"
	fi
}

fl_show() {
	pcmk_show_file "$FL_OUT"
	pcmk_show_file "$FL_ERR"
}

# fl_expect RC DESCRIPTION: fence_legacy exited with RC (0 success, 1 failed).
fl_expect() {
	if [ "$FL_RC" = "$1" ]; then
		ok "$2: exit $1 (${FL_MS} ms)"
	else
		fail "$2: expected exit $1, got $FL_RC"
		fl_show
	fi
}

# --- list, monitor, status ------------------------------------------------
sim_log_clear
fl_run action=list
fl_expect 0 "list"
if [ "$(cat "$FL_OUT")" = "$NODE" ]; then
	ok "list prints exactly '$NODE' on stdout"
else
	fail "list stdout is [$(head -c 200 "$FL_OUT")], expected [$NODE]"
fi
fl_run action=list hostname=node2,node3
if [ "$(paste -sd ' ' - <"$FL_OUT")" = "node2 node3" ]; then
	ok "list of hostname=node2,node3 prints the two nodes"
else
	fail "list of node2,node3 prints [$(head -c 200 "$FL_OUT")]"
fi
if [ -z "$(sim_sessions)" ]; then
	ok "list opened no BMC session"
else
	fail "list opened BMC sessions: $(sim_sessions | paste -sd ' ' -)"
fi

for a in monitor status; do
	sim_log_clear
	fl_run action=$a
	fl_expect 0 "$a"
	# Before expect_power: ipmitool's own session would count too.
	expect_sessions lanplus "$a (interface=lanplus, cipher=3)"
	expect_cc "" "$a"
	expect_power on "$a"
	echo "timing: fence_legacy $a ${FL_MS} ms"
done

# --- off, on, reboot ----------------------------------------------------------
sim_log_clear
fl_run action=off
fl_expect 0 "off"
expect_power off "off"
expect_cc "off" "off"
grep -q "success: $NODE 0" "$FL_OUT" && ok "off: fence_legacy reports 'success: $NODE 0'" ||
	{ fail "off: no 'success' line"; fl_show; }
echo "timing: fence_legacy off ${FL_MS} ms"

sim_log_clear
fl_run action=off
fl_expect 0 "off while off"
expect_cc "" "off while off sends no command"

sim_log_clear
fl_run action=on
fl_expect 0 "on"
expect_power on "on"
expect_cc "on" "on"
echo "timing: fence_legacy on ${FL_MS} ms"

boots0=$(sim_boots)
sim_log_clear
fl_run action=reboot
fl_expect 0 "reboot"
expect_reboot "$boots0" "reboot"
echo "timing: fence_legacy reboot ${FL_MS} ms"

# Reboot of a node that is off powers it on.
sim_set_power off
sim_log_clear
fl_run action=reboot
fl_expect 0 "reboot of an off node"
expect_power on "reboot of an off node"

# The aliases fence_legacy maps itself.
sim_log_clear
fl_run action=poweroff
fl_expect 0 "poweroff"
expect_power off "poweroff"
fl_run action=poweron
fl_expect 0 "poweron"
expect_power on "poweron"

# reset_method given as a CIB attribute (one of the eight: libstonith passes it).
sim_log_clear
fl_run action=reboot reset_method=power_cycle
fl_expect 0 "reboot reset_method=power_cycle"
expect_cc "cycle" "reboot reset_method=power_cycle"
expect_power on "reboot reset_method=power_cycle"

# --- optional parameters reach the plugin through the environment ------------
# interface: lan makes IPMI 1.5 sessions, lanplus RMCP+.
sim_log_clear
fl_run action=status interface=lan cipher= auth=md5
fl_expect 0 "status interface=lan"
expect_sessions lan "status interface=lan"
sim_log_clear
fl_run action=off interface=lan cipher= auth=md5
fl_expect 0 "off interface=lan"
expect_sessions lan "off interface=lan"
expect_power off "off interface=lan"
fl_run action=on interface=lan cipher= auth=md5
fl_expect 0 "on interface=lan"
expect_power on "on interface=lan"

# cipher: a suite that does not exist is a configuration error (nothing sent);
# cipher with interface=lan too; cipher=1 is another working suite.
for bad in "cipher=99" "cipher=0" "interface=lan cipher=3" "timeout=0" "timeout=abc" "interface=bogus"; do
	sim_log_clear
	# shellcheck disable=SC2086
	fl_run action=off $bad
	fl_expect 1 "off with $bad fails"
	if [ -z "$(sim_sessions)" ] && [ -z "$(sim_cc)" ]; then
		ok "off with $bad: the BMC was not contacted"
	else
		fail "off with $bad: the BMC saw sessions [$(sim_sessions | paste -sd ' ' -)]"
	fi
	expect_power on "off with $bad"
	grep -q "failed: $NODE" "$FL_OUT" && ok "off with $bad: fence_legacy reports 'failed'" ||
		{ fail "off with $bad: no 'failed' line"; fl_show; }
done
sim_log_clear
fl_run action=status cipher=1
fl_expect 0 "status cipher=1"

# timeout: with power that never changes, "off" fails by the plugin's
# timeout; 2 s and 6 s must give clearly different times.  The plugin's
# work ends timeout/10 early (README, the timeout parameter), so a run ends between
# 0.8 x timeout (a last poll that no longer fits is not sent) and the
# timeout plus fence_legacy's start and OpenIPMI's close.
sim_knob stuck
fl_run action=off timeout=2
fl_expect 1 "off with stuck power, timeout=2"
t2=$FL_MS
fl_run action=off timeout=6
fl_expect 1 "off with stuck power, timeout=6"
t6=$FL_MS
sim_knob_clear stuck
expect_power on "stuck power stays on"
if [ "$t2" -ge 1600 ] && [ "$t2" -lt 5000 ] && [ "$t6" -ge 4800 ] && [ "$t6" -lt 10000 ]; then
	ok "timeout reaches the plugin: stuck off took $t2 ms (timeout=2), $t6 ms (timeout=6)"
else
	fail "stuck off took $t2 ms with timeout=2 (allowed 1600-4999) and $t6 ms with timeout=6 (allowed 4800-9999)"
fi
echo "timing: fence_legacy off, stuck power: ${t2} ms (timeout=2), ${t6} ms (timeout=6)"

# msg_timeout and power_wait are accepted from the environment too.
sim_log_clear
fl_run action=reboot msg_timeout=0.5 power_wait=0.2
fl_expect 0 "reboot msg_timeout=0.5 power_wait=0.2"
fl_run action=off power_wait=99
fl_expect 1 "off power_wait=99 (out of range) fails"
expect_power on "off power_wait=99"

# --- failures ---------------------------------------------------------------------
# A BMC that does not answer: fails within timeout, never hangs.
fl_run action=off port=$DEAD_PORT timeout=3
fl_expect 1 "off, nothing answers on the port (timeout=3)"
[ "$FL_MS" -lt 8000 ] && ok "dead BMC: failed in $FL_MS ms (< 8000)" ||
	fail "dead BMC: took $FL_MS ms"
echo "timing: fence_legacy off, dead BMC, timeout=3: ${FL_MS} ms"
fl_run action=monitor port=$DEAD_PORT timeout=3
fl_expect 1 "monitor of a dead BMC fails"

# Wrong password.
fl_run action=off "password=$SIM_WRONG_PASS"
fl_expect 1 "off with a wrong password"
expect_power on "off with a wrong password"

# Under the fencer (its environment says PCMK_service=pacemaker-fenced) the
# reason of a failure is written to stderr, which pacemaker-fenced logs to
# pacemaker.log; never to stdout, never the password; outside it, nothing.
FL_ENV=(PCMK_service=pacemaker-fenced)
fl_run action=off cipher=99
fl_expect 1 "under the fencer: off with cipher=99"
grep -q 'invalid configuration: cipher: "99"' "$FL_ERR" &&
	ok "under the fencer: the reason (cipher \"99\") is on stderr" ||
	{ fail "under the fencer: no reason on stderr"; fl_show; }
grep -q 'cipher' "$FL_OUT" && fail "under the fencer: the reason reached stdout" ||
	ok "under the fencer: nothing of it on stdout"
fl_run action=off "password=$SIM_WRONG_PASS"
fl_expect 1 "under the fencer: off with a wrong password"
grep -qE 'authentication failed|wrong password' "$FL_ERR" &&
	ok "under the fencer: the wrong password's reason is on stderr" ||
	{ fail "under the fencer: no reason for the wrong password"; fl_show; }
FL_ENV=()
fl_run action=off cipher=99
grep -q 'invalid configuration' "$FL_ERR" &&
	fail "outside the fencer, the plugin wrote to stderr" ||
	ok "outside the fencer, the plugin writes nothing to stderr"

# A node this device does not fence.
sim_log_clear
fl_run action=off nodename=node9
fl_expect 1 "off of node9 (not in hostname)"
expect_cc "" "off of node9 sends nothing"

ipl_finish
