#!/usr/bin/env bash
# tests/agent_bmc.sh - the fence agent's diag (Chassis Control 04h, "pulse
# diagnostic interrupt", the NMI that starts kdump) against our RMCP+ test
# BMC (tests/bmc/rmcpp_bmc.py), which carries it out and counts it: ipmi_sim
# refuses 04h, so agent_sim.sh can prove only the refusal there.
#
# ipmitool judges the BMC first ("chassis power diag" must be carried out
# once); then the agent's diag must exit 0 with exactly one more diagnostic
# interrupt carried out, no other Chassis Control, the power still on; and
# with the node off, diag must fail, say why, and send no Chassis Control
# at all (the agent reads the power first; the BMC would answer D5h).
# Exit: 0 pass, 1 fail, 77 skip (no python3-cryptography or ipmitool).
. "$(dirname "$0")/lib.sh"
ipl_init --no-plugin
. "$IPL_TESTS_SRCDIR/agent_lib.sh"
. "$IPL_TESTS_SRCDIR/bmc/bmc_lib.sh"
agent_find
bmc_need

# shellcheck disable=SC2317  # called by the trap
agent_bmc_cleanup() {
	local rc=$?
	bmc_stop_all
	(exit "$rc")
	ipl_cleanup
}
trap agent_bmc_cleanup EXIT

bmc_secrets
bmc_start d --suites 3 --power on
PORT=${BMC_PORT[d]}

# diag_count: the diagnostic interrupts the BMC carried out.
diag_count() { bmc_stat d diag_interrupts; }
controls() { bmc_stat d chassis_control_list; }

# --- the judge: ipmitool ----------------------------------------------------------
if "$IPL_IPMITOOL" -I lanplus -C 3 -H 127.0.0.1 -p "$PORT" -U "$BMC_USER" -f "$BMC_PWF" \
	-L OPERATOR chassis power diag >"$IPL_TMP/it.out" 2>&1 &&
	[ "$(diag_count)" = 1 ]; then
	ok "ipmitool chassis power diag: the BMC carried out 1 diagnostic interrupt"
else
	fail "ipmitool chassis power diag: [$(head -c 300 "$IPL_TMP/it.out")], carried out $(diag_count)"
	ipl_finish
fi
before=$(controls)

# --- the agent --------------------------------------------------------------------
lines=(ip=127.0.0.1 "ipport=$PORT" "username=$BMC_USER" "password_file=$BMC_PWF"
	lanplus=1 cipher=3 timeout=20)
agent_stdin "${lines[@]}" action=diag
run_agent
expect_agent_rc 0 "diag against a BMC that carries it out"
expect_stderr_empty "diag"
[ "$(diag_count)" = 2 ] && ok "diag: exactly one more diagnostic interrupt carried out" ||
	fail "diag: the BMC carried out $(diag_count) in all (expected 2)"
after=$(controls)
[ "$after" = "$before,diag" ] && ok "diag: the only Chassis Control sent was diag [$after]" ||
	fail "diag: Chassis Controls [$before] -> [$after]"
bmc_power d
[ "$BMC_POWER" = on ] && ok "diag: the node is still on" || fail "diag: power is $BMC_POWER"
T_DIAG=$AG_MS

# --- diag of a node that is off ----------------------------------------------------
printf 'off\n' >"$IPL_TMP/bmc.d.power"
agent_stdin "${lines[@]}" action=diag
run_agent
expect_agent_rc 1 "diag of a node that is off"
expect_stderr_line "diag of the node failed .*reports power off: no diagnostic interrupt was sent" \
	"diag of an off node: the reason"
[ "$(diag_count)" = 2 ] && [ "$(controls)" = "$after" ] &&
	ok "diag of an off node: no Chassis Control sent" ||
	fail "diag of an off node: Chassis Controls [$after] -> [$(controls)], carried out $(diag_count)"
echo "timing: diag ${T_DIAG} ms (process start included)"
ipl_finish
