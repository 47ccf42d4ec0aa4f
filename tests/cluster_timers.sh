#!/usr/bin/env bash
# tests/cluster_timers.sh - how long each BMC failure takes under Pacemaker
# with every default: the plugin's (timeout=20 s) and Pacemaker's (monitor
# timeout 20 s, stonith-timeout 60 s, pcmk_reboot_retries 2).
#
# One node (node1, booted by its simulated BMC) and four bare simulated BMCs
# standing for nodes 6 to 9, one stonith:ipmilan device each, no timeout
# given anywhere.  Once every device has started:
#   BMC 6 goes silent (ipmi_sim stopped): its device's 10 s monitor fails;
#   BMC 7 goes silent, BMC 8's device gets a wrong password (its
#   password_file is rewritten), BMC 9's power gets stuck (commands are
#   accepted, nothing changes);
# then nodes 7 to 9 are added to the CIB's <nodes>: never seen, so the
# scheduler fences each (startup fencing; concurrent-fencing=true so that
# the three failures run side by side: it does not change a timer).  The
# time from the controller's request to fenced's failure is measured for
# each, and the monitor's exec-time from the CIB.  Every failure must be
# reported as a failure, within Pacemaker's own limit, and leave the power
# untouched; the table is printed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcmk_lib.sh"
. "$(dirname "$0")/cluster/cluster_lib.sh"
cl_enter 300 "$@"
cl_init

cl_node_add 1
cl_bmc_add 1
for n in 6 7 8 9; do
	cl_bmc_add "$n" --bare
done
cl_bmc_wait_all
cl_corosync_conf plain
# Device 8 reads its own copy of BMC 8's password, rewritten later.
(umask 077 && cp "$CL_DIR/bmc8/pass" "$CL_DIR/dev8.pass")
res=$(cl_fence_xml fence-node6 node6 "$CL_MGMT.106" monitor=10s)$'\n'
res+=$(cl_fence_xml fence-node7 node7 "$CL_MGMT.107")$'\n'
res+=$(cl_fence_xml fence-node8 node8 "$CL_MGMT.108" "password_file=$CL_DIR/dev8.pass")$'\n'
res+=$(cl_fence_xml fence-node9 node9 "$CL_MGMT.109")
cl_cib_xml "concurrent-fencing=true" "$res" "" >"$CL_DIR/seed.xml"
cl_seed_cib "$CL_DIR/seed.xml"
cl_power_on_all
if pcmk_wait 90 cl_sees_online 1 node1; then
	ok "node1 booted by its BMC and online"
else
	fail "node1 not online within 90 s"
	ipl_finish
fi
all_started() {
	local f=$CL_DIR/mon.started
	cl_mon 1 "$f" || return 1
	[ "$(grep -cE '<resource id="fence-node[6-9]"[^>]*role="Started"[^>]*failed="false"' "$f")" = 4 ]
}
if pcmk_wait 90 all_started; then
	ok "the four devices started (their monitors reached the BMCs)"
else
	fail "the four devices did not start within 90 s"
	ipl_finish
fi
cl_on 1 crm_attribute --delete --name startup-fencing >/dev/null 2>&1 ||
	fail "cannot delete startup-fencing"

# ---- the faults ------------------------------------------------------------------
T_SILENT=$(cl_now_ms)
kill -STOP "${CL_BMC_PID[6]}" "${CL_BMC_PID[7]}"
(umask 077 && printf '%s\n' "W$(ipl_random_word 13)x" >"$CL_DIR/dev8.pass")
cl_bmc_knob 9 stuck
# One CIB change for the three nodes: one transition fences all three (a
# node added while a transition waits for a fence waits for it too).
T=$(cl_now_ms)
cl_on 1 timeout 30 cibadmin --modify --allow-create -o nodes --xml-text \
	'<nodes><node id="7" uname="node7"/><node id="8" uname="node8"/><node id="9" uname="node9"/></nodes>' \
	>/dev/null 2>&1 || fail "cibadmin: cannot add nodes 7 to 9 to <nodes>"

FAILED="Operation 'reboot' targeting node%s by [^ ]+ for [^ ]+: [^O]"
# shellcheck disable=SC2059 # FAILED is the format
failed() { cl_log_first 1 "$(printf "$FAILED" "$1")" "$T" >/dev/null; }
monitor_failed() {
	[ -s "$CL_DIR/mon6" ] && return 0
	cl_on 1 timeout 20 cibadmin -Q \
		--xpath "//lrm_rsc_op[@id='fence-node6_last_failure_0']" >"$CL_DIR/mon6" 2>/dev/null ||
		{ rm -f "$CL_DIR/mon6"; return 1; }
}
all_failed() { failed 7 && failed 8 && failed 9 && monitor_failed; }
if pcmk_wait 120 all_failed; then
	ok "every failure was reported within 120 s"
else
	fail "not every failure was reported within 120 s"
fi
# BMCs 6 and 7 stay silent until the teardown: the scheduler keeps fencing
# nodes 7 to 9 (every failure is retried by a new transition), and a BMC
# resumed here would let that retry succeed before the checks below.

# row NODE WHAT: measure the first fencing of NODE after T; print its row.
printf '\n%-28s %-14s %-24s %9s  %s\n' "failure" "plugin timer" "Pacemaker timer" "measured" "what ended it"
row() {
	local n=$1 what=$2 t_req t_fail line tries how
	t_req=$(cl_log_first 1 "Requesting fencing [(]reboot[)] of node node$n" "$T")
	# shellcheck disable=SC2059
	t_fail=$(cl_log_first 1 "$(printf "$FAILED" "$n")" "$T")
	# shellcheck disable=SC2059
	line=$(cl_log_line 1 "$(printf "$FAILED" "$n")" "$T")
	tries=$(cl_log_grep "$(cl_plog 1)" "targeting node$n using fence-node$n returned" "$T" |
		awk -F'\t' -v end="$t_fail" '$1 <= end' | wc -l)
	how=${line##*: }
	how="fenced: ${how% (complete)*} ($tries result line(s) of the device)"
	printf '%-28s %-14s %-24s %9s  %s\n' "$what" "timeout=20 s" "stonith-timeout 60 s" \
		"$(cl_rel "$t_fail" "$t_req")" "$how"
	if [ -n "$t_req" ] && [ -n "$t_fail" ] && [ $((t_fail - t_req)) -le 75000 ]; then
		ROW_OK="$ROW_OK $n"
	fi
	ROW_MS[$n]=$((${t_fail:-0} - ${t_req:-0}))
}
declare -A ROW_MS=()
ROW_OK=
mon_exec=$(sed -n 's/.* exec-time="\([0-9]*\)".*/\1/p' "$CL_DIR/mon6")
mon_status=$(sed -n 's/.* op-status="\([0-9]*\)".*/\1/p' "$CL_DIR/mon6")
mon_rc=$(sed -n 's/.* rc-code="\([0-9]*\)".*/\1/p' "$CL_DIR/mon6")
case $mon_status in
0) mon_how="the plugin: error rc=$mon_rc before any Pacemaker timer (fenced ran it twice)" ;;
2) mon_how="Pacemaker: Timed Out (op-status 2), fence_legacy killed" ;;
*) mon_how="op-status ${mon_status:-?} rc=${mon_rc:-?}" ;;
esac
printf '%-28s %-14s %-24s %9s  %s\n' "silent BMC, monitor" "timeout=20 s" "monitor timeout 20 s" \
	"$(cl_rel "${mon_exec:-}" 0)" "$mon_how"
row 7 "silent BMC, reboot"
row 8 "wrong password, reboot"
row 9 "stuck power, reboot"
echo

for n in 7 8 9; do
	case " $ROW_OK " in
	*" $n "*) ok "node$n: the failure was reported within stonith-timeout x 1.2 (${ROW_MS[$n]} ms)" ;;
	*) fail "node$n: no failure within stonith-timeout x 1.2 (${ROW_MS[$n]} ms)" ;;
	esac
	if cl_has_log_any 1 "Operation 'reboot' targeting node$n by [^ ]+ for [^ ]+: OK" "$T"; then
		fail "node$n: a fencing is reported successful"
	fi
	[ -z "$(cl_history_words "$n" "$T")" ] && ok "node$n: its power was never changed" ||
		fail "node$n: BMC history [$(cl_history_words "$n" "$T")]"
done
if [ -n "$mon_exec" ] && [ "$mon_exec" -le 25000 ]; then
	ok "fence-node6: the monitor of a silent BMC failed after ${mon_exec} ms (limit 20 s)"
else
	fail "fence-node6: monitor exec-time [${mon_exec}] ms"
fi
# Wrong password: the failure must come from the BMC's refusal, long before
# any timer.
[ "${ROW_MS[8]}" -lt 15000 ] && ok "wrong password: failed in ${ROW_MS[8]} ms, no timer involved" ||
	fail "wrong password: took ${ROW_MS[8]} ms"
echo "timing: silent BMC $(cl_rel "${mon_exec:-}" 0) (monitor), reboot: silent $(cl_rel "${ROW_MS[7]}" 0), wrong password $(cl_rel "${ROW_MS[8]}" 0), stuck power $(cl_rel "${ROW_MS[9]}" 0); BMCs silenced $(cl_rel "$T" "$T_SILENT") before the first request"
cl_no_secret_in "$(cl_plog 1)" "$CL_DIR/node1/lib-pacemaker/cib/cib.xml"
ipl_finish
