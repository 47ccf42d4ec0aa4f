#!/usr/bin/env bash
# tests/cluster_two.sh - a two-node cluster (corosync two_node: 1) split
# both ways at once: a fence race decided by pcmk_delay_max.
#
# Two nodes and their simulated BMCs as in tests/cluster_three.sh
# (tests/cluster/cluster_lib.sh), stonith-action=off.  The cluster network
# (the "ring" bridge) goes down for both nodes at the same instant; the
# management network stays up, so each node can reach the other's BMC and
# each schedules fencing of the other.  Both devices use pcmk_delay_max;
# the delay ranges do not overlap (fence-node1: 0-3 s, fence-node2: base
# 10 s, max 12 s), so node2 always shoots first and node1's delayed fencing
# of node2 dies with node1.  (With the same random range on both devices,
# both nodes shoot whenever the two delays fall closer together than the
# time one fence takes to reach the BMC: both end up off.  The test measures
# that time and prints the odds.)  Checked: exactly one node survives, the
# other is off (BMC history and ipmitool), the Dummy runs once, and the
# fenced node rejoins once the network is back and its BMC powers it on.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcmk_lib.sh"
. "$(dirname "$0")/cluster/cluster_lib.sh"
cl_enter 240 "$@"
cl_init

cl_node_add 1
cl_node_add 2
cl_bmc_add 1
cl_bmc_add 2
cl_bmc_wait_all
cl_corosync_conf two_node
res=$(cl_fence_xml fence-node1 node1 "$CL_MGMT.101" pcmk_delay_max=3s)$'\n'
res+=$(cl_fence_xml fence-node2 node2 "$CL_MGMT.102" pcmk_delay_base=10s pcmk_delay_max=12s)$'\n'
res+=$(cl_dummy_xml dummy)
cons=$(cl_ban_xml fence-node1 node1)$'\n'$(cl_ban_xml fence-node2 node2)
cl_cib_xml "stonith-action=off" "$res" "$cons" >"$CL_DIR/seed.xml"
cl_seed_cib "$CL_DIR/seed.xml"

t0=$(cl_now_ms)
cl_power_on_all
if pcmk_wait 90 cl_sees_online 1 "node1 node2" && pcmk_wait 30 cl_sees_online 2 "node1 node2"; then
	ok "two nodes booted by their BMCs and online"
	echo "timing: BMC power on to both nodes online: $(cl_rel "$(cl_now_ms)" "$t0")"
else
	fail "the two nodes are not online within 120 s"
	ipl_finish
fi
cl_on 1 crm_attribute --delete --name startup-fencing >/dev/null 2>&1 ||
	fail "cannot delete startup-fencing"
both_registered() { cl_registered 1 fence-node2 && cl_registered 2 fence-node1; }
pcmk_wait 60 both_registered && ok "each node's fenced has the other node's device" ||
	fail "the devices were not registered within 60 s"
dummy_on() { [ "$(cl_rsc_nodes "${2:-1}" dummy)" = "$1" ]; }
cl_on 1 crm_resource --move --resource dummy --node node1 >/dev/null 2>&1
pcmk_wait 60 dummy_on node1 && ok "dummy runs on node1" || fail "dummy not on node1 within 60 s"
cl_on 1 crm_resource --clear --resource dummy >/dev/null 2>&1
cl_sampler_start dummy

# ---- the split ----------------------------------------------------------------
T=$(cl_now_ms)
ip link set dev ring down
node1_off() { [ "$(cl_history_words 1 "$T")" = off ]; }
if pcmk_wait 60 node1_off; then
	ok "4: node1 was powered off after the split"
else
	fail "4: node1 not powered off within 60 s (bmc1 history: $(cl_history_words 1 "$T"))"
fi
dummy_on_node2() { dummy_on node2 2; }
pcmk_wait 40 dummy_on_node2 && ok "4: dummy moved to node2" || fail "4: dummy not on node2 within 40 s"
# node1's delayed fencing of node2 never ran: nothing may touch node2 for
# the whole delay window.
t_win=$((T + 14000))
while [ "$(cl_now_ms)" -lt "$t_win" ]; do
	sleep 0.5
done
[ -z "$(cl_history_words 2 "$T")" ] && ok "4: node2's power untouched" ||
	fail "4: node2's BMC history after the split: [$(cl_history_words 2 "$T")]"
[ "$(cl_bmc_power 1)" = off ] && ok "4: ipmitool: BMC1 power is off" || fail "4: BMC1 power is not off"
[ "$(cl_bmc_power 2)" = on ] && ok "4: ipmitool: BMC2 power is on" || fail "4: BMC2 power is not on"
[ -z "$(cl_init_pid 1)" ] && ok "4: node1's cluster stack is gone" || fail "4: node1 still runs"

# Both sides scheduled fencing: node1's log has its delayed fencing of node2.
DELAY1="Delaying '(off|reboot)' action targeting node2"
DELAY2="Delaying '(off|reboot)' action targeting node1"
t_d1=$(cl_log_first 1 "$DELAY1" "$T")
line1=$(cl_log_line 1 "$DELAY1" "$T")
t_det1=$(cl_log_first 1 "Node node2 state is now lost" "$T")
t_off=$(cl_history 1 "$T" | awk '$2 == "off" { print $1; exit }')
# delay_of LINE: the whole seconds of a "Delaying ... for Ns" line.
delay_of() { sed -n "s/.* for \([0-9]*\)s .*/\1/p" <<<"$1"; }
# The split is seen both ways when node1 lost node2 from its membership
# before its own power went off.  Whether node1 then got as far as its
# delayed fencing depends on how fast node2 shot (a delay of 0 s on a busy
# machine beats node1's election and scheduler run): that is reported, and
# when it happened the delay must be the one of fence-node2 (10 s or more).
if [ -n "$t_det1" ] && [ -n "$t_off" ] && [ "$t_det1" -le "$t_off" ]; then
	ok "4: node1 lost node2 from its membership before it was fenced (the split was seen both ways)"
else
	fail "4: node1's log has no loss of node2 before its power off [det $t_det1, off $t_off]"
fi
if [ -n "$t_d1" ]; then
	echo "  node1: ${line1##*notice: }"
	d1_s=$(delay_of "$line1")
	[ -n "$d1_s" ] && [ "$d1_s" -ge 10 ] && ok "4: node1's delayed fencing of node2 waits ${d1_s} s (fence-node2's range)" ||
		fail "4: node1's delay for fencing node2 is [$d1_s] s, not 10-12 s"
else
	echo "race: node1 was off $(cl_rel "$t_off" "$t_det1") after it lost node2, before its fencing of node2 was scheduled (node2 shot first)"
fi
t_d2=$(cl_log_first 2 "$DELAY2" "$T")
line2=$(cl_log_line 2 "$DELAY2" "$T")
[ -n "$t_d2" ] && echo "  node2: ${line2##*notice: }"
t_det=$(cl_log_first 2 "Node node1 state is now lost" "$T")
t_req=$(cl_log_first 2 "Requesting fencing [(]off[)] of node node1" "$T")
t_ok=$(cl_log_first 2 "Operation 'off' targeting node1 by [^ ]+ for [^ ]+: OK" "$T")
t_start=$(cl_log_first 2 "Initiating start operation dummy_start_0" "$T")
if [ -n "$t_start" ] && [ -n "$t_ok" ] && [ "$t_start" -ge "$t_ok" ]; then
	ok "4: dummy's start on node2 was initiated after the fence succeeded"
else
	fail "4: dummy start [$t_start] not after the fence [$t_ok]"
fi
if cl_has_log_any "1 2" "Operation '(off|reboot)' targeting node2 by [^ ]+ for [^ ]+: OK" "$T"; then
	fail "4: a fence of node2 is reported successful"
else
	ok "4: no fence of node2 reported"
fi
# The time from the end of the delay to the BMC's power off: a second fence
# that starts within it also lands.  The delay's end is its log line plus
# the delay it names.
# Pacemaker draws the delay in whole seconds (base + rand() % (max - base)):
# two devices with the same range of M seconds collide when their delays
# differ by at most reach/1000 whole seconds, odds about (2k + 1) / M.
delay_s=$(delay_of "$line2")
if [ -n "$delay_s" ] && [ -n "$t_d2" ] && [ -n "$t_off" ]; then
	reach=$((t_off - t_d2 - delay_s * 1000))
	k=$((reach / 1000))
	echo "timing: 4: end of node2's ${delay_s} s delay to BMC1 off: ${reach} ms; the same pcmk_delay_max=10s on both devices would fence both nodes with odds of about $((2 * k + 1)) in 10"
fi

# ---- the network returns, node1 is powered on -----------------------------------
t_net=$(cl_now_ms)
ip link set dev ring up
cl_ipmitool 1 chassis power on >/dev/null 2>&1 || fail "4: power on of node1 failed"
t_pon=$(cl_now_ms)
if pcmk_wait 90 cl_sees_online 2 "node1 node2"; then
	t_join=$(cl_now_ms)
	ok "4: node1 rejoined after its BMC powered it on"
else
	t_join=
	fail "4: node1 did not rejoin within 90 s"
fi
sleep 2
where=$(cl_rsc_nodes 2 dummy)
[ "$where" = node2 ] && ok "4: dummy runs once, on node2" || fail "4: dummy runs on [$where]"
max=$(cl_sampler_max)
[ "$max" -le 1 ] && ok "4: dummy never ran on two nodes at once" ||
	fail "4: dummy ran on $max nodes at once"
echo "timing: 4 (two-node split): detection by node2 $(cl_rel "$t_det" "$T"), by node1 $(cl_rel "$t_det1" "$T"), node1's delay logged $(cl_rel "$t_d1" "$T"), fence requested $(cl_rel "$t_req" "$T"), BMC1 off $(cl_rel "$t_off" "$T"), fence done $(cl_rel "$t_ok" "$T"), dummy start $(cl_rel "$t_start" "$T"); network back $(cl_rel "$t_net" "$T"), power on $(cl_rel "$t_pon" "$T"), rejoined $(cl_rel "$t_join" "$T")"
cl_no_secret_in "$CL_DIR"/node*/log-pacemaker/pacemaker.log "$CL_DIR"/node*/lib-pacemaker/cib/cib.xml
ipl_finish
