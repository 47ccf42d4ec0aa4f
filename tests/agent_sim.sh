#!/usr/bin/env bash
# tests/agent_sim.sh - the fence agent against a real BMC simulator
# (ipmi_sim on loopback, tests/sim/), ipmitool being the judge of the power
# state: every action and its exit code and stdout; the Chassis Control
# requests the BMC received (off/on for reboot with method=onoff, cycle for
# method=cycle, 04h "pulse diagnostic interrupt" for diag, never 05h);
# fence_ipmilan's spellings (lanplus, ipaddr, login, passwd, privlvl,
# hexadecimal_kg, passwd_script) reaching the BMC as they should; a node
# this device does not fence never reaching it; a wrong password failing;
# diag accepted with completion code 0 by the scripted BMC
# (tests/fault/hostile_bmc.py), which ipmi_sim refuses with 0xCC; and one
# status and one reboot under valgrind.
. "$(dirname "$0")/lib.sh"
ipl_init --no-plugin
. "$IPL_TESTS_SRCDIR/agent_lib.sh"
agent_find
sim_start --no-ipv6
ipl_secret_add "$SIM_WRONG_PASS"

# as LINE...: run the agent with the simulator's lines plus LINE... on stdin.
as() {
	agent_sim_lines "$@"
	agent_stdin "${AG_LINES[@]}"
	run_agent
}

# --- status, off, on, reboot ------------------------------------------------------
sim_log_clear
as action=status
expect_agent_rc 0 "status of a node that is on"
expect_stdout "Status: ON" "status on"
expect_stderr_empty "status on"
expect_sessions lanplus "lanplus=1"
expect_cc "" "status sends no Chassis Control"
T_STATUS=$AG_MS

sim_log_clear
as action=off port=node1 nodename=node1
expect_agent_rc 0 "off"
expect_stdout "" "off"
expect_power off "off"
expect_cc "off" "off"
T_OFF=$AG_MS

as action=status
expect_agent_rc 2 "status of a node that is off"
expect_stdout "Status: OFF" "status off"
as action=monitor
expect_agent_rc 0 "monitor of a node that is off (the BMC answers)"
expect_stdout "" "monitor"

sim_log_clear
as action=on
expect_agent_rc 0 "on"
expect_power on "on"
expect_controls "power 1" "on"
T_ON=$AG_MS

boots0=$(sim_boots)
sim_log_clear
as action=reboot
expect_agent_rc 0 "reboot (method onoff, the default)"
expect_stdout "" "reboot"
expect_power on "reboot"
expect_cc "off;on" "reboot onoff"
[ "$(sim_boots)" = $((boots0 + 1)) ] && ok "reboot: the node booted once" ||
	fail "reboot: boots $boots0 -> $(sim_boots)"
T_REBOOT=$AG_MS

sim_log_clear
as action=reboot method=cycle
expect_agent_rc 0 "reboot method=cycle"
expect_cc "cycle" "reboot method=cycle"
expect_power on "reboot method=cycle"

sim_set_power off
sim_log_clear
as action=reboot
expect_agent_rc 0 "reboot of a node that is off"
expect_cc "on" "reboot of an off node powers it on"
expect_power on "reboot of an off node"
echo "timing: status ${T_STATUS} ms, off ${T_OFF} ms, on ${T_ON} ms, reboot ${T_REBOOT} ms (process start included)"

# --- diag: Chassis Control 04h ------------------------------------------------------
sim_log_clear
as action=diag
expect_agent_rc 1 "diag on ipmi_sim (which refuses 04h)"
expect_cc "diag" "diag sends Chassis Control 04h (pulse diagnostic interrupt), not 05h"
expect_stderr_line "diag of the node failed \(refused by BMC\): BMC refused Chassis Control \(diagnostic interrupt\): completion code 0xCC" \
	"diag: the BMC's completion code is the reason"
expect_power on "diag: the node is still on"
sim_set_power off
sim_log_clear
as action=diag
expect_agent_rc 1 "diag of a node that is off"
expect_cc "" "diag of an off node sends nothing"
expect_stderr_line "reports power off: no diagnostic interrupt was sent" "diag of an off node"
sim_set_power on

# --- fence_ipmilan's spellings -------------------------------------------------------
sim_log_clear
agent_stdin action=status ipaddr=127.0.0.1 "ipport=$SIM_PORT" "login=$SIM_ADMIN" \
	"passwd=$SIM_PASS" lanplus=0 privlvl=administrator
run_agent
expect_agent_rc 0 "ipaddr, login, passwd, privlvl=administrator, lanplus=0"
expect_sessions lanplus "lanplus=0 means interface=auto: RMCP+ where the BMC has it"
sim_log_clear
agent_stdin ip=127.0.0.1 "ipport=$SIM_PORT" "username=$SIM_OPER" \
	"password=$SIM_PASS" interface=lan auth=md5 action=status
run_agent
expect_agent_rc 0 "interface=lan auth=md5"
expect_sessions lan "interface=lan"
agent_password_file
sim_log_clear
run_agent -o status -a 127.0.0.1 -u "$SIM_PORT" -l "$SIM_OPER" -S "cat $AG_PWF" -P -C 3 -L operator
expect_agent_rc 0 "options: -S 'cat FILE' -P -C 3 -L operator"
expect_stdout "Status: ON" "options: status"
run_agent --action=off --ip=127.0.0.1 "--ipport=$SIM_PORT" "--username=$SIM_OPER" \
	"--password-file=$AG_PWF" --lanplus --power-wait=0.2 --power-timeout=10
expect_agent_rc 0 "options: --action=off --password-file --power-wait --power-timeout"
expect_power off "options: off"
run_agent -o on -a 127.0.0.1 -u "$SIM_PORT" -l "$SIM_OPER" --password-file "$AG_PWF"
expect_agent_rc 0 "options: -o on"
expect_power on "options: on"
# the plugin's cipher values: ipmi_sim refuses 17 (RMCP+ 04h), so a list
# and auto (the default) end in suite 3, and 17 alone is refused
run_agent -vv -o status -a 127.0.0.1 -u "$SIM_PORT" -l "$SIM_OPER" --password-file "$AG_PWF" -C 17,3
expect_agent_rc 0 "options: -C 17,3 against a BMC without 17"
grep -q "with cipher suite 3 " "$AG_ERR" && ok "-C 17,3: the session runs suite 3" ||
	{ fail "-C 17,3: no session with suite 3"; agent_show; }
agent_stdin action=status ip=127.0.0.1 "ipport=$SIM_PORT" "username=$SIM_OPER" \
	"password_file=$AG_PWF" cipher=17 lanplus=1
run_agent
expect_agent_rc 1 "cipher=17 against a BMC without 17"
grep -q "refuses cipher suite 17" "$AG_ERR" && ok "cipher=17: the BMC's refusal is the message" ||
	{ fail "cipher=17: no refusal message"; agent_show; }
# -vv: every step and IPMI message on stderr (run_agent fails a check if
# the password is among them), nothing more on stdout.
run_agent -vv -o reboot -a 127.0.0.1 -u "$SIM_PORT" -l "$SIM_OPER" --password-file "$AG_PWF" -P
expect_agent_rc 0 "-vv reboot"
expect_stdout "" "-vv reboot"
grep -q "reboot of the node done" "$AG_ERR" && grep -q "session open to 127.0.0.1" "$AG_ERR" &&
	ok "-vv: the steps on stderr ($(wc -l <"$AG_ERR") lines)" || { fail "-vv: no steps on stderr"; agent_show; }

# --- refusals ---------------------------------------------------------------------------
sim_log_clear
as action=off hostname=node1 port=node7
expect_agent_rc 1 "off of a node not in hostname"
[ "$(sim_requests | wc -l)" = 0 ] && ok "a node not in hostname: the BMC got no request" ||
	fail "a node not in hostname: the BMC got $(sim_requests | wc -l) requests"
expect_power on "a node not in hostname is left alone"
as action=off hostname="node1 node7" port=NODE7 power_wait=0.2
expect_agent_rc 0 "off of a node in hostname (case does not matter)"
expect_power off "off of node7 in hostname"
sim_set_power on
as action=off "password=$SIM_WRONG_PASS" timeout=5
expect_agent_rc 1 "off with a wrong password"
expect_power on "a wrong password changes nothing"
expect_stderr_line "off of the node failed \(access" "a wrong password is an access failure"
as action=status privlvl=user
expect_agent_rc 1 "privlvl=user"
expect_stderr_line "privlvl: \"user\" cannot control power" "privlvl=user is refused before any I/O"

# --- K_g, given as fence_ipmilan does (hexadecimal_kg) -----------------------------------
sim_stop
SIM_BMC_KEY=Kg$(ipl_random_word 8)
sim_start --no-ipv6
KG_HEX=$(printf '%s' "$SIM_BMC_KEY" | od -An -tx1 | tr -d ' \n')
ipl_secret_add "$KG_HEX"
as action=status "hexadecimal_kg=$KG_HEX"
expect_agent_rc 0 "hexadecimal_kg: the BMC's K_g"
as action=status "hexadecimal_kg=00$KG_HEX" timeout=4
expect_agent_rc 1 "hexadecimal_kg: another K_g is refused by the BMC"
as action=status "kg=0x$KG_HEX"
expect_agent_rc 0 "kg=0x... (the engine's name) works the same"

# --- diag accepted: the scripted BMC answers 04h with completion code 0 ------------------
if command -v python3 >/dev/null 2>&1; then
	. "$IPL_TESTS_SRCDIR/fault/fault_lib.sh"
	hostile_start good --stats-file "$IPL_TMP/hostile.json"
	agent_stdin action=diag ip=127.0.0.1 "ipport=$HOSTILE_PORT" username=fence \
		password=unused interface=lan auth=none msg_timeout=0.3
	run_agent
	expect_agent_rc 0 "diag on a BMC that accepts 04h"
	ctl=$(python3 -c 'import json,sys; print(",".join("%d" % c for c in json.load(open(sys.argv[1]))["control"]))' "$IPL_TMP/hostile.json")
	[ "$ctl" = 4 ] && ok "diag: the BMC received exactly one Chassis Control, 04h" ||
		fail "diag: the BMC received controls [$ctl]"
	[ "$(cat "$HOSTILE_STATE")" = 1 ] && ok "diag: the node is still on" ||
		fail "diag: the node went off"
	hostile_stop
else
	echo "note: python3 missing: diag with completion code 0 not checked"
fi

# --- valgrind ---------------------------------------------------------------------------
if [ "${IPL_NO_VALGRIND:-0}" != 1 ] && command -v valgrind >/dev/null 2>&1; then
	for act in status reboot; do
		AG_WRAP=(valgrind --quiet --error-exitcode=97 --leak-check=full
			"--errors-for-leak-kinds=definite,indirect" "--show-leak-kinds=definite,indirect"
			--suppressions="$IPL_TESTS_SRCDIR/valgrind.supp"
			"--log-file=$IPL_TMP/valgrind-$act.log")
		as "action=$act" "hexadecimal_kg=$KG_HEX"
		AG_WRAP=()
		expect_agent_rc 0 "$act under valgrind (no memory error, no leak)"
		if [ -s "$IPL_TMP/valgrind-$act.log" ]; then
			ipl_mask "$(head -40 "$IPL_TMP/valgrind-$act.log")" | sed 's/^/    | /'
		fi
	done
	expect_power on "after the reboot under valgrind"
else
	echo "note: valgrind not run"
fi

ipl_finish
