#!/usr/bin/env bash
# tests/cli_kg.sh - K_g, the RMCP+ BMC key: a simulated BMC with a key set
# accepts the plugin only with that key, given as text or as 0x-hex, by
# name, in the positional tail and through -E; a wrong or missing key is
# S_ACCESS and the power is untouched.  ipmitool (-K, key in its
# environment) confirms the power.
. "$(dirname "$0")/lib.sh"
ipl_init
# ipmi_sim keeps at most 19 bytes of a quoted key (lanserv/config.c
# read_bytes leaves room for a NUL), so the key is shorter than 20.
SIM_BMC_KEY=K$(ipl_random_word 14)x
sim_start --no-ipv6
kg_hex=0x$(printf '%s' "$SIM_BMC_KEY" | od -An -tx1 | tr -d ' \n')
wrong_kg=W$(ipl_random_word 18)x
ipl_secret_add "$wrong_kg"
ipl_secret_add "${kg_hex#0x}"

expect_power on "BMC with K_g answers ipmitool given the key"

for style in nv p E; do
	ipl_nv "kg=$SIM_BMC_KEY"
	run_cfg "$style" -S
	expect_rc 0 "-S with the right K_g as text ($style)"
done

ipl_nv "kg=$kg_hex"
run_cfg nv -S
expect_rc 0 "-S with the right K_g as 0x-hex"

ipl_nv "kg=$kg_hex"
run_cfg p -T off "$SIM_HOST"
expect_rc 0 "-T off with K_g (-p, key in the tail)"
expect_power off "power off through a K_g session"
ipl_nv "kg=$kg_hex"
run_cfg E -T on "$SIM_HOST"
expect_rc 0 "-T on with K_g (-E)"
expect_power on "power on through a K_g session"

# -d sends the plugin's log lines to stderr.
for style in nv p; do
	ipl_nv "kg=$wrong_kg"
	run_cfg "$style" -d -T off "$SIM_HOST"
	expect_rc 2 "-T off with a wrong K_g ($style)"
	expect_err_match 'wrong password or K_g' "wrong K_g is named as the likely cause ($style)"
	expect_faster 3000 "wrong K_g fails at once ($style)"
	expect_power on "a wrong K_g changes nothing ($style)"
done

ipl_nv
run_cfg nv -T off "$SIM_HOST"
expect_rc 2 "-T off without the BMC's K_g"
expect_power on "no K_g changes nothing"

# Neither key may reach the output of any run.
if ipl_has_secret "$IPL_TMP"/run*.out "$IPL_TMP"/run*.err; then
	fail "a K_g value or the password appeared in a run's output"
else
	ok "no K_g value in any captured output"
fi
ipl_finish
