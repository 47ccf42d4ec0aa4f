#!/usr/bin/env bash
# tests/pcmk_metadata.sh - the metadata as Pacemaker's own tools show it:
# "stonith_admin --metadata --agent ipmilan" and "crm_resource
# --show-metadata stonith:ipmilan" load the module from the system plugin
# directory in-process (stonith_new, get_info, stonith_delete), so this runs
# in a private mount namespace where the built ipmilan.so is bind-mounted
# over the system one.  Checks: well-formed XML, all 15 parameters, in the
# positional order first, each with a non-empty shortdesc and longdesc,
# the same parameter set as "stonith -t ipmilan -m", and that the module
# loaded is ours (cluster-glue's old module has no "cipher").
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcmk_lib.sh"
pcmk_enter_ns mount 120 "$@"
ipl_init
pcmk_need stonith_admin crm_resource xmllint

expected="hostname ipaddr port auth priv login password reset_method interface cipher allow_insecure_cipher0 kg timeout msg_timeout power_wait password_file kg_file"

# The old module, when the system has one, is what Pacemaker would show
# without the bind mount: it must not look like ours, or the test below
# would prove nothing.
if [ -f "$PCMK_SYS_PLUGIN_DIR/ipmilan.so" ]; then
	pcmk_timed "$IPL_TMP/old.xml" stonith_admin --metadata --agent ipmilan
	if grep -q 'name="cipher"' "$IPL_TMP/old.xml"; then
		ipl_say "note: the system's ipmilan.so already knows 'cipher' (ours installed?)"
	else
		ok "the system's old ipmilan.so has no 'cipher' parameter"
	fi
else
	ipl_say "note: no $PCMK_SYS_PLUGIN_DIR/ipmilan.so here (diverted or removed)"
fi

pcmk_bind_plugin

# xml_check FILE WHAT: FILE is well-formed and describes our 15 parameters.
xml_check() {
	local f=$1 what=$2 names n p sd ld
	if xmllint --noout "$f" 2>"$IPL_TMP/xmllint.err"; then
		ok "$what: well-formed XML"
	else
		fail "$what: not well-formed"
		pcmk_show_file "$IPL_TMP/xmllint.err"
		return
	fi
	n=$(xmllint --xpath 'string(/resource-agent/@name)' "$f" 2>/dev/null)
	[ "$n" = ipmilan ] && ok "$what: resource-agent name=ipmilan" ||
		fail "$what: resource-agent name is '$n'"
	names=$(xmllint --xpath '//parameters/parameter/@name' "$f" 2>/dev/null |
		sed 's/^ *name="\(.*\)"$/\1/' | paste -sd ' ' -)
	if [ "$names" = "$expected" ]; then
		ok "$what: the 15 parameters in order"
	else
		fail "$what: parameters [$names], expected [$expected]"
	fi
	case " $names " in
	*" cipher "*) ok "$what: the module is ours (it has 'cipher')" ;;
	*) fail "$what: no 'cipher': Pacemaker loaded another ipmilan.so" ;;
	esac
	for p in $expected; do
		sd=$(xmllint --xpath "normalize-space(//parameter[@name='$p']/shortdesc)" "$f" 2>/dev/null)
		ld=$(xmllint --xpath "normalize-space(//parameter[@name='$p']/longdesc)" "$f" 2>/dev/null)
		if [ -n "$sd" ] && [ -n "$ld" ]; then
			ok "$what: $p has a shortdesc and a longdesc"
		else
			fail "$what: $p: shortdesc '$sd', longdesc '${ld:0:40}'"
		fi
	done
	# The default and the type Pacemaker shows for two numbers users tune.
	n=$(xmllint --xpath "string(//parameter[@name='timeout']/content/@default)" "$f" 2>/dev/null)
	[ "$n" = 20 ] && ok "$what: timeout default 20" ||
		fail "$what: timeout default '$n', expected 20"
	n=$(xmllint --xpath "string(//parameter[@name='reset_method']/content/@default)" "$f" 2>/dev/null)
	[ "$n" = onoff ] && ok "$what: reset_method default onoff" ||
		fail "$what: reset_method default '$n', expected onoff"
	n=$(xmllint --xpath "normalize-space(/resource-agent/shortdesc)" "$f" 2>/dev/null)
	[ -n "$n" ] && ok "$what: agent shortdesc '$n'" || fail "$what: empty agent shortdesc"
}

pcmk_timed "$IPL_TMP/admin.xml" stonith_admin --metadata --agent ipmilan
if [ "$PCMK_RC" = 0 ]; then
	ok "stonith_admin --metadata --agent ipmilan: exit 0 in $PCMK_MS ms"
	xml_check "$IPL_TMP/admin.xml" "stonith_admin --metadata"
else
	fail "stonith_admin --metadata --agent ipmilan: exit $PCMK_RC"
	pcmk_show_file "$IPL_TMP/admin.xml"
fi

pcmk_timed "$IPL_TMP/crm.xml" crm_resource --show-metadata stonith:ipmilan
if [ "$PCMK_RC" = 0 ]; then
	ok "crm_resource --show-metadata stonith:ipmilan: exit 0 in $PCMK_MS ms"
	xml_check "$IPL_TMP/crm.xml" "crm_resource --show-metadata"
else
	fail "crm_resource --show-metadata stonith:ipmilan: exit $PCMK_RC"
	pcmk_show_file "$IPL_TMP/crm.xml"
fi

# The plugin's own metadata (stonith -m) and Pacemaker's agree.
run_stonith -t ipmilan -m
if [ "$ST_RC" = 0 ]; then
	names=$(xmllint --xpath '//parameter/@name' "$ST_OUT" 2>/dev/null |
		sed 's/^ *name="\(.*\)"$/\1/' | paste -sd ' ' -)
	[ "$names" = "$expected" ] && ok "stonith -m lists the same parameters" ||
		fail "stonith -m lists [$names]"
else
	fail "stonith -t ipmilan -m: exit $ST_RC"
fi

# Pacemaker lists it among the installed agents (the LHA class).
pcmk_timed "$IPL_TMP/installed" stonith_admin --list-installed
if grep -qx 'ipmilan' "$IPL_TMP/installed"; then
	ok "stonith_admin --list-installed shows ipmilan"
else
	fail "stonith_admin --list-installed does not show ipmilan"
fi

# Loading for metadata is silent: nothing but XML on stdout, nothing on
# stderr (Pacemaker reads stdout of the agent's tools).
pcmk_timed "$IPL_TMP/stdout.xml" sh -c 'stonith_admin --metadata --agent ipmilan 2>/dev/null'
head -c 5 "$IPL_TMP/stdout.xml" | grep -q '^<?xml' &&
	ok "metadata stdout starts with the XML declaration" ||
	fail "metadata stdout does not start with <?xml"
stonith_admin --metadata --agent ipmilan 2>"$IPL_TMP/stderr" >/dev/null
if [ -s "$IPL_TMP/stderr" ]; then
	fail "stonith_admin --metadata wrote to stderr"
	pcmk_show_file "$IPL_TMP/stderr"
else
	ok "stonith_admin --metadata writes nothing to stderr"
fi

ipl_finish
