#!/usr/bin/env bash
# tests/cluster_pcs.sh - pcs (Debian 12: 0.11.5, no pcsd) on a live
# one-node cluster with the built ipmilan plugin: what works and what pcs
# does with the plugin's parameters today.
#
# One node (node1, booted by its simulated BMC as in tests/cluster_three.sh)
# and a bare BMC on 10.78.0.109 port 6230 standing for nodes node9 and node7
# (not members: fencing them only power-cycles that BMC); BMC 8 stands for
# node8.  pcs runs inside node1 on the live CIB:
#   stonith describe ipmilan; stonith create (password_file, port=6230);
#   stonith update; stonith fence node9 (the BMC goes off, then on);
#   stonith history show;
#   stonith create ... cipher=99: recorded (pcs accepts it without a word
#   today; the device's start then fails);
#   stonith create ... ipport=6230 (the plugin's alias of port): recorded
#   (pcs refuses names missing from the metadata unless --force), and
#   whether a device made with --force fences through that port.
# The outcome of each is printed as a "pcs:" line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcmk_lib.sh"
. "$(dirname "$0")/cluster/cluster_lib.sh"
cl_enter 300 "$@"
cl_init
pcmk_need pcs

cl_node_add 1
cl_bmc_add 1
cl_bmc_add 9 --bare --port 6230
cl_bmc_add 8 --bare
cl_bmc_wait_all
cl_corosync_conf plain
cl_cib_xml "" "" "" >"$CL_DIR/seed.xml"
cl_seed_cib "$CL_DIR/seed.xml"
cl_power_on_all
if pcmk_wait 90 cl_sees_online 1 node1; then
	ok "node1 booted by its BMC and online"
else
	fail "node1 not online within 90 s"
	ipl_finish
fi

# pcs_run DESCRIPTION ARGS...: pcs ARGS inside node1 (bounded to 90 s);
# sets PCS_RC, PCS_OUT (stdout and stderr) and PCS_MS.
PCS_N=0
pcs_run() {
	local what=$1 t0
	shift
	PCS_N=$((PCS_N + 1))
	PCS_OUT=$CL_DIR/pcs$PCS_N.out
	t0=$(cl_now_ms)
	cl_on 1 timeout -k 5 90 pcs "$@" </dev/null >"$PCS_OUT" 2>&1
	PCS_RC=$?
	PCS_MS=$(($(cl_now_ms) - t0))
	printf '  [pcs %s] exit %d in %d ms\n' "$what" "$PCS_RC" "$PCS_MS"
	if ipl_has_secret "$PCS_OUT"; then
		fail "pcs $what printed a BMC password"
	fi
}
pcs_show() { pcmk_show_file "$PCS_OUT" 2000; }

# dev_args ID NODE PORT-ARG: the parameters of a device for NODE on BMC 9.
dev_args() {
	printf '%s\n' "hostname=$2" "ipaddr=$CL_MGMT.109" "$3" "login=$SIM_OPER" \
		"password_file=$CL_DIR/bmc9/pass" interface=lanplus timeout=15 "pcmk_host_list=$2"
}
started() {
	local f=$CL_DIR/mon.started
	cl_mon 1 "$f" || return 1
	grep -q "<resource id=\"$1\"[^>]*role=\"Started\"[^>]*failed=\"false\"" "$f"
}
cib_value() {
	cl_on 1 timeout 20 cibadmin -Q --xpath \
		"//primitive[@id='$1']//nvpair[@name='$2']" 2>/dev/null |
		sed -n 's/.* value="\([^"]*\)".*/\1/p'
}

# ---- describe -------------------------------------------------------------------
pcs_run "stonith describe ipmilan" stonith describe ipmilan
if [ "$PCS_RC" = 0 ] && grep -q 'ipaddr (required)' "$PCS_OUT" &&
	grep -q 'password_file:' "$PCS_OUT"; then
	ok "pcs stonith describe ipmilan lists the plugin's parameters"
	echo "pcs: describe: $(head -n 1 "$PCS_OUT"); $(grep -cE '^  [a-z_0-9]+( \(required\))?:' "$PCS_OUT") options"
else
	fail "pcs stonith describe ipmilan (exit $PCS_RC)"
	pcs_show
fi

# ---- create, update -----------------------------------------------------------
mapfile -t args < <(dev_args fence-node9 node9 port=6230)
pcs_run "stonith create fence-node9" stonith create fence-node9 ipmilan "${args[@]}"
if [ "$PCS_RC" = 0 ]; then
	ok "pcs stonith create fence-node9 ipmilan (password_file, port=6230)"
else
	fail "pcs stonith create fence-node9: exit $PCS_RC"
	pcs_show
fi
if pcmk_wait 60 started fence-node9; then
	ok "fence-node9 started"
else
	fail "fence-node9 not started within 60 s"
fi
if [ -z "$(cib_value fence-node9 password)" ] && [ -n "$(cib_value fence-node9 password_file)" ]; then
	ok "the CIB holds password_file, no password"
else
	fail "the CIB of fence-node9 holds a password attribute"
fi
echo "pcs: create: exit $PCS_RC in $PCS_MS ms; monitor op pcs added: $(cl_on 1 timeout 20 cibadmin -Q --xpath "//primitive[@id='fence-node9']//op" 2>/dev/null | grep -o 'name="[a-z]*" [^/]*' | head -n 1)"
pcs_run "stonith update fence-node9 timeout=12" stonith update fence-node9 timeout=12
if [ "$PCS_RC" = 0 ] && [ "$(cib_value fence-node9 timeout)" = 12 ]; then
	ok "pcs stonith update fence-node9 timeout=12"
else
	fail "pcs stonith update: exit $PCS_RC, timeout=$(cib_value fence-node9 timeout)"
	pcs_show
fi
pcmk_wait 60 started fence-node9 || fail "fence-node9 not started again after the update"

# ---- fence, history -----------------------------------------------------------
T=$(cl_now_ms)
pcs_run "stonith fence node9" stonith fence node9
hist=$(cl_history_words 9 "$T")
if [ "$PCS_RC" = 0 ] && [ "$hist" = "off on" ]; then
	ok "pcs stonith fence node9: BMC 9 went off, then on ($PCS_MS ms)"
else
	fail "pcs stonith fence node9: exit $PCS_RC, BMC 9 history [$hist]"
	pcs_show
fi
echo "pcs: fence: exit $PCS_RC in $PCS_MS ms, BMC history [$hist]"
pcs_run "stonith history show node9" stonith history show node9
if [ "$PCS_RC" = 0 ] && grep -q 'reboot of node9 successful' "$PCS_OUT"; then
	ok "pcs stonith history show node9: reboot of node9 successful"
else
	fail "pcs stonith history show node9 (exit $PCS_RC)"
	pcs_show
fi

# ---- a bad value: cipher=99 ---------------------------------------------------
mark=$(stat -c %s "$CL_DIR/bmc8/ipmi_sim.log")
pcs_run "stonith create fence-bad ... cipher=99" stonith create fence-bad ipmilan \
	hostname=node8 "ipaddr=$CL_MGMT.108" "login=$SIM_OPER" \
	"password_file=$CL_DIR/bmc8/pass" interface=lanplus cipher=99 pcmk_host_list=node8
echo "pcs: cipher=99: exit $PCS_RC, said: [$(tr '\n' ' ' <"$PCS_OUT" | cut -c1-200)]"
failed_start() {
	local f=$CL_DIR/mon.failed
	cl_mon 1 "$f" || return 1
	grep -q '<failure op_key="fence-bad_start_0"' "$f"
}
if [ "$PCS_RC" = 0 ]; then
	ok "pcs accepted cipher=99 (exit 0; no validation of values today)"
	if pcmk_wait 60 failed_start; then
		ok "fence-bad: its start failed"
		why=$(grep -hoE "fence-bad\[[0-9]+\] \[ failed:[^]]*\]" "$(cl_plog 1)" | head -n 1)
		cip=$(grep -c "cipher" <(grep "fence-bad" "$(cl_plog 1)" | grep -v pacemaker-based))
		echo "pcs: cipher=99: the device's start failed; pacemaker.log: '${why:-?}', $cip line(s) naming cipher"
		# The plugin's own reason reaches the cluster's log: under the
		# fencer it writes it to stderr, which pacemaker-fenced logs.
		if pcmk_wait 20 grep -q 'invalid configuration: cipher: .*99' "$(cl_plog 1)"; then
			ok "pacemaker.log has the plugin's reason for cipher=99"
		else
			fail "pacemaker.log lacks the plugin's reason for cipher=99"
			grep "fence-bad" "$(cl_plog 1)" | tail -5
		fi
	else
		fail "fence-bad: no failed start within 60 s"
	fi
	if [ "$(tail -c +$((mark + 1)) "$CL_DIR/bmc8/ipmi_sim.log" | grep -c 'Activate session')" = 0 ]; then
		ok "fence-bad never contacted its BMC"
	else
		fail "fence-bad opened a session with its BMC"
	fi
	pcs_run "stonith delete fence-bad" stonith delete fence-bad
	[ "$PCS_RC" = 0 ] || fail "pcs stonith delete fence-bad: exit $PCS_RC"
else
	ok "pcs refused cipher=99 (exit $PCS_RC): validation exists now"
fi

# ---- ipport (the plugin's alias of port) ----------------------------------------
# Recorded, not required: pcs's answer, and whether a device made with
# --force fences through port 6230.  Required: a reported success means the
# BMC really cycled the power (nothing else answers at 10.78.0.109).
mapfile -t args < <(dev_args fence-node7 node7 ipport=6230)
args=("${args[@]/timeout=15/timeout=5}")
pcs_run "stonith create fence-node7 ... ipport=6230" stonith create fence-node7 ipmilan "${args[@]}"
said=$(grep -m1 -oE "(Error|Warning): [^,]*" "$PCS_OUT")
echo "pcs: ipport without --force: exit $PCS_RC: ${said:-no message}"
if [ "$PCS_RC" != 0 ]; then
	pcs_run "stonith create fence-node7 ... ipport=6230 --force" stonith create fence-node7 \
		ipmilan "${args[@]}" --force
	echo "pcs: ipport with --force: exit $PCS_RC: $(grep -m1 -oE "(Error|Warning): [^,]*" "$PCS_OUT")"
fi
if [ "$PCS_RC" = 0 ]; then
	if pcmk_wait 20 started fence-node7; then
		state=started
	else
		state="not started (its start failed)"
	fi
	T=$(cl_now_ms)
	pcs_run "stonith fence node7" stonith fence node7
	hist=$(cl_history_words 9 "$T")
	echo "pcs: ipport=6230: device $state; pcs stonith fence node7: exit $PCS_RC, BMC 9 history [$hist]"
	if [ "$PCS_RC" = 0 ] && [ "$hist" != "off on" ]; then
		fail "pcs stonith fence node7 reported success, BMC 9 history [$hist]"
	elif [ "$PCS_RC" != 0 ] && [ -n "$hist" ]; then
		fail "pcs stonith fence node7 failed but BMC 9's power changed [$hist]"
	else
		ok "the result of fencing node7 (exit $PCS_RC) matches BMC 9's power history [$hist]"
	fi
	[ "$PCS_RC" = 0 ] && IPPORT=works || IPPORT="does not work"
	echo "pcs: ipport: $IPPORT through Pacemaker (fence_legacy passes it only as an environment variable)"
else
	fail "pcs stonith create with ipport=6230 failed even with --force (exit $PCS_RC)"
	pcs_show
fi

cl_no_secret_in "$(cl_plog 1)" "$CL_DIR/node1/lib-pacemaker/cib/cib.xml" "$CL_DIR"/pcs*.out
ipl_finish
