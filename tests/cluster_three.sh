#!/usr/bin/env bash
# tests/cluster_three.sh - a three-node corosync 3 + Pacemaker 2.1 cluster
# on one machine that really fences through the built ipmilan plugin.
#
# Three nodes, each in its own namespaces, joined by knet over a bridge; each
# node's power is a simulated BMC (ipmi_sim) on a separate management
# network: power off kills the node's whole cluster stack, power on boots it
# (tests/cluster/cluster_lib.sh has the layout).  The CIB holds one
# stonith:ipmilan device per node (password_file, pcmk_host_list, banned
# from its own node) and an ocf:pacemaker:Dummy whose state file is in each
# node's own /run; a sampler watches where it runs the whole time.
#   1. node3 loses its network: the others fence it through the plugin, its
#      BMC goes off then on, the Dummy moves only after the fence succeeded,
#      node3 rejoins.
#   2. the same with node3's BMC unreachable: fencing fails, node3 stays
#      UNCLEAN, the Dummy does not move; once the BMC is back, a retry fences
#      node3 and the Dummy moves.
#   3. a fencing topology for node3: level 1 on the BMC's management address
#      (dead), level 2 on its second path (the cluster network): fenced
#      through level 2, and the Dummy moves.
# Every scenario prints its wall times ("timing:" lines, seconds after the
# failure was caused).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcmk_lib.sh"
. "$(dirname "$0")/cluster/cluster_lib.sh"
cl_enter 420 "$@"
cl_init

# The plugin's own limit for one operation.  A reboot (off, check, on,
# check) through this simulated BMC takes 2 to 8 s on a loaded 2-core
# machine (every BMC command runs shell scripts).  Each survivor tries a
# device once (pcmk_reboot_retries=1; the default 2 doubles every failure
# time, see tests/cluster_timers.sh).
PLUGIN_TIMEOUT=15
ALL="node1 node2 node3"
SURVIVORS="1 2"

for n in 1 2 3; do
	cl_node_add "$n"
done
cl_bmc_add 1
cl_bmc_add 2
cl_bmc_add 3 --second-path
cl_bmc_wait_all
cl_corosync_conf plain
res=
cons=
for n in 1 2 3; do
	res+=$(cl_fence_xml "fence-node$n" "node$n" "$CL_MGMT.$((100 + n))" \
		timeout=$PLUGIN_TIMEOUT pcmk_reboot_retries=1)$'\n'
	cons+=$(cl_ban_xml "fence-node$n" "node$n")$'\n'
done
res+=$(cl_dummy_xml dummy)
cl_cib_xml "" "$res" "$cons" >"$CL_DIR/seed.xml"
cl_seed_cib "$CL_DIR/seed.xml"

t0=$(cl_now_ms)
cl_power_on_all
if pcmk_wait 90 cl_sees_online 1 "$ALL"; then
	ok "three nodes booted by their BMCs and online"
	echo "timing: BMC power on to three nodes online: $(cl_rel "$(cl_now_ms)" "$t0")"
else
	fail "the three nodes are not all online within 90 s"
	ipl_finish
fi
cl_on 1 crm_attribute --delete --name startup-fencing >/dev/null 2>&1 ||
	fail "cannot delete startup-fencing"

all_registered() {
	cl_registered 1 fence-node2 fence-node3 && cl_registered 2 fence-node1 fence-node3 &&
		cl_registered 3 fence-node1 fence-node2
}
if pcmk_wait 60 all_registered; then
	ok "each node's fenced has the two other nodes' devices"
else
	fail "the fence devices were not registered within 60 s"
fi
dummy_on() { [ "$(cl_rsc_nodes 1 dummy)" = "$1" ]; }
dummy_anywhere() { [ -n "$(cl_rsc_nodes 1 dummy)" ]; }
pcmk_wait 60 dummy_anywhere || fail "dummy did not start within 60 s"
cl_sampler_start dummy

# move_dummy NODE: crm_resource --move, wait, --clear (stickiness keeps it).
move_dummy() {
	cl_on 1 crm_resource --move --resource dummy --node "$1" >/dev/null 2>&1
	if pcmk_wait 40 dummy_on "$1"; then
		ok "dummy moved to $1 before the scenario"
	else
		fail "dummy did not move to $1 within 40 s (on: $(cl_rsc_nodes 1 dummy))"
	fi
	cl_on 1 crm_resource --clear --resource dummy >/dev/null 2>&1
}

# survivors_log ERE AFTER_MS: the matching lines of both survivors' logs.
survivors_log() {
	local n
	for n in $SURVIVORS; do
		cl_log_grep "$(cl_plog "$n")" "$1" "$2"
	done
}

FENCE_OK="Operation 'reboot' targeting node3 by [^ ]+ for [^ ]+: OK"
FENCE_FAILED="Operation 'reboot' targeting node3 by [^ ]+ for [^ ]+: [^O]"
fenced_after() { cl_has_log_any "$SURVIVORS" "$FENCE_OK" "$1"; }
failed_after() { cl_has_log_any "$SURVIVORS" "$FENCE_FAILED" "$1"; }
dummy_on_survivor() { case " $(cl_rsc_nodes 1 dummy) " in *" node1 "* | *" node2 "*) return 0 ;; esac; return 1; }

# wait_move DESCRIPTION: wait until the Dummy runs on a survivor.
wait_move() {
	if pcmk_wait 40 dummy_on_survivor; then
		ok "$1: dummy runs on a survivor ($(cl_rsc_nodes 1 dummy))"
	else
		fail "$1: dummy is not running on a survivor within 40 s"
	fi
}

# check_move_after_fence T DESCRIPTION: the Dummy was started on a survivor
# only after the fence that succeeded after T (Pacemaker's logs) and after
# BMC3's power off (its history); sets T_START and T_RUN.
check_move_after_fence() {
	local t=$1 what=$2 t_ok t_off
	t_ok=$(cl_log_first_any "$SURVIVORS" "$FENCE_OK" "$t")
	t_off=$(cl_history 3 "$t" | awk '$2 == "off" { print $1; exit }')
	T_START=$(cl_log_first_any "$SURVIVORS" "Initiating start operation dummy_start_0" "$t")
	T_RUN=$( {
		cl_sampler_first_on node1 "$t"
		cl_sampler_first_on node2 "$t"
	} | sort -n | head -n 1)
	if [ -n "$T_START" ] && [ -n "$t_ok" ] && [ "$T_START" -ge "$t_ok" ] &&
		[ -n "$t_off" ] && [ "$T_START" -gt "$t_off" ]; then
		ok "$what: the start of dummy was initiated $((T_START - t_ok)) ms after the fence succeeded"
	else
		fail "$what: dummy start [$T_START] is not after the fence [$t_ok] and the power off [$t_off]"
	fi
	if [ -n "$T_RUN" ] && [ -n "$t_off" ] && [ "$T_RUN" -gt "$t_off" ]; then
		ok "$what: the sampler first saw dummy on a survivor after node3's power off"
	else
		fail "$what: the sampler saw dummy on a survivor at [$T_RUN], power off at [$t_off]"
	fi
}

# power_times T: T_OFF and T_ON, BMC3's first off and on after T.
power_times() {
	T_OFF=$(cl_history 3 "$1" | awk '$2 == "off" { print $1; exit }')
	T_ON=$(cl_history 3 "$1" | awk '$2 == "on" { print $1; exit }')
}

# expect_off_on T DESCRIPTION: BMC3 went off, then on, after T, nothing else.
expect_off_on() {
	local hist
	hist=$(cl_history_words 3 "$1")
	if [ "$hist" = "off on" ]; then
		ok "$2: BMC3 history: off, then on"
	else
		fail "$2: BMC3 history is [$hist], expected [off on]"
	fi
}

# rejoin T_RESTORE DESCRIPTION: node3 is back online; sets T_REJOIN.
rejoin() {
	if pcmk_wait 90 cl_sees_online 1 "$ALL"; then
		T_REJOIN=$(cl_now_ms)
		ok "$2: node3 rejoined"
	else
		T_REJOIN=
		fail "$2: node3 did not rejoin within 90 s of its network's return"
	fi
}

# ---- 1. node3 loses its network --------------------------------------------
# The network comes back as soon as the fence and the move are seen; the
# logs are read while node3 rejoins.
move_dummy node3
T=$(cl_now_ms)
cl_ring_cut 3
if pcmk_wait 60 fenced_after "$T"; then
	ok "1: node3 fenced after it lost its network"
else
	fail "1: node3 was not fenced within 60 s"
fi
wait_move 1
t_restore=$(cl_now_ms)
cl_ring_restore 3
t_det=$(cl_log_first_any "$SURVIVORS" "Node node3 state is now lost" "$T")
t_req=$(cl_log_first_any "$SURVIVORS" "Requesting fencing [(]reboot[)] of node node3" "$T")
t_ok=$(cl_log_first_any "$SURVIVORS" "$FENCE_OK" "$T")
if survivors_log "targeting node3 using" "$T" | grep -q "using fence-node3 returned 0"; then
	ok "1: fenced ran fence-node3 (stonith:ipmilan) and it returned 0"
else
	fail "1: no 'using fence-node3 returned 0' in the survivors' logs"
fi
expect_off_on "$T" 1
power_times "$T"
check_move_after_fence "$T" 1
[ "$(cl_bmc_power 3)" = on ] && ok "1: ipmitool: BMC3 power is on" || fail "1: BMC3 power is not on"
if cl_on 1 timeout 20 stonith_admin --history node3 2>/dev/null | grep -q 'reboot of node3 successful'; then
	ok "1: stonith_admin --history: reboot of node3 successful"
else
	fail "1: stonith_admin --history shows no successful reboot of node3"
fi
rejoin "$t_restore" 1
echo "timing: 1 (network lost): detection $(cl_rel "$t_det" "$T"), fence requested $(cl_rel "$t_req" "$T"), BMC off $(cl_rel "$T_OFF" "$T"), BMC on $(cl_rel "$T_ON" "$T"), fence done $(cl_rel "$t_ok" "$T"), dummy start $(cl_rel "$T_START" "$T"), running $(cl_rel "$T_RUN" "$T"); network back $(cl_rel "$t_restore" "$T"), rejoined $(cl_rel "$T_REJOIN" "$T")"

# ---- 2. the same, BMC unreachable -------------------------------------------
# Every survivor tries the device in turn, each for PLUGIN_TIMEOUT: the first
# fencing fails after about 2 x PLUGIN_TIMEOUT.  The attempt under way when
# the BMC returns may power node3 off and on and still run out of time:
# node3 may be power-cycled more than once.
move_dummy node3
T=$(cl_now_ms)
cl_bmc_cut 3
cl_ring_cut 3
if pcmk_wait 90 failed_after "$T"; then
	ok "2: fencing node3 failed while BMC3 is unreachable"
else
	fail "2: no failed fencing of node3 within 90 s"
fi
[ "$(cl_node_flag 1 node3 unclean)" = true ] && ok "2: node3 is UNCLEAN" ||
	fail "2: node3 is not UNCLEAN (crm_mon: unclean=$(cl_node_flag 1 node3 unclean))"
if [ -z "$(cl_sampler_first_on node1 "$T")$(cl_sampler_first_on node2 "$T")" ] &&
	! cl_has_log_any "$SURVIVORS" "Initiating start operation dummy_start_0" "$T"; then
	ok "2: dummy was not started on a survivor"
else
	fail "2: dummy was started on a survivor while node3 was not fenced"
fi
[ -z "$(cl_history_words 3 "$T")" ] && ok "2: BMC3's power untouched" ||
	fail "2: BMC3's power changed: [$(cl_history_words 3 "$T")]"
T_BACK=$(cl_now_ms)
cl_bmc_restore 3
if pcmk_wait 60 fenced_after "$T_BACK"; then
	ok "2: a retry fenced node3 once its BMC was reachable again"
else
	fail "2: node3 not fenced within 60 s of its BMC's return"
fi
wait_move 2
t_restore=$(cl_now_ms)
cl_ring_restore 3
t_det=$(cl_log_first_any "$SURVIVORS" "Node node3 state is now lost" "$T")
t_fail=$(cl_log_first_any "$SURVIVORS" "$FENCE_FAILED" "$T")
tries=$(survivors_log "targeting node3 using fence-node3 returned [1-9]" "$T" | wc -l)
t_ok=$(cl_log_first_any "$SURVIVORS" "$FENCE_OK" "$T_BACK")
hist=$(cl_history_words 3 "$T")
if [[ $hist =~ ^off\ on(\ off\ on)*$ ]]; then
	ok "2: BMC3 history: off, on ($(wc -w <<<"$hist") transitions)"
else
	fail "2: BMC3 history is [$hist], expected off, on (repeated)"
fi
power_times "$T"
check_move_after_fence "$T_BACK" 2
rejoin "$t_restore" 2
echo "timing: 2 (BMC unreachable): detection $(cl_rel "$t_det" "$T"), fencing failed $(cl_rel "$t_fail" "$T") ($tries failed device runs in all); BMC back $(cl_rel "$T_BACK" "$T"), BMC off $(cl_rel "$T_OFF" "$T"), fence done $(cl_rel "$t_ok" "$T"), dummy start $(cl_rel "$T_START" "$T"); network back $(cl_rel "$t_restore" "$T"), rejoined $(cl_rel "$T_REJOIN" "$T")"

# ---- 3. fencing topology: level 1 dead, level 2 on the second path -----------
{
	cl_fence_xml fence-node3-alt node3 "$CL_RING.103" bmc=3 timeout=$PLUGIN_TIMEOUT \
		pcmk_reboot_retries=1
} >"$CL_DIR/alt.xml"
cl_ban_xml fence-node3-alt node3 >"$CL_DIR/alt-ban.xml"
cat >"$CL_DIR/topology.xml" <<EOF
<fencing-topology>
  <fencing-level id="fl-node3-1" target="node3" index="1" devices="fence-node3"/>
  <fencing-level id="fl-node3-2" target="node3" index="2" devices="fence-node3-alt"/>
</fencing-topology>
EOF
cl_on 1 timeout 30 cibadmin --create -o resources --xml-pipe <"$CL_DIR/alt.xml" &&
	cl_on 1 timeout 30 cibadmin --create -o constraints --xml-pipe <"$CL_DIR/alt-ban.xml" &&
	cl_on 1 timeout 30 cibadmin --create -o configuration --xml-pipe <"$CL_DIR/topology.xml" ||
	fail "3: cibadmin could not add fence-node3-alt and the topology"
alt_registered() { cl_registered 1 fence-node3-alt && cl_registered 2 fence-node3-alt; }
pcmk_wait 60 alt_registered && ok "3: fence-node3-alt registered on node1 and node2" ||
	fail "3: fence-node3-alt not registered within 60 s"
# node3 runs the Dummy first, as in 1 and 2: a node that has just rejoined
# and runs nothing may leave before its join completes, and the scheduler
# does not fence a node that was never a full member (seen in CI).
move_dummy node3
mark=$(stat -c %s "$CL_DIR/bmc3/ipmi_sim.log")
T=$(cl_now_ms)
cl_bmc_cut 3
cl_ring_cut 3
if pcmk_wait 90 fenced_after "$T"; then
	ok "3: node3 fenced with level 1's BMC address dead"
else
	fail "3: node3 not fenced within 90 s"
fi
wait_move 3
cl_bmc_restore 3
t_restore=$(cl_now_ms)
cl_ring_restore 3
t_ok=$(cl_log_first_any "$SURVIVORS" "$FENCE_OK" "$T")
using=$(survivors_log "targeting node3 using" "$T")
t_l1=$(grep "using fence-node3 returned [1-9]" <<<"$using" | sort -n | head -n 1 | cut -f1)
if [ -n "$t_l1" ]; then
	ok "3: level 1 (fence-node3, management address) failed"
else
	fail "3: no failure of level 1 (fence-node3) in the logs"
fi
if grep -q "using fence-node3-alt returned 0" <<<"$using"; then
	ok "3: level 2 (fence-node3-alt, the second path) succeeded"
else
	fail "3: level 2 (fence-node3-alt) did not succeed"
fi
expect_off_on "$T" 3
power_times "$T"
cc=$(tail -c +$((mark + 1)) "$CL_DIR/bmc3/ipmi_sim.log" | tr -d '\r' |
	grep -oE 'channel=[0-9]+ netfn=0x0 cmd=0x2 ' | sort | uniq -c | paste -sd ' ' -)
case $cc in
*"channel=2 "*) if [[ $cc == *"channel=1 "* ]]; then
	fail "3: Chassis Control also reached channel 1 [$cc]"
else
	ok "3: every Chassis Control reached the BMC on channel 2 (second path) [$cc]"
fi ;;
*) fail "3: no Chassis Control on the BMC's channel 2 [$cc]" ;;
esac
rejoin "$t_restore" 3
echo "timing: 3 (topology): level 1 failed $(cl_rel "$t_l1" "$T"), BMC off $(cl_rel "$T_OFF" "$T"), fence done (level 2) $(cl_rel "$t_ok" "$T"); network back $(cl_rel "$t_restore" "$T"), rejoined $(cl_rel "$T_REJOIN" "$T")"

# ---- the whole run ------------------------------------------------------------
max=$(cl_sampler_max)
if [ "$max" -le 1 ]; then
	ok "dummy never ran on two nodes at once ($(wc -l <"$CL_DIR/sampler") samples of change)"
else
	fail "dummy ran on $max nodes at once: $(awk 'NF > 2' "$CL_DIR/sampler" | head -n 3 | paste -sd ';' -)"
fi
where=$(cl_rsc_nodes 1 dummy)
[ "$(wc -w <<<"$where")" = 1 ] && ok "dummy runs on exactly one node at the end ($where)" ||
	fail "dummy runs on [$where] at the end"
cl_no_secret_in "$CL_DIR"/node*/log-pacemaker/pacemaker.log "$CL_DIR"/node*/corosync.log \
	"$CL_DIR"/node*/lib-pacemaker/cib/cib.xml
ipl_finish
