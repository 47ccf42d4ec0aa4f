#!/usr/bin/env bash
# tests/cli_config.sh - invalid configurations through the stonith CLI:
# refused with S_BADCONFIG (1) before any network traffic, with a log line
# naming the parameter (the CLI prints log lines on stderr with -d when
# stdin is not a terminal; without -d they go to syslog).
. "$(dirname "$0")/lib.sh"
ipl_init
sim_start --no-ipv6

LONGPASS=L$(ipl_random_word 19)x   # 21 bytes: too long even for RMCP+
PASS17=M$(ipl_random_word 15)x     # 17 bytes: too long for IPMI 1.5
ipl_secret_add "$LONGPASS"
ipl_secret_add "$PASS17"

# bad NAME=VALUE [more NAME=VALUE...]: the configuration with these values is
# refused: exit 1 with name=value arguments and with -F, a log line naming
# NAME, no session opened with the BMC.
bad() {
	local name=${1%%=*} what="$*"
	sim_log_clear
	ipl_nv "$@"
	run_stonith -d -t ipmilan -S "${NV[@]}"
	expect_rc 1 "bad config [$what] (name=value)"
	expect_err_match "invalid configuration.*\\b$name\\b|\\b$name\\b.*invalid" \
		"bad config [$what]: the log names $name"
	if ipl_has_secret "$ST_ERR" "$ST_OUT"; then
		fail "bad config [$what]: a password is printed"
	fi
	# An empty value cannot be written in a positional line (the words
	# would shift); those are checked by name only.
	case " $what " in *"= "*) return 0 ;; esac
	ipl_line_from_nv
	ipl_config_file
	run_stonith -d -t ipmilan -S -F "$CFG_FILE"
	expect_rc 1 "bad config [$what] (-F)"
	expect_err_match "\\b$name\\b" "bad config [$what] (-F): the log names $name"
	if [ -n "$(sim_sessions)" ]; then
		fail "bad config [$what]: a session was opened with the BMC"
	fi
}

bad auth=sha1
bad auth=md4
bad port=70000
bad port=0
bad port=62x3
bad port=-1
bad priv=user
bad priv=callback
bad priv=root
bad cipher=0
bad cipher=18
bad cipher=4
bad cipher=three
bad cipher=3 interface=lan
bad cipher=auto interface=lan
bad cipher=17,17
bad cipher=17,0 allow_insecure_cipher0=true
bad cipher=17,4
bad cipher=17,
bad reset_method=reboot
bad interface=ipmi
bad timeout=0
bad timeout=abc
bad timeout=99999
bad msg_timeout=0
bad msg_timeout=30 timeout=5
bad power_wait=0
bad login=abcdefghijklmnopq
bad "password=$LONGPASS"
bad "password=$PASS17" interface=lan
bad kg=0xZZ
bad allow_insecure_cipher0=maybe
bad "hostname=node;1"
bad hostname=
bad ipaddr=
bad login=

# -p and -E: the CLI goes on after a refused configuration and asks an
# unconfigured device for status, which libstonith answers S_INVAL (3):
# the configuration error itself is still logged.
for style in p E; do
	ipl_nv auth=sha1
	case $style in
	p) ipl_line_from_nv; run_stonith -d -t ipmilan -S -p "$LINE" ;;
	E) ipl_env_from_nv; run_stonith -d -t ipmilan -S -E ;;
	esac
	expect_rc 3 "bad config auth=sha1 (-$style): the CLI's S_INVAL"
	expect_err_match "invalid configuration.*auth" "bad config auth=sha1 (-$style): the log names auth"
done
# A positional line one word short.
LINE="node1 127.0.0.1 $SIM_PORT md5 operator $SIM_OPER $SIM_PASS"
ipl_config_file
run_stonith -t ipmilan -S -F "$CFG_FILE"
expect_rc 1 "a positional line of seven words (-F)"

# Unknown names are ignored (Heartbeat R2 and Pacemaker pass every
# attribute), and valid unusual spellings are accepted.
ipl_nv some_other_attribute=1 stonith-timeout=60s
run_cfg nv -S
expect_rc 0 "unknown names are ignored"
ipl_nv auth=MD5 priv=OPERATOR interface=LANPLUS reset_method=Power_Cycle
run_cfg nv -S
expect_rc 0 "words in upper case are accepted"
ipl_nv cipher=0 allow_insecure_cipher0=true
run_stonith -d -t ipmilan -S "${NV[@]}"
case $ST_RC in
1) fail "cipher=0 with allow_insecure_cipher0=true is still refused"; ipl_show_run ;;
*) ok "cipher=0 with allow_insecure_cipher0=true is accepted by the configuration (exit $ST_RC)" ;;
esac

# No configuration at all.
run_stonith -t ipmilan -S
expect_rc 1 "no parameters"

expect_power on "after the configuration tests"
ipl_finish
