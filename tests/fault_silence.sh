#!/bin/bash
# tests/fault_silence.sh - the network goes silent in the middle of a
# session: right after the relay forwards a Chassis Control request (the
# BMC acts, but its answer and everything after it are lost: "the BMC
# dropped the session after the control command"), or after the Nth
# datagram.  The plugin must report S_TIMEOUT or S_RESETFAIL by its
# deadline, never success.
#
# The relay can only see the command where the payload is not encrypted:
# RMCP+ cipher suite 2 (HMAC-SHA1 integrity, no confidentiality) and IPMI
# 1.5 (interface=lan, md5).  With the default suite 3 (AES) it cannot tell
# a Chassis Control from any other message; the test checks that too.
. "$(dirname "$0")/lib.sh"
ipl_init_fault
sim_start --no-ipv6
fault_pw_file

timeout_s=4
limit_ms=$((timeout_s * 1000 + 3000))

# silent_case DESCRIPTION ACTION START_POWER NV-OVERRIDES...
silent_case() {
	local what=$1 act=$2 start=$3
	shift 3
	sim_set_power "$start"
	relay_start --silent-after-control
	ipl_nv password= password_file="$FAULT_PWF" port="$RELAY_PORT" timeout=$timeout_s msg_timeout=0.2 "$@"
	run_stonith -t ipmilan -T "$act" "${NV[@]}" node1
	case $ST_RC in
	5 | 6) ok "$what: $act ends with $(ipl_rc_name "$ST_RC") when the BMC goes silent after Chassis Control" ;;
	*)
		fail "$what: $act after silence gave exit $ST_RC ($(ipl_rc_name "$ST_RC")), not S_TIMEOUT/S_RESETFAIL"
		ipl_show_run
		;;
	esac
	[ "$ST_MS" -le "$limit_ms" ] && ok "$what: ended in $ST_MS ms (limit $limit_ms)" ||
		fail "$what: took $ST_MS ms, limit $limit_ms"
	[ "$(relay_stat chassis_control)" = 1 ] &&
		ok "$what: the relay saw exactly one Chassis Control, then went silent" ||
		fail "$what: the relay saw $(relay_stat chassis_control) Chassis Control requests"
	ipl_say "  [silence] $what: power $start -> $(sim_file_power) (the BMC acted; nobody heard it)"
	relay_stop
}

silent_case "cipher 2" off on cipher=2
silent_case "cipher 2, power_cycle" reset on cipher=2 reset_method=power_cycle
silent_case "cipher 2, onoff" reset on cipher=2
silent_case "cipher 2, on" on off cipher=2
silent_case "IPMI 1.5 md5" off on interface=lan auth=md5
silent_case "IPMI 1.5 md5, hard_reset" reset on interface=lan auth=md5 reset_method=hard_reset

# Cipher 3 encrypts: the relay cannot see the command (it never goes
# silent), and the operation simply succeeds.
sim_set_power on
relay_start --silent-after-control
ipl_nv password= password_file="$FAULT_PWF" port="$RELAY_PORT" timeout=$timeout_s msg_timeout=0.2 cipher=3
run_stonith -t ipmilan -T off "${NV[@]}" node1
expect_rc 0 "cipher 3 through the relay"
[ "$(relay_stat chassis_control)" = 0 ] &&
	ok "cipher 3: Chassis Control is invisible on the wire (AES)" ||
	fail "cipher 3: the relay claims to see a Chassis Control"
relay_stop

# Silence after the Nth datagram, at every point of a session: during the
# handshake, at the command, during the verification polls.  The outcome
# depends on where the cut falls; a success is allowed only when the state
# was already reached and verified before the cut.
for n in 1 3 5 7 9 11 13 15; do
	sim_set_power on
	relay_start --silent-after "$n"
	ipl_nv password= password_file="$FAULT_PWF" port="$RELAY_PORT" timeout=3 msg_timeout=0.2 cipher=2
	run_stonith -t ipmilan -T off "${NV[@]}" node1
	p=$(sim_file_power)
	case $ST_RC in
	0) [ "$p" = off ] && ok "silent after $n datagrams: success, and the power is really off" ||
		fail "silent after $n datagrams: success reported, power is $p" ;;
	5 | 6) ok "silent after $n datagrams: $(ipl_rc_name "$ST_RC") in $ST_MS ms (power $p)" ;;
	*) fail "silent after $n datagrams: exit $ST_RC ($(ipl_rc_name "$ST_RC"))"; ipl_show_run ;;
	esac
	[ "$ST_MS" -le $((3000 + 3000)) ] || fail "silent after $n datagrams: took $ST_MS ms"
	relay_stop
done
ipl_finish
