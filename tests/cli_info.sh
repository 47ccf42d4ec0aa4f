#!/usr/bin/env bash
# tests/cli_info.sh - "stonith -t ipmilan" -n, -m and -l through the real CLI,
# and proof that the plugin loaded is the one just built (not the system's).
. "$(dirname "$0")/lib.sh"
ipl_init

PARAMS="hostname ipaddr port auth priv login password reset_method interface cipher allow_insecure_cipher0 kg timeout msg_timeout power_wait"

# --- which ipmilan.so is loaded: ours, from the test plugin root ----------
ST_ENV=(LD_DEBUG=files)
run_stonith -t ipmilan -n
if grep -qF "file=$IPL_PLUGIN_ROOT/stonith2/ipmilan.so" "$ST_ERR" &&
	! grep -q "file=/usr/lib/stonith/plugins/stonith2/ipmilan.so" "$ST_ERR"; then
	ok "the plugin is loaded from the build tree ($IPL_PLUGIN_ROOT/stonith2)"
else
	fail "the plugin was not loaded from $IPL_PLUGIN_ROOT/stonith2"
	grep "ipmilan.so" "$ST_ERR" | head -5
fi

# --- -n: the eight names, in the old order ---------------------------------
run_stonith -t ipmilan -n
expect_rc 0 "-n"
got=$(sed 's/[[:space:]]*$//' "$ST_OUT")
want="hostname  ipaddr  port  auth  priv  login  password  reset_method"
if [ "$got" = "$want" ]; then
	ok "-n prints the eight old names in the old order"
else
	fail "-n: expected [$want], got [$got]"
fi
if grep -qi deprecated "$ST_ERR"; then
	fail "-n: the old plugin's deprecation warning is printed (old plugin loaded?)"
else
	ok "-n: no deprecation warning (not the old plugin)"
fi

# --- -m: well-formed XML with every parameter --------------------------------
run_stonith -t ipmilan -m
expect_rc 0 "-m"
if command -v xmllint >/dev/null 2>&1; then
	if xmllint --noout "$ST_OUT" 2>"$IPL_TMP/xmllint.err"; then
		ok "-m is well-formed XML (xmllint)"
	else
		fail "-m is not well-formed XML: $(head -3 "$IPL_TMP/xmllint.err")"
	fi
	names=$(xmllint --xpath '//parameters/parameter/@name' "$ST_OUT" 2>/dev/null |
		sed 's/ name="\([^"]*\)"/\1\n/g' | sed '/^$/d' | tr '\n' ' ')
else
	python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$ST_OUT" &&
		ok "-m is well-formed XML (python)" || fail "-m is not well-formed XML"
	names=$(grep -o '<parameter name="[^"]*"' "$ST_OUT" | sed 's/.*="\(.*\)"/\1/' | tr '\n' ' ')
fi
for p in $PARAMS; do
	case " $names " in
	*" $p "*) ok "-m describes parameter $p" ;;
	*) fail "-m does not describe parameter $p (has: $names)" ;;
	esac
done
if grep -q '<shortdesc lang="en">.\+</shortdesc>' "$ST_OUT" &&
	grep -q '<longdesc lang="en">' "$ST_OUT"; then
	ok "-m has the device's shortdesc and longdesc"
else
	fail "-m lacks shortdesc/longdesc"
fi

# --- -l: the configured hosts, lowercased, without touching the BMC --------
sim_start --no-ipv6
sim_log_clear
ipl_nv 'hostname=Node1, node2'
run_cfg nv -l
expect_rc 0 "-l (name=value)"
expect_stdout_words "node1 node2" "-l (name=value 'Node1, node2') lists"

ipl_nv 'hostname=NODE1,Node2'
run_cfg p -l
expect_rc 0 "-l (-p)"
expect_stdout_words "node1 node2" "-l (-p 'NODE1,Node2 ...') lists"

ipl_nv 'hostname=Node1 NODE2'
run_cfg E -l
expect_rc 0 "-l (-E)"
expect_stdout_words "node1 node2" "-l (-E hostname='Node1 NODE2') lists"

ipl_nv hostname=Node1
run_cfg F -l
expect_rc 0 "-l (-F)"
expect_stdout_words "node1" "-l (-F 'Node1 ...') lists"

expect_cc "" "-l sends no Chassis Control"
expect_power on "-l leaves the power alone"

ipl_finish
