#!/usr/bin/env bash
# tests/pcmk_cluster.sh - a live one-node cluster (corosync 3 + Pacemaker 2.1)
# fencing a simulated BMC through the built module.
#
# The script re-runs itself as pid 1 of private mount, network and pid
# namespaces (tests/pcmk_lib.sh): lo up, tmpfs on /run and /dev/shm, private
# directories over Pacemaker's and corosync's paths, the built ipmilan.so
# bind-mounted over the system one, and ipmi_sim inside the same network
# namespace.  Then, with ipmilan primitives in the CIB (pcmk_host_list,
# pcmk_host_map, interface=lanplus, cipher=3, timeout=4):
#   - the devices start (their monitor runs "stonith -S" via fence_legacy);
#   - stonith_admin --reboot, --fence (off) and --unfence (on) node2, each
#     checked on the simulated power, and recorded in --history;
#   - power that never changes (the "stuck" knob) and a BMC that does not
#     answer (ipmi_sim stopped with SIGSTOP) make the operation FAIL within
#     Pacemaker's timeout, with the power untouched;
#   - the scheduler fences by itself: node2 added to <nodes> is fenced at
#     once (startup fencing); node3 added while its power is stuck is not
#     reported fenced, and is fenced as soon as the BMC works again.
# Every wait is bounded; the wall times are printed as "timing:" lines.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcmk_lib.sh"
pcmk_enter_ns cluster 420 "$@"
ipl_init
pcmk_need corosync corosync-quorumtool pacemakerd stonith_admin cibadmin \
	crm_mon crmadmin crm_resource fence_legacy ip
trap pcmk_trap_cleanup EXIT
pcmk_bind_plugin
pcmk_cluster_prepare
sim_start --no-ipv6

PLUGIN_TIMEOUT=4
PCMK_TIMEOUT=30

pcmk_cluster_start
ok "cluster up, node1 is DC"
echo "timing: corosync + pacemakerd start to DC: ${PCMK_START_MS} ms"

# device_xml ID NODE ATTR VALUE: an ipmilan primitive fencing NODE on the
# simulator, with ATTR=VALUE (pcmk_host_list or pcmk_host_map).
device_xml() {
	cat <<EOF
<primitive id="$1" class="stonith" type="ipmilan">
  <instance_attributes id="$1-params">
    <nvpair id="$1-hostname" name="hostname" value="$2"/>
    <nvpair id="$1-ipaddr" name="ipaddr" value="127.0.0.1"/>
    <nvpair id="$1-port" name="port" value="$SIM_PORT"/>
    <nvpair id="$1-login" name="login" value="$SIM_OPER"/>
    <nvpair id="$1-password" name="password" value="$SIM_PASS"/>
    <nvpair id="$1-interface" name="interface" value="lanplus"/>
    <nvpair id="$1-cipher" name="cipher" value="3"/>
    <nvpair id="$1-timeout" name="timeout" value="$PLUGIN_TIMEOUT"/>
    <nvpair id="$1-$3" name="$3" value="$4"/>
    <nvpair id="$1-pcmk_reboot_timeout" name="pcmk_reboot_timeout" value="${PCMK_TIMEOUT}s"/>
    <nvpair id="$1-pcmk_off_timeout" name="pcmk_off_timeout" value="${PCMK_TIMEOUT}s"/>
    <nvpair id="$1-pcmk_on_timeout" name="pcmk_on_timeout" value="${PCMK_TIMEOUT}s"/>
  </instance_attributes>
  <operations>
    <op id="$1-monitor" name="monitor" interval="3600s" timeout="20s"/>
  </operations>
</primitive>
EOF
}

# The crmsh form of the README, when crmsh is installed: "crm -f FILE" reads
# the command from a 0600 file (the password stays off command lines); crmsh
# checks the parameters against the metadata of our module.  Every device
# here is on the one simulated BMC: crmsh would refuse ("violate
# uniqueness") a second one if the metadata marked ipaddr unique; it does
# not.
CRM=$(ipl_find_tool crm) || CRM=
if [ -n "$CRM" ]; then
	(umask 077 && cat >"$IPL_TMP/crm.cmd" <<EOF
configure primitive fence-node4 stonith:ipmilan \\
	params hostname=node4 ipaddr=127.0.0.1 port=$SIM_PORT login=$SIM_OPER password=$SIM_PASS \\
	interface=lanplus cipher=3 timeout=$PLUGIN_TIMEOUT \\
	pcmk_host_list=node4 pcmk_reboot_timeout=${PCMK_TIMEOUT}s pcmk_off_timeout=${PCMK_TIMEOUT}s \\
	op monitor interval=3600s timeout=20s
EOF
	)
	pcmk_timed "$IPL_TMP/crm.out" "$CRM" -f "$IPL_TMP/crm.cmd"
	if [ "$PCMK_RC" = 0 ]; then
		ok "crmsh: primitive fence-node4 stonith:ipmilan created"
	else
		fail "crmsh: crm -f exited $PCMK_RC"
		pcmk_show_file "$IPL_TMP/crm.out"
	fi
	if grep -qiE 'warning|error' "$IPL_TMP/crm.out"; then
		fail "crmsh complained about the primitive"
		pcmk_show_file "$IPL_TMP/crm.out"
	else
		ok "crmsh accepted every parameter without a warning"
	fi
	reg4() { timeout 10 stonith_admin --list-registered 2>/dev/null | grep -qw fence-node4; }
	if pcmk_wait 30 reg4; then
		sim_log_clear
		pcmk_timed "$IPL_TMP/sa4.out" stonith_admin --reboot node4 --timeout 60
		[ "$PCMK_RC" = 0 ] && ok "crmsh-made device: --reboot node4 in $PCMK_MS ms" ||
			{ fail "crmsh-made device: --reboot node4 exit $PCMK_RC"; pcmk_show_file "$IPL_TMP/sa4.out"; }
		expect_controls "power 0;power 1" "crmsh-made device: reboot"
	else
		fail "crmsh-made fence-node4 was not registered within 30 s"
	fi
else
	echo "note: crmsh is not installed; its form is not checked"
fi

# The password goes to cibadmin on stdin, never on its command line.
t0=$(ipl_now_ms)
# fence-node2 names its target with pcmk_host_list, fence-node3 with
# pcmk_host_map (the alias "bmc3" never reaches the plugin: fenced passes no
# host argument to LHA agents, fence_legacy gives "stonith -T" the node name).
(umask 077 && device_xml fence-node2 node2 pcmk_host_list node2 >"$IPL_TMP/dev2.xml")
(umask 077 && device_xml fence-node3 node3 pcmk_host_map "node3:bmc3" >"$IPL_TMP/dev3.xml")
for n in 2 3; do
	if timeout 30 cibadmin --create -o resources --xml-pipe <"$IPL_TMP/dev$n.xml"; then
		ok "cibadmin: fence-node$n created"
	else
		fail "cibadmin --create fence-node$n failed"
	fi
done

registered() {
	local out
	out=$(timeout 10 stonith_admin --list-registered 2>/dev/null) || return 1
	grep -qw fence-node2 <<<"$out" && grep -qw fence-node3 <<<"$out"
}
started() {
	local out
	out=$(timeout 10 crm_mon -1 2>/dev/null) || return 1
	[ "$(grep -cE 'fence-node[23].*\(stonith:ipmilan\).*Started node1' <<<"$out")" = 2 ]
}
if pcmk_wait 30 registered && pcmk_wait 30 started; then
	t1=$(ipl_now_ms)
	ok "both devices registered with pacemaker-fenced and started"
	echo "timing: devices created to registered and started: $((t1 - t0)) ms"
else
	fail "the devices were not registered and started within 60 s"
	timeout 10 crm_mon -1
	pcmk_show_logs
	ipl_finish
fi

# The devices' start ran a monitor (stonith -S) through fence_legacy.
if grep -q 'fence_legacy' /var/log/pacemaker/pacemaker.log; then
	ok "pacemaker-fenced ran fence_legacy"
fi

pcmk_timed "$IPL_TMP/canfence" stonith_admin --list node3 --timeout 20
if grep -qw fence-node3 "$IPL_TMP/canfence" && ! grep -qw fence-node2 "$IPL_TMP/canfence"; then
	ok "stonith_admin --list node3: fence-node3 (pcmk_host_map) can fence node3"
else
	fail "stonith_admin --list node3: [$(paste -sd ' ' - <"$IPL_TMP/canfence")]"
fi
pcmk_timed "$IPL_TMP/canfence" stonith_admin --list node2 --timeout 20
if grep -qw fence-node2 "$IPL_TMP/canfence" && ! grep -qw fence-node3 "$IPL_TMP/canfence"; then
	ok "stonith_admin --list node2: fence-node2 (only) can fence node2"
else
	fail "stonith_admin --list node2: [$(paste -sd ' ' - <"$IPL_TMP/canfence")]"
fi

# sa OP DESCRIPTION: run "stonith_admin OP node2" bounded; sets PCMK_RC/MS.
SA_N=0
sa() {
	SA_N=$((SA_N + 1))
	SA_OUT=$IPL_TMP/sa$SA_N.out
	pcmk_timed "$SA_OUT" stonith_admin "$1" "${2:-node2}" --timeout 90
	printf '  [stonith_admin %s %s] exit %d in %d ms\n' "$1" "${2:-node2}" "$PCMK_RC" "$PCMK_MS"
}
sa_expect_ok() {
	if [ "$PCMK_RC" = 0 ]; then
		ok "$1: success in $PCMK_MS ms"
	else
		fail "$1: exit $PCMK_RC"
		pcmk_show_file "$SA_OUT"
	fi
}
sa_expect_fail() {
	if [ "$PCMK_RC" != 0 ] && [ "$PCMK_RC" != 124 ]; then
		ok "$1: failed (exit $PCMK_RC) in $PCMK_MS ms"
	elif [ "$PCMK_RC" = 124 ]; then
		fail "$1: stonith_admin hung (killed after $PCMK_CMD_LIMIT s)"
	else
		fail "$1: reported success"
	fi
	if [ "$PCMK_MS" -lt $((PCMK_TIMEOUT * 1000 + 5000)) ]; then
		ok "$1: ended within Pacemaker's ${PCMK_TIMEOUT}s timeout (+5 s)"
	else
		fail "$1: took $PCMK_MS ms, Pacemaker's timeout is ${PCMK_TIMEOUT}s"
	fi
}

# --- reboot, off, on --------------------------------------------------------
boots0=$(sim_boots)
sim_log_clear
sa --reboot
sa_expect_ok "stonith_admin --reboot node2"
expect_sessions lanplus "reboot through Pacemaker (interface=lanplus)"
expect_reboot "$boots0" "reboot of node2 through Pacemaker"
T_REBOOT=$PCMK_MS

sim_log_clear
sa --fence
sa_expect_ok "stonith_admin --fence node2"
expect_controls "power 0" "fence = off"
expect_power off "stonith_admin --fence node2"
T_OFF=$PCMK_MS

sim_log_clear
sa --unfence
sa_expect_ok "stonith_admin --unfence node2"
expect_controls "power 1" "unfence = on"
expect_power on "stonith_admin --unfence node2"
T_ON=$PCMK_MS

# A reboot of a node that is off powers it on.
sim_set_power off
sa --reboot
sa_expect_ok "stonith_admin --reboot node2 while it is off"
expect_power on "reboot of an off node"
T_REBOOT_OFF=$PCMK_MS

echo "timing: stonith_admin --reboot ${T_REBOOT} ms, --fence ${T_OFF} ms, --unfence ${T_ON} ms, --reboot of an off node ${T_REBOOT_OFF} ms"

# history_has REGEX DESCRIPTION: stonith_admin --history node2 --verbose
# has a line matching REGEX.
history_has() {
	timeout 20 stonith_admin --history "${3:-node2}" --verbose >"$IPL_TMP/history" 2>&1
	if grep -qE -- "$1" "$IPL_TMP/history"; then
		ok "history: $2"
	else
		fail "history: no line /$1/ ($2)"
		pcmk_show_file "$IPL_TMP/history"
	fi
}
history_has '^ *reboot of node2 successful' "reboot of node2 successful"
history_has '^ *(turning off|off) of node2 successful' "turning off of node2 successful"
history_has '^ *(unfencing|on) of node2 successful' "unfencing of node2 successful"

# --- failures inside Pacemaker -----------------------------------------------
# Power that never changes: the plugin gives up after its timeout (fenced
# may retry within pcmk_off_timeout); never success, never a hang.
sim_knob stuck
sim_log_clear
sa --fence
sa_expect_fail "stonith_admin --fence node2, power stuck"
tries=$(sim_cc | grep -c off)
expect_power on "power stuck: still on"
T_STUCK_OFF=$PCMK_MS
sim_log_clear
sa --reboot
sa_expect_fail "stonith_admin --reboot node2, power stuck"
expect_power on "power stuck: still on after the failed reboot"
T_STUCK_REBOOT=$PCMK_MS
sim_knob_clear stuck
history_has '^ *(turning off|off) of node2 failed' "the failed off is recorded"
history_has '^ *reboot of node2 failed' "the failed reboot is recorded"
echo "timing: stuck power: --fence failed after ${T_STUCK_OFF} ms ($tries off requests: plugin timeout=${PLUGIN_TIMEOUT}s, fenced retries), --reboot failed after ${T_STUCK_REBOOT} ms"

# A BMC that does not answer at all: ipmi_sim stopped (its socket stays
# bound, requests queue unanswered).
kill -STOP "$SIM_PID"
sa --reboot
sa_expect_fail "stonith_admin --reboot node2, BMC not answering"
T_DEAD_REBOOT=$PCMK_MS
sa --unfence
sa_expect_fail "stonith_admin --unfence node2, BMC not answering"
T_DEAD_ON=$PCMK_MS
kill -CONT "$SIM_PID"
sleep 1
expect_power on "BMC not answering: power untouched"
echo "timing: BMC not answering: --reboot failed after ${T_DEAD_REBOOT} ms, --unfence after ${T_DEAD_ON} ms"

# The device works again afterwards.
sim_log_clear
sa --reboot
sa_expect_ok "stonith_admin --reboot node2 after the failures"
expect_controls "power 0;power 1" "reboot after the failures"

# --- the scheduler fences on its own -----------------------------------------
# node2 appears in <nodes> but was never seen: startup fencing (reboot).
count_ok() {
	timeout 20 stonith_admin --history "$1" --verbose 2>/dev/null |
		grep -cE "^ *reboot of $1 successful"
}
n0=$(count_ok node2)
boots0=$(sim_boots)
sim_log_clear
t0=$(ipl_now_ms)
timeout 30 cibadmin --create -o nodes --xml-text '<node id="2" uname="node2"/>' ||
	fail "cibadmin: adding node2 to <nodes> failed"
fenced_again() { [ "$(count_ok node2)" -gt "$n0" ]; }
if pcmk_wait 60 fenced_again; then
	t1=$(ipl_now_ms)
	ok "the scheduler fenced node2 (startup fencing) by itself"
	echo "timing: node2 added to <nodes> to fenced by the scheduler: $((t1 - t0)) ms"
	expect_reboot "$boots0" "startup fencing of node2 (a reboot)"
else
	fail "the scheduler did not fence node2 within 60 s"
	timeout 10 crm_mon -1
fi

# node3, whose power is stuck: the scheduler's fencing fails (never reported
# as done) and is retried; once the BMC obeys again, it succeeds.
sim_knob stuck
t0=$(ipl_now_ms)
timeout 30 cibadmin --create -o nodes --xml-text '<node id="3" uname="node3"/>' ||
	fail "cibadmin: adding node3 to <nodes> failed"
failed_once() {
	timeout 20 stonith_admin --history node3 --verbose 2>/dev/null |
		grep -qE '^ *reboot of node3 failed'
}
if pcmk_wait 60 failed_once; then
	t1=$(ipl_now_ms)
	ok "the scheduler's fencing of node3 failed while the power is stuck"
	echo "timing: node3 added to the first failed fencing: $((t1 - t0)) ms"
else
	fail "no failed fencing of node3 recorded within 60 s"
fi
if [ "$(count_ok node3)" = 0 ]; then
	ok "node3 is not reported fenced while its power is stuck"
else
	fail "node3 reported fenced although its power never changed"
fi
timeout 10 crm_mon -1 >"$IPL_TMP/mon" 2>&1
grep -qiE 'node3.*UNCLEAN|UNCLEAN.*node3' "$IPL_TMP/mon" &&
	ok "crm_mon shows node3 UNCLEAN" || { fail "crm_mon does not show node3 UNCLEAN"; pcmk_show_file "$IPL_TMP/mon"; }
sim_knob_clear stuck
sim_log_clear
t0=$(ipl_now_ms)
node3_done() { [ "$(count_ok node3)" -gt 0 ]; }
if pcmk_wait 90 node3_done; then
	t1=$(ipl_now_ms)
	ok "node3 fenced once the power obeys again"
	echo "timing: knob cleared to node3 fenced by the scheduler's retry: $((t1 - t0)) ms"
	expect_power on "node3 after the retry"
else
	fail "node3 not fenced within 90 s after the power obeys again"
fi

# No password in what the plugin, fence_legacy and fenced logged.  (The CIB
# manager logs each CIB change, new nvpairs with their values included, at
# info level: that is Pacemaker's own doing and is left out here.)
grep -v 'pacemaker-based' /var/log/pacemaker/pacemaker.log >"$IPL_TMP/pacemaker-nocib.log"
pcmk_no_secret_in "$IPL_TMP/pacemaker-nocib.log" "$PCMK_DIR/log-corosync/corosync.log"

pcmk_cluster_stop
echo "timing: cluster shutdown ${PCMK_STOP_MS} ms"
[ "$PCMK_STOP_MS" -lt 45000 ] && ok "cluster shut down in ${PCMK_STOP_MS} ms" ||
	fail "cluster shutdown took ${PCMK_STOP_MS} ms"

ipl_finish
