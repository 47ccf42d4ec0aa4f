#!/bin/bash
# tests/safety_bmc.sh - the fencing promise end to end, through the real
# stonith CLI, against our RMCP+ test BMC (tests/bmc/rmcpp_bmc.py, suite 3),
# whose own counters judge what it received:
#  - a BMC slower than msg_timeout (1.5 s per answer, msg_timeout=1) gets
#    exactly one hard reset / one power cycle / one power down, and the
#    fence succeeds within timeout (30 s: its handshake alone is 7 round
#    trips of 1.5 s), without a flood of copies;
#  - a BMC that accepts the power cycle but never changes power (node on):
#    a failure, never S_OK, and one cycle received;
#  - the answer to a control lost: an off is learnt from Get Chassis Status;
#    a hard reset is not sent again and fails;
#  - a power fault reported after the control: a failure;
#  - a wrong password: S_ACCESS, one login attempt only.
. "$(dirname "$0")/lib.sh"
ipl_init
. "$IPL_TESTS_SRCDIR/bmc/bmc_lib.sh"
bmc_need
trap 'rc=$?; bmc_stop_all; (exit "$rc"); ipl_cleanup' EXIT
bmc_secrets
SIM_PASS=$BMC_PASS

# fence NAME ACTION [name=value...]: stonith -T ACTION node1 against BMC NAME.
fence() {
	local name=$1 act=$2
	shift 2
	run_stonith -t ipmilan -d -T "$act" hostname=node1 ipaddr=127.0.0.1 \
		"port=${BMC_PORT[$name]}" login="$BMC_USER" \
		"password_file=$BMC_PWF" interface=lanplus cipher=3 "$@" node1
}

# expect_stat NAME KEY WANT DESCRIPTION: the BMC's counter KEY is WANT.
expect_stat() {
	local got
	got=$(bmc_stat "$1" "$2")
	[ "$got" = "$3" ] && ok "$4: $2 = $3" || fail "$4: $2 = $got, want $3"
}

# expect_power NAME WANT DESCRIPTION: the BMC's power file says WANT.
expect_power() {
	bmc_power "$1"
	[ "$BMC_POWER" = "$2" ] && ok "$3: power $2" ||
		fail "$3: power $BMC_POWER, want $2"
}

# 1. A BMC slower than msg_timeout: 1.5 s per answer, msg_timeout=1.
for method in hard_reset power_cycle; do
	bmc_start slow$method --suites 3 --delay 1.5 --power on --cycle-off 3
	fence slow$method reset reset_method=$method timeout=30
	expect_rc 0 "slow BMC, $method"
	key=reset
	[ $method = power_cycle ] && key=cycle
	expect_stat slow$method "chassis_control.$key" 1 "slow BMC, $method sent once"
	expect_power slow$method on "slow BMC, $method"
	reads=$(bmc_stat slow$method commands.get_chassis_status)
	[ "$reads" -le 30 ] && ok "slow BMC, $method: $reads status reads (no flood)" ||
		fail "slow BMC, $method: $reads status reads"
	printf 'timing: slow BMC (1.5 s), %s: %d ms\n' "$method" "$ST_MS"
	bmc_stop slow$method
done
bmc_start slowoff --suites 3 --delay 1.5 --power on
fence slowoff off timeout=30
expect_rc 0 "slow BMC, off"
expect_stat slowoff chassis_control.off 1 "slow BMC, power down sent once"
expect_power slowoff off "slow BMC, off"
bmc_stop slowoff

# 2. A BMC that accepts the cycle and never changes power, node on.
bmc_start stuck --suites 3 --stuck --power on
fence stuck reset reset_method=power_cycle timeout=6
expect_rc 5 "stuck BMC, power_cycle (S_RESETFAIL, never S_OK)"
expect_err_match "never seen off" "stuck BMC: the log says there was no off phase"
expect_stat stuck chassis_control.cycle 1 "stuck BMC, cycle sent once"
fence stuck off timeout=4
expect_rc 5 "stuck BMC, off"
expect_power stuck on "stuck BMC"
bmc_stop stuck

# 3. The answer to the first control is lost.
bmc_start lostoff --suites 3 --drop-control-answer --power on
fence lostoff off timeout=15
expect_rc 0 "lost answer, off learnt from the power state"
expect_stat lostoff chassis_control.off 1 "lost answer, power down sent once"
expect_power lostoff off "lost answer, off"
bmc_stop lostoff
bmc_start lostreset --suites 3 --drop-control-answer --power on
fence lostreset reset reset_method=hard_reset timeout=15
expect_rc 5 "lost answer to a hard reset (outcome unknown)"
expect_stat lostreset chassis_control.reset 1 "lost answer, hard reset never sent again"
bmc_stop lostreset
bmc_start lostcycle --suites 3 --drop-control-answer --power on --cycle-off 2
fence lostcycle reset reset_method=power_cycle timeout=15
expect_rc 0 "lost answer to a power cycle, the off phase seen"
expect_stat lostcycle chassis_control.cycle 1 "lost answer, cycle never sent again"
expect_power lostcycle on "lost answer, cycle"
bmc_stop lostcycle

# 4. A power fault after the control.
bmc_start fault --suites 3 --power-fault --power on --stuck
fence fault off timeout=5
expect_rc 5 "power fault reported"
expect_err_match "fault" "power fault: the log names it"
bmc_stop fault

# 5. A wrong password: refused at once, one attempt.
bmc_start wrongpw --suites 3 --power on
WRONG=$IPL_TMP/wrong.pass
(umask 077 && printf 'W%sx\n' "$(ipl_random_word 10)" >"$WRONG")
run_stonith -t ipmilan -d -T off hostname=node1 ipaddr=127.0.0.1 \
	"port=${BMC_PORT[wrongpw]}" login="$BMC_USER" "password_file=$WRONG" \
	interface=lanplus cipher=3 timeout=20 node1
expect_rc 2 "wrong password (S_ACCESS)"
expect_faster 5000 "wrong password"
expect_stat wrongpw rakp1 1 "wrong password: one login attempt"
expect_stat wrongpw chassis_control.off 0 "wrong password: nothing sent"
expect_power wrongpw on "wrong password"
bmc_stop wrongpw

ipl_finish
