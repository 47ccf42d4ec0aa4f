#!/bin/bash
# tests/fault_hostile.sh - the plugin against a hostile BMC
# (tests/fault/hostile_bmc.py, IPMI 1.5 with authentication type none: the
# only kind of session a script can serve without keys).  Its answers to
# Get Chassis Status and Chassis Control are truncated, oversized, in the
# wrong session, out of sequence, for another request, with broken
# checksums, random bytes, or carry every error completion code.
#
# For every case: no crash, no hang (the run ends by timeout + margin),
# no false success (exit 0 only when the BMC's real power state, kept in
# a file, is what was asked for; and never for the cases where success is
# impossible).  Run through the real stonith command, and again under
# valgrind (the module loaded in the stonith process; memory errors and
# definite leaks fail) for every non-numeric case and a sample of codes.
# IPL_HOSTILE_ALL_VALGRIND=1 runs every code under valgrind too (slow).
. "$(dirname "$0")/lib.sh"
ipl_init_fault

SIM_PASS=H$(ipl_random_word 12)x   # lib.sh checks every run's output for it
fault_pw_file
timeout_s=3
limit_ms=$((timeout_s * 1000 + 3000))
VG=()
if command -v valgrind >/dev/null 2>&1; then
	VG=(valgrind --quiet --error-exitcode=97 --leak-check=full
		--errors-for-leak-kinds=definite --show-leak-kinds=definite
		--suppressions="$IPL_TESTS_SRCDIR/valgrind.supp"
		--log-file="$IPL_TMP/vg.%p.log")
fi

# hostile_run EXPECT ACTION [valgrind]: run ACTION (status|off) against the
# current hostile BMC.  EXPECT: fail (exit 0 is a false success), ok (must
# succeed), any (either, but a success must be true).
hostile_run() {
	local expect=$1 act=$2 vg=${3:-} want p said
	IPL_WRAPPER=()
	[ -n "$vg" ] && [ ${#VG[@]} -gt 0 ] && IPL_WRAPPER=("${VG[@]}")
	NV=(hostname=node1 ipaddr=127.0.0.1 "port=$HOSTILE_PORT" login=fence
		"password_file=$FAULT_PWF" interface=lan auth=none timeout=$timeout_s
		msg_timeout=0.2 power_wait=0.2)
	if [ "$act" = status ]; then
		run_stonith -t ipmilan -d -S "${NV[@]}"
	else
		run_stonith -t ipmilan -d -T "$act" "${NV[@]}" node1
	fi
	IPL_WRAPPER=()
	p=$(cat "$HOSTILE_STATE")
	local tag="$HOSTILE_DESC $act${vg:+ (valgrind)}"
	case $ST_RC in
	0 | 2 | 5 | 6 | 8) ;;
	97) fail "$tag: valgrind found memory errors or leaks"; cat "$IPL_TMP"/vg.*.log; rm -f "$IPL_TMP"/vg.*.log; return ;;
	*) fail "$tag: exit $ST_RC ($(ipl_rc_name "$ST_RC")): crash, hang or unexpected code"; ipl_show_run; return ;;
	esac
	rm -f "$IPL_TMP"/vg.*.log
	if [ -z "$vg" ] && [ "$ST_MS" -gt "$limit_ms" ]; then
		fail "$tag: took $ST_MS ms, limit $limit_ms"
	fi
	if [ "$ST_RC" = 0 ]; then
		if [ "$expect" = fail ]; then
			fail "$tag: FALSE SUCCESS (exit 0)"
			ipl_show_run
			return
		fi
		if [ "$act" = status ]; then
			said=none
			grep -q "power is on" "$ST_ERR" && said=1
			grep -q "power is off" "$ST_ERR" && said=0
			[ "$said" = "$p" ] || { fail "$tag: status said $said, the BMC has $p"; return; }
		else
			want=1
			[ "$act" = off ] && want=0
			[ "$p" = "$want" ] || { fail "$tag: success, but the power is $p"; return; }
		fi
		HOSTILE_OK=$((HOSTILE_OK + 1))
	else
		if [ "$expect" = ok ]; then
			fail "$tag: should succeed, exit $ST_RC ($(ipl_rc_name "$ST_RC"))"
			ipl_show_run
			return
		fi
		HOSTILE_FAILED=$((HOSTILE_FAILED + 1))
	fi
	HOSTILE_RUNS=$((HOSTILE_RUNS + 1))
	printf '  [hostile] %-42s exit %d (%s) in %d ms\n' "$tag" "$ST_RC" "$(ipl_rc_name "$ST_RC")" "$ST_MS"
}
HOSTILE_RUNS=0 HOSTILE_OK=0 HOSTILE_FAILED=0

# A well-behaved scripted BMC first: the script itself must work.
HOSTILE_DESC=good
hostile_start good
hostile_run ok status
hostile_run ok off
hostile_run ok on
hostile_run ok off vg
hostile_stop

# Corrupt answers, to Get Chassis Status, then to Chassis Control only.
for mode in truncated oversized wrong-session wrong-seq wrong-rqseq bad-checksum random noise-then-good; do
	case $mode in
	oversized) expect=any ;;       # extra bytes may be ignored, truthfully
	# OpenIPMI does not verify the IPMI message checksums of LAN answers
	# (lib/ipmi_lan.c 2.0.33), and the plugin never sees them: a status
	# answer whose only fault is its checksums is used.  It must still be
	# true; a control answer with CC 0 is never trusted without polls.
	bad-checksum) expect=any ;;
	noise-then-good) expect=ok ;;  # the junk is skipped, the answer used
	*) expect=fail ;;
	esac
	n=1
	[ "$mode" = truncated ] && n=4   # four ways to cut an answer
	for target in status control; do
		HOSTILE_DESC="$mode/$target"
		hostile_start "$mode" --target "$target"
		for i in $(seq 1 $n); do
			if [ "$target" = status ]; then
				hostile_run "$expect" status
			else
				echo 1 >"$HOSTILE_STATE"
				hostile_run "$expect" off
			fi
		done
		echo 1 >"$HOSTILE_STATE"
		hostile_run "$expect" "$([ "$target" = status ] && echo status || echo off)" vg
		hostile_stop
	done
done

# Random datagrams from the first answer on; a BMC that never answers.
for mode in random-setup silent; do
	HOSTILE_DESC=$mode
	hostile_start "$mode"
	hostile_run fail status
	hostile_run fail off vg
	hostile_stop
done

# Every error completion code, for Get Chassis Status and Chassis Control.
echo 01 >"$IPL_TMP/cc"
sample=" 01 7e 80 be c0 c1 c3 c9 cc d4 d5 d6 ff "
for kind in status control; do
	HOSTILE_DESC="cc-$kind"
	hostile_start "cc-$kind" --cc-file "$IPL_TMP/cc"
	bad=0
	for cc in $(seq 1 255); do
		hex=$(printf '%02x' "$cc")
		echo "$hex" >"$IPL_TMP/cc"
		echo 1 >"$HOSTILE_STATE"
		HOSTILE_DESC="cc-$kind=0x$hex"
		vg=
		case $sample in *" $hex "*) vg=vg ;; esac
		[ "${IPL_HOSTILE_ALL_VALGRIND:-0}" = 1 ] && vg=vg
		f0=$IPL_FAILS
		if [ "$kind" = status ]; then
			hostile_run fail status $vg >/dev/null
		else
			hostile_run fail off $vg >/dev/null
			[ "$(cat "$HOSTILE_STATE")" = 1 ] ||
				fail "cc-control=0x$hex: the BMC refused, yet power changed"
		fi
		# the code the plugin maps it to
		case $hex:$ST_RC in
		d4:2) ;; c3:6) ;;
		*:8) [ "$kind" = status ] || fail "cc-$kind=0x$hex: exit 8" ;;
		*:5) [ "$kind" = control ] || fail "cc-$kind=0x$hex: exit 5" ;;
		*) fail "cc-$kind=0x$hex: unexpected exit $ST_RC ($(ipl_rc_name "$ST_RC"))" ;;
		esac
		[ "$IPL_FAILS" = "$f0" ] || bad=$((bad + 1))
	done
	[ "$bad" = 0 ] && ok "cc-$kind: all 255 error codes refused cleanly (0xD4 S_ACCESS, 0xC3 S_TIMEOUT, others $([ $kind = status ] && echo S_OOPS || echo S_RESETFAIL))"
	hostile_stop
done

ipl_say "  [hostile] RESULT: $HOSTILE_RUNS runs: $HOSTILE_OK true successes, $HOSTILE_FAILED clean failures"
[ "$HOSTILE_RUNS" -gt 500 ] && ok "$HOSTILE_RUNS hostile runs: no crash, no hang, no false success"
ipl_finish
