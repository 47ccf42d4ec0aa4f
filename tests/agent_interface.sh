#!/usr/bin/env bash
# tests/agent_interface.sh - the fence agent's interface by itself, without
# a BMC: name=value lines on stdin and options on the command line, every
# action's answer without a BMC (metadata, validate-all, help, version,
# unknown and unsupported actions), exit codes, what goes to stdout (only
# the interface's text) and to stderr (one line per failure, naming the
# parameter, the value and what is allowed; never the password), delay and
# the plug check, and the metadata against fence-agents' metadata.rng
# (xmllint --relaxng; that check skips without fence-agents).
. "$(dirname "$0")/lib.sh"
IPL_IPMI_SIM=${IPL_IPMI_SIM:-unused}
IPL_IPMITOOL=${IPL_IPMITOOL:-unused}
IPL_STONITH=${IPL_STONITH:-unused}
ipl_init --no-plugin
. "$IPL_TESTS_SRCDIR/agent_lib.sh"
agent_find

RNG=${IPL_METADATA_RNG:-/usr/share/cluster/relaxng/metadata.rng}
PASS=P$(ipl_random_word 13)x
ipl_secret_add "$PASS"
SIM_PASS=$PASS
ipl_dead_port
GOOD=(ip=127.0.0.1 "ipport=$DEAD_PORT" username=fencer "password=$PASS")

# --- metadata ---------------------------------------------------------------
run_agent -o metadata
expect_agent_rc 0 "-o metadata"
expect_stderr_empty "-o metadata"
cp "$AG_OUT" "$IPL_TMP/meta.xml"
if command -v xmllint >/dev/null 2>&1 && [ -f "$RNG" ]; then
	if xmllint --noout --relaxng "$RNG" "$IPL_TMP/meta.xml" 2>"$IPL_TMP/xmllint.err"; then
		ok "the metadata validates against $RNG"
	else
		fail "xmllint --relaxng $RNG: $(head -5 "$IPL_TMP/xmllint.err")"
	fi
else
	echo "note: no xmllint or no $RNG (fence-agents, tests/packages/agent.list): not validated"
fi
for form in "action=metadata" "action=meta-data" "option=metadata"; do
	agent_stdin "$form"
	run_agent
	if [ "$AG_RC" = 0 ] && cmp -s "$AG_OUT" "$IPL_TMP/meta.xml"; then
		ok "stdin $form: the same metadata"
	else
		fail "stdin $form: exit $AG_RC, or other output"
	fi
done
if command -v xmllint >/dev/null 2>&1; then
	acts=$(xmllint --xpath '//actions/action/@name' "$IPL_TMP/meta.xml" |
		sed 's/ *name="\([^"]*\)"/\1 /g' | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')
	want="on off reboot status monitor diag metadata validate-all"
	[ "$acts" = "$want" ] && ok "metadata actions: $acts" ||
		fail "metadata actions [$acts], want [$want]"
	for p in action:0 ip:1 username:1 password:0 plug:0 port:0 hostname:0 lanplus:0; do
		r=$(xmllint --xpath "string(//parameter[@name='${p%%:*}']/@required)" "$IPL_TMP/meta.xml")
		[ "$r" = "${p#*:}" ] && ok "metadata: ${p%%:*} required=$r" ||
			fail "metadata: ${p%%:*} required=[$r], want ${p#*:}"
	done
	for p in ipaddr login passwd port passwd_script power_timeout option; do
		d=$(xmllint --xpath "string(//parameter[@name='$p']/@deprecated)" "$IPL_TMP/meta.xml")
		[ "$d" = 1 ] && ok "metadata: $p is listed, deprecated" ||
			fail "metadata: $p is not listed as deprecated"
	done
fi

# --- help and version ----------------------------------------------------------
for h in --help -h; do
	run_agent "$h"
	expect_agent_rc 0 "$h"
	grep -q -- '-a, --ip=\[ip\]' "$AG_OUT" && ok "$h lists -a, --ip" || fail "$h: no --ip"
	expect_stderr_empty "$h"
done
run_agent --version
expect_agent_rc 0 "--version"
expect_stdout "$AGENT_NAME $(sed -n 's/^PACKAGE_VERSION = //p' "$IPL_BUILDDIR/Makefile")" "--version"

# --- validate-all ------------------------------------------------------------------
agent_stdin action=validate-all "${GOOD[@]}" nodename=node2 port=node2
run_agent
expect_agent_rc 0 "validate-all, a good configuration on stdin"
expect_stdout "" "validate-all"
expect_stderr_empty "validate-all (Pacemaker's nodename and port are accepted)"

# Each: a line that makes the configuration bad, and what stderr must say.
bad_cases=(
	"cipher=99|cipher: \"99\" is not a cipher suite; use 1, 2, 3, 6, 7, 8, 11 or 12"
	"privlvl=user|privlvl: \"user\" cannot control power.*use operator or admin"
	"ipport=70000|ipport: \"70000\" is out of range; use an integer from 1 to 65535"
	"method=bogus|method: \"bogus\" is not allowed; use onoff"
	"lanplus=maybe|lanplus: \"maybe\" is not allowed; use true or false"
	"timeout=0|timeout: \"0\" is out of range; use seconds from 1 to 3600"
	"power_timeout=abc|power_timeout: \"abc\" is not allowed; use seconds"
	"auth=sha1|auth: \"sha1\" is not allowed; use none, md2, md5 or straight"
	"interface=ipmi|interface: \"ipmi\" is not allowed; use auto, lanplus or lan"
	"hexadecimal_kg=xyz|hexadecimal_kg: not hex digits \(value not shown\)"
	"delay=soon|delay: \"soon\" is not allowed; use seconds"
	"password_file=$IPL_TMP/none|password_file: given together with password"
	"ip=|ip: \"\" .*is not allowed; use a host name"
	"username=seventeen-chars-xx|username: \"seventeen-chars-xx\" .* use 1 to 16 bytes"
	"cipher=0|cipher: \"0\" is refused.*allow_insecure_cipher0=true"
)
for c in "${bad_cases[@]}"; do
	agent_stdin action=validate-all "${GOOD[@]}" "${c%%|*}"
	run_agent
	expect_agent_rc 1 "validate-all with ${c%%|*}"
	expect_stdout "" "validate-all with ${c%%|*}"
	expect_stderr_line "^$AGENT_NAME: invalid configuration: ${c#*|}" "validate-all with ${c%%|*}"
done
agent_stdin action=validate-all username=fencer "password=$PASS"
run_agent
expect_agent_rc 1 "validate-all without ip"
expect_stderr_line "ip: missing; ip and username are required" "validate-all without ip"
agent_stdin action=validate-all ip=127.0.0.1 username=fencer
run_agent
expect_agent_rc 1 "validate-all without a password"
expect_stderr_line "password: missing; give one of password, password_file and password_script" \
	"validate-all without a password"

# Unknown names: ignored with a warning naming them (not their value); quiet.
agent_stdin action=validate-all "${GOOD[@]}" "ipmitool_path=/usr/bin/ipmitool" "bogus=$PASS"
run_agent
expect_agent_rc 0 "validate-all with unknown names"
if [ "$(grep -c 'ignoring unknown parameter' "$AG_ERR")" = 2 ] &&
	grep -q '"ipmitool_path"' "$AG_ERR"; then
	ok "unknown names: one warning each, naming them"
else
	fail "unknown names: no warning per name"
	agent_show
fi
agent_stdin action=validate-all "${GOOD[@]}" "bogus=1" quiet=1
run_agent
expect_agent_rc 0 "validate-all, quiet"
expect_stderr_empty "quiet=1: no warning"

# fence_ipmilan's target (IPMI bridging) is refused, not ignored.
agent_stdin action=validate-all "${GOOD[@]}" target=0x82
run_agent
expect_agent_rc 1 "validate-all with target"
expect_stderr_line "target: IPMI bridging is not supported" "target is refused"

# --- secret sources ----------------------------------------------------------------
PWF=$IPL_TMP/pw
(umask 077 && printf '%s\n' "$PASS" >"$PWF")
run_agent -o validate-all -a 127.0.0.1 -l fencer --password-file "$PWF"
expect_agent_rc 0 "options: validate-all with --password-file (0600)"
chmod 644 "$PWF"
run_agent -o validate-all -a 127.0.0.1 -l fencer "--password-file=$PWF"
expect_agent_rc 1 "options: --password-file readable by others"
expect_stderr_line "password_file: .*mode 0?644" "password_file 0644 is refused"
chmod 600 "$PWF"
run_agent -o validate-all -a 127.0.0.1 -l fencer -S "cat $PWF"
expect_agent_rc 0 "options: -S 'cat FILE' (password_script, no shell)"
agent_stdin action=validate-all ip=127.0.0.1 username=fencer "passwd_script=sh -c 'exit 3'"
run_agent
expect_agent_rc 1 "a password_script that fails"
expect_stderr_line "passwd_script: \"sh\" exited with status 3" "a password_script that fails"

# --- the command line -------------------------------------------------------------------
run_agent -o validate-all --ipp 1
expect_agent_rc 1 "an unknown option"
expect_stderr_line "unknown option \"--ipp\"; see --help" "an unknown option"
run_agent status
expect_agent_rc 1 "a bare word"
expect_stderr_line "unexpected argument \"status\"" "a bare word"
run_agent -o validate-all -a
expect_agent_rc 1 "an option without its value"
expect_stderr_line "option -a \(--ip\) needs a value" "an option without its value"

# --- actions ------------------------------------------------------------------------------
agent_stdin action=bogus "${GOOD[@]}"
run_agent
expect_agent_rc 1 "action=bogus"
expect_stderr_line "action: \"bogus\" is not supported; use on, off, reboot" "action=bogus"
agent_stdin action=list "${GOOD[@]}"
run_agent
expect_agent_rc 1 "action=list"
expect_stderr_line "\"list\" is not supported: a BMC controls one node" "action=list"

# A node this device does not fence (hostname given): refused before any
# I/O, for status too (Pacemaker's status check then leaves this device out).
agent_stdin action=status "${GOOD[@]}" hostname=node1 port=node2
run_agent
expect_agent_rc 1 "status of a node not in hostname"
expect_stdout "" "status of a node not in hostname"
expect_stderr_line "plug: \"node2\" is not one of hostname \(node1\)" "status of a node not in hostname"

# Without a BMC: status fails with 1 (not 2, which means off), nothing on
# stdout, within its timeout.
agent_stdin action=status "${GOOD[@]}" timeout=2 lanplus=1
run_agent
expect_agent_rc 1 "status, no BMC"
expect_stdout "" "status, no BMC"
expect_stderr_line "^$AGENT_NAME: status of the node failed \(" "status, no BMC"
[ "$AG_MS" -lt 8000 ] && ok "status, no BMC: ended in $AG_MS ms (timeout 2 s)" ||
	fail "status, no BMC: took $AG_MS ms with timeout=2"

# The default action is reboot; delay is waited before it, not before status.
run_agent -a 127.0.0.1 -u "$DEAD_PORT" -l fencer --password-file "$PWF" \
	--timeout 1 --delay 2 -P
expect_agent_rc 1 "options without -o (reboot), no BMC"
expect_stderr_line "reboot of the node failed" "the default action is reboot"
# (the work ends a close reserve, a tenth of timeout, before the timeout)
[ "$AG_MS" -ge 2900 ] && ok "reboot waited delay=2 then timeout=1 ($AG_MS ms)" ||
	fail "reboot with delay=2 timeout=1 ended after $AG_MS ms"
run_agent -o status -a 127.0.0.1 -u "$DEAD_PORT" -l fencer --password-file "$PWF" \
	--timeout 1 --delay 5 -P
expect_agent_rc 1 "status with delay=5, no BMC"
[ "$AG_MS" -lt 4500 ] && ok "status is not delayed ($AG_MS ms < 4.5 s with delay=5)" ||
	fail "status took $AG_MS ms: delayed?"

ipl_finish
