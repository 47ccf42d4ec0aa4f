#!/usr/bin/env bash
# tests/agent_pcmk.sh - the fence agent as Pacemaker 2.1 drives it: an RHCS
# agent, class "stonith", type "fence_ipmi_native", which pacemaker-fenced
# looks for in /usr/sbin and runs with name=value lines on stdin.
#
# The script re-runs itself as pid 1 of private mount, network and pid
# namespaces (tests/pcmk_lib.sh); there an overlay over /usr/sbin (upper
# layer on a tmpfs) holds the built agent, so nothing outside changes.
# With a one-node corosync + Pacemaker cluster and ipmi_sim inside:
#   - stonith_admin --metadata and --validate (a good and a bad device);
#   - pcs -f on a copy of the CIB: "stonith create" with agent validation
#     accepts a good device and refuses cipher=99 with the agent's reason;
#     pcs itself refuses a name the metadata does not list;
#   - the pcs-made device in the live CIB: stonith_admin --reboot, --fence
#     (off) and --unfence (on) node2, the simulated power as the judge;
#   - a device without pcmk_host_list: Pacemaker asks the agent's status
#     with port=NODE, and the agent's hostname decides which nodes it can
#     fence (stonith_admin --list);
#   - power that never changes: the fencing fails and pacemaker.log has
#     the agent's reason; no password in Pacemaker's logs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcmk_lib.sh"
pcmk_enter_ns cluster 420 "$@"
ipl_init --no-plugin
. "$IPL_TESTS_SRCDIR/agent_lib.sh"
agent_find
pcmk_need corosync corosync-quorumtool pacemakerd stonith_admin cibadmin \
	crm_mon crmadmin xmllint ip
# The overlay goes before the harness removes its directory.
agent_pcmk_cleanup() {
	local rc=$?
	pcmk_cluster_stop >/dev/null 2>&1
	umount /usr/sbin 2>/dev/null
	umount "$OVL" 2>/dev/null
	(exit "$rc")
	pcmk_trap_cleanup
}
trap agent_pcmk_cleanup EXIT

# The built agent in /usr/sbin, for this namespace only.
OVL=$IPL_TMP/sbin-overlay
mkdir -p "$OVL"
mount -t tmpfs -o mode=755 tmpfs "$OVL" || ipl_hard_error "tmpfs for the overlay failed"
mkdir -p "$OVL/upper" "$OVL/work"
mount -t overlay overlay -o "lowerdir=/usr/sbin,upperdir=$OVL/upper,workdir=$OVL/work" /usr/sbin ||
	ipl_hard_error "overlay over /usr/sbin failed"
install -m 755 "$AGENT" "/usr/sbin/$AGENT_NAME" || ipl_hard_error "cannot install the agent"
cmp -s "$AGENT" "/usr/sbin/$AGENT_NAME" && ok "the built agent is /usr/sbin/$AGENT_NAME in this namespace"

pcmk_cluster_prepare
sim_start --no-ipv6
agent_password_file
PLUGIN_TIMEOUT=4
PCMK_TIMEOUT=30

# --- without the cluster: metadata and validation ---------------------------------
pcmk_timed "$IPL_TMP/meta.out" stonith_admin --metadata --agent "$AGENT_NAME"
if [ "$PCMK_RC" = 0 ] && grep -q '<parameter name="hexadecimal_kg"' "$IPL_TMP/meta.out"; then
	ok "stonith_admin --metadata --agent $AGENT_NAME"
else
	fail "stonith_admin --metadata: exit $PCMK_RC"
	pcmk_show_file "$IPL_TMP/meta.out"
fi
GOOD=(ip=127.0.0.1 "ipport=$SIM_PORT" "username=$SIM_OPER" "password_file=$AG_PWF"
	lanplus=1 "timeout=$PLUGIN_TIMEOUT")
opts=()
for kv in "${GOOD[@]}"; do opts+=(--option "$kv"); done
pcmk_timed "$IPL_TMP/val1.out" stonith_admin --validate --agent "$AGENT_NAME" "${opts[@]}"
[ "$PCMK_RC" = 0 ] && ok "stonith_admin --validate: a good device" ||
	{ fail "stonith_admin --validate of a good device: exit $PCMK_RC"; pcmk_show_file "$IPL_TMP/val1.out"; }
pcmk_timed "$IPL_TMP/val2.out" stonith_admin --validate --agent "$AGENT_NAME" "${opts[@]}" \
	--option cipher=99
if [ "$PCMK_RC" != 0 ] && grep -q 'cipher: "99": 99 is not a cipher suite' "$IPL_TMP/val2.out"; then
	ok "stonith_admin --validate: cipher=99 refused with the agent's reason (exit $PCMK_RC)"
else
	fail "stonith_admin --validate with cipher=99: exit $PCMK_RC"
	pcmk_show_file "$IPL_TMP/val2.out"
fi

pcmk_cluster_start
ok "cluster up, node1 is DC"

# --- pcs -f: create with agent validation -------------------------------------------
PCS=$(ipl_find_tool pcs) || PCS=
if [ -n "$PCS" ]; then
	timeout 30 cibadmin --query >"$IPL_TMP/pcs-cib.xml" || ipl_hard_error "cibadmin --query failed"
	pcmk_timed "$IPL_TMP/pcs1.out" "$PCS" -f "$IPL_TMP/pcs-cib.xml" stonith create \
		fence-n2 "$AGENT_NAME" "${GOOD[@]}" pcmk_host_list=node2 \
		"pcmk_reboot_timeout=${PCMK_TIMEOUT}s" "pcmk_off_timeout=${PCMK_TIMEOUT}s" \
		"pcmk_on_timeout=${PCMK_TIMEOUT}s" op monitor interval=3600s --agent-validation
	if [ "$PCMK_RC" = 0 ] && xmllint --xpath "//primitive[@id='fence-n2']" \
		"$IPL_TMP/pcs-cib.xml" >"$IPL_TMP/dev-n2.xml" 2>/dev/null; then
		ok "pcs -f stonith create fence-n2 $AGENT_NAME --agent-validation"
	else
		fail "pcs stonith create (good): exit $PCMK_RC"
		pcmk_show_file "$IPL_TMP/pcs1.out"
	fi
	pcmk_timed "$IPL_TMP/pcs2.out" "$PCS" -f "$IPL_TMP/pcs-cib.xml" stonith create \
		fence-bad "$AGENT_NAME" "${GOOD[@]}" cipher=99 --agent-validation
	if [ "$PCMK_RC" != 0 ] && grep -q 'cipher: "99": 99 is not a cipher suite' "$IPL_TMP/pcs2.out" &&
		! grep -q 'fence-bad' "$IPL_TMP/pcs-cib.xml"; then
		ok "pcs stonith create with cipher=99: refused at creation, with the agent's reason"
	else
		fail "pcs stonith create with cipher=99: exit $PCMK_RC"
		pcmk_show_file "$IPL_TMP/pcs2.out"
	fi
	pcmk_timed "$IPL_TMP/pcs3.out" "$PCS" -f "$IPL_TMP/pcs-cib.xml" stonith create \
		fence-typo "$AGENT_NAME" "${GOOD[@]}" ciphr=3
	[ "$PCMK_RC" != 0 ] && grep -q "ciphr" "$IPL_TMP/pcs3.out" &&
		ok "pcs refuses a name the metadata does not list (ciphr)" ||
		{ fail "pcs accepted ciphr=3 (exit $PCMK_RC)"; pcmk_show_file "$IPL_TMP/pcs3.out"; }
else
	echo "note: pcs is not installed (tests/packages/agent.list); the device is made by hand"
fi
if [ ! -s "$IPL_TMP/dev-n2.xml" ]; then
	{
		echo "<primitive id=\"fence-n2\" class=\"stonith\" type=\"$AGENT_NAME\">"
		echo "<instance_attributes id=\"fence-n2-ia\">"
		for kv in "${GOOD[@]}" pcmk_host_list=node2 "pcmk_reboot_timeout=${PCMK_TIMEOUT}s" \
			"pcmk_off_timeout=${PCMK_TIMEOUT}s" "pcmk_on_timeout=${PCMK_TIMEOUT}s"; do
			echo "<nvpair id=\"fence-n2-${kv%%=*}\" name=\"${kv%%=*}\" value=\"${kv#*=}\"/>"
		done
		echo "</instance_attributes></primitive>"
	} >"$IPL_TMP/dev-n2.xml"
fi

# A second device, no pcmk_host_list: Pacemaker's status check decides; the
# password itself in the CIB (given to cibadmin on stdin).
(umask 077 && cat >"$IPL_TMP/dev-n3.xml" <<EOF
<primitive id="fence-n3" class="stonith" type="$AGENT_NAME">
  <instance_attributes id="fence-n3-ia">
    <nvpair id="fence-n3-ip" name="ip" value="127.0.0.1"/>
    <nvpair id="fence-n3-ipport" name="ipport" value="$SIM_PORT"/>
    <nvpair id="fence-n3-username" name="username" value="$SIM_OPER"/>
    <nvpair id="fence-n3-password" name="password" value="$SIM_PASS"/>
    <nvpair id="fence-n3-lanplus" name="lanplus" value="1"/>
    <nvpair id="fence-n3-hostname" name="hostname" value="node3"/>
    <nvpair id="fence-n3-timeout" name="timeout" value="$PLUGIN_TIMEOUT"/>
  </instance_attributes>
</primitive>
EOF
)
for n in 2 3; do
	timeout 30 cibadmin --create -o resources --xml-pipe <"$IPL_TMP/dev-n$n.xml" &&
		ok "cibadmin: fence-n$n created" || fail "cibadmin --create fence-n$n failed"
done
started() {
	local out
	out=$(timeout 10 crm_mon -1 2>/dev/null) || return 1
	[ "$(grep -cE "fence-n[23].*\(stonith:$AGENT_NAME\).*Started node1" <<<"$out")" = 2 ]
}
if pcmk_wait 60 started; then
	ok "both devices registered and started"
else
	fail "the devices did not start within 60 s"
	timeout 10 crm_mon -1
	ipl_finish
fi

# --- reboot, off, on through pacemaker-fenced --------------------------------------------
SA_N=0
sa() {
	SA_N=$((SA_N + 1))
	SA_OUT=$IPL_TMP/sa$SA_N.out
	pcmk_timed "$SA_OUT" stonith_admin "$1" "$2" --timeout 90
	printf '  [stonith_admin %s %s] exit %d in %d ms\n' "$1" "$2" "$PCMK_RC" "$PCMK_MS"
}
sa_ok() {
	[ "$PCMK_RC" = 0 ] && ok "$1: success in $PCMK_MS ms" ||
		{ fail "$1: exit $PCMK_RC"; pcmk_show_file "$SA_OUT"; }
}
boots0=$(sim_boots)
sim_log_clear
sa --reboot node2
sa_ok "stonith_admin --reboot node2"
expect_controls "power 0;power 1" "reboot through pacemaker-fenced (onoff)"
expect_sessions lanplus "reboot through pacemaker-fenced (lanplus=1)"
expect_power on "reboot"
[ "$(sim_boots)" = $((boots0 + 1)) ] && ok "reboot: node2 booted once" ||
	fail "reboot: boots $boots0 -> $(sim_boots)"
T_REBOOT=$PCMK_MS
sim_log_clear
sa --fence node2
sa_ok "stonith_admin --fence node2"
expect_controls "power 0" "fence = off"
expect_power off "stonith_admin --fence node2"
T_OFF=$PCMK_MS
sim_log_clear
sa --unfence node2
sa_ok "stonith_admin --unfence node2"
expect_controls "power 1" "unfence = on"
expect_power on "stonith_admin --unfence node2"
T_ON=$PCMK_MS
echo "timing: through pacemaker-fenced: --reboot ${T_REBOOT} ms, --fence ${T_OFF} ms, --unfence ${T_ON} ms"

# --- which devices can fence which node -------------------------------------------------
pcmk_timed "$IPL_TMP/list3" stonith_admin --list node3 --timeout 30
grep -qw fence-n3 "$IPL_TMP/list3" && ! grep -qw fence-n2 "$IPL_TMP/list3" &&
	ok "node3: fence-n3 can fence it (the agent's status with port=node3, hostname=node3)" ||
	fail "stonith_admin --list node3: [$(paste -sd ' ' - <"$IPL_TMP/list3")]"
pcmk_timed "$IPL_TMP/list4" stonith_admin --list node4 --timeout 30
! grep -qw fence-n3 "$IPL_TMP/list4" &&
	ok "node4: fence-n3 cannot (the agent's status refuses port=node4)" ||
	fail "stonith_admin --list node4: [$(paste -sd ' ' - <"$IPL_TMP/list4")]"
sim_log_clear
sa --fence node3
sa_ok "stonith_admin --fence node3 (through the status check)"
expect_power off "fence node3"
sa --unfence node3
sa_ok "stonith_admin --unfence node3"
expect_power on "unfence node3"

# --- a failure and its reason in pacemaker.log ---------------------------------------------
sim_knob stuck
sa --fence node2
if [ "$PCMK_RC" != 0 ] && [ "$PCMK_RC" != 124 ]; then
	ok "stonith_admin --fence node2 with the power stuck: failed (exit $PCMK_RC) in $PCMK_MS ms"
else
	fail "stonith_admin --fence node2 with the power stuck: exit $PCMK_RC"
fi
sim_knob_clear stuck
expect_power on "power stuck: still on"
if grep -qE "$AGENT_NAME: off of node2 failed \(power state not reached\): BMC .* still reports? power on" \
	/var/log/pacemaker/pacemaker.log; then
	ok "pacemaker.log has the agent's reason"
	grep -m1 -E "$AGENT_NAME: off of node2 failed" /var/log/pacemaker/pacemaker.log | sed 's/^/    | /'
else
	fail "pacemaker.log lacks the agent's reason for the failed off"
	pcmk_show_logs
fi

# No password in what fenced and the agent logged.  (The CIB manager logs
# CIB changes, nvpair values included: Pacemaker's doing, left out here.)
grep -v 'pacemaker-based' /var/log/pacemaker/pacemaker.log >"$IPL_TMP/pacemaker-nocib.log"
pcmk_no_secret_in "$IPL_TMP/pacemaker-nocib.log" "$PCMK_DIR/log-corosync/corosync.log"

pcmk_cluster_stop
ipl_finish
