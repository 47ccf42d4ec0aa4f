#!/usr/bin/env bash
# tests/cli_secrets.sh - the password never appears in the CLI's stdout or
# stderr (debug logging included, with and without a terminal), nor on the
# command line of any process while the plugin runs; and the plugin starts
# no other program (it talks to the BMC itself, through OpenIPMI).
. "$(dirname "$0")/lib.sh"
ipl_init
sim_start --no-ipv6
ipl_dead_port

command -v python3 >/dev/null 2>&1 || ipl_hard_error "python3 is needed for the process sampler"

# A sampler watches every process while stonith runs: it reports any whose
# command line holds the password and any child of a "stonith" process.
# The password reaches it through the environment, never argv.
SAMPLES=$IPL_TMP/sampler.out
# Only this test's own process tree counts as "ours" for the child check,
# so that another run's stonith (starting external/ipmi, say) is ignored.
IPL_SECRET=$SIM_PASS IPL_ROOT_PID=$$ python3 - "$SAMPLES" <<'PY' &
import os, sys, time
secret = os.environ.pop("IPL_SECRET").encode()
root = int(os.environ["IPL_ROOT_PID"])

def ours(procs, pid):
    """True when pid descends from this test script."""
    hops = 0
    while pid in procs and hops < 64:
        if pid == root:
            return True
        pid = procs[pid][1]
        hops += 1
    return False

out = open(sys.argv[1], "a", buffering=1)
me = os.getpid()
seen = set()
ready = False
while True:
    procs = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me:
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read()
            with open("/proc/%s/stat" % pid, "rb") as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index(b"(") + 1:stat.rindex(b")")]
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        procs[int(pid)] = (comm, ppid, cmd)
    for pid, (comm, ppid, cmd) in procs.items():
        if secret in cmd and pid not in seen:
            seen.add(pid)
            out.write("PASSWORD in argv of pid %d (%s)\n" % (pid, comm.decode(errors="replace")))
        parent = procs.get(ppid)
        if (parent and parent[0] == b"stonith" and ("c", pid) not in seen
                and ours(procs, ppid)):
            seen.add(("c", pid))
            out.write("CHILD of stonith: pid %d %s\n" % (pid, cmd.replace(b"\0", b" ").decode(errors="replace")[:200]))
    if not ready:
        ready = True
        open(sys.argv[1] + ".ready", "w").close()
    time.sleep(0.01)
PY
SAMPLER_PID=$!
IPL_SIM_PIDS="$IPL_SIM_PIDS $SAMPLER_PID" # stopped by the cleanup trap

# The sampler must see a password on a command line: show it one, once
# the sampler has finished its first scan, for as long as it needs to see
# it (bounded: a loaded machine may take seconds to start python3).
# sampler_wait N CMD...: run CMD every 0.1 s until it succeeds, N s at most.
sampler_wait() {
	local end=$(($(ipl_now_ms) + $1 * 1000))
	shift
	until "$@"; do
		[ "$(ipl_now_ms)" -lt "$end" ] || return 1
		sleep 0.1
	done
}
sampler_wait 30 test -e "$SAMPLES.ready" ||
	ipl_hard_error "the process sampler did not start within 30 s"
bash -c 'sleep 20; :' "$SIM_PASS" &
decoy=$!
sampler_wait 20 grep -q "PASSWORD in argv" "$SAMPLES" || true
kill "$decoy" 2>/dev/null
wait "$decoy" 2>/dev/null || true
if grep -q "PASSWORD in argv" "$SAMPLES"; then
	ok "the sampler detects a password on a command line"
else
	ipl_hard_error "the process sampler does not work"
fi
: >"$SAMPLES"

# Every style that keeps the password off stonith's own command line, with
# -d (debug logging on stderr), for operations that succeed and that fail.
for style in F E; do
	for act in "-S" "-T reset node1" "-T off node1" "-T on node1"; do
		ipl_nv reset_method=power_cycle
		# (GNU getopt moves the node name after the options)
		case $style in
		F) ipl_line_from_nv; ipl_config_file; run_stonith -d -t ipmilan $act -F "$CFG_FILE" ;;
		E) ipl_env_from_nv; run_stonith -d -t ipmilan $act -E ;;
		esac
		expect_rc 0 "$act (-$style, -d)"
	done
	# Failures print more: wrong login, refused command, dead BMC.
	ipl_nv login=nosuchuser
	[ $style = F ] && { ipl_line_from_nv; ipl_config_file; run_stonith -d -t ipmilan -S -F "$CFG_FILE"; }
	[ $style = E ] && { ipl_env_from_nv; run_stonith -d -t ipmilan -S -E; }
	expect_rc 2 "unknown user (-$style, -d)"
	sim_knob fail
	ipl_nv timeout=3
	[ $style = F ] && { ipl_line_from_nv; ipl_config_file; run_stonith -d -t ipmilan -T off -F "$CFG_FILE" node1; }
	[ $style = E ] && { ipl_env_from_nv; run_stonith -d -t ipmilan -T off -E node1; }
	expect_rc 5 "refused command (-$style, -d)"
	sim_knob_clear
	ipl_nv port=$DEAD_PORT timeout=2 msg_timeout=0.5
	[ $style = F ] && { ipl_line_from_nv; ipl_config_file; run_stonith -d -t ipmilan -S -F "$CFG_FILE"; }
	[ $style = E ] && { ipl_env_from_nv; run_stonith -d -t ipmilan -S -E; }
	expect_rc 6 "dead BMC (-$style, -d)"
done

# IPMI 1.5 "straight" sends the password in clear on the wire: still never
# in a log line.
ipl_nv interface=lan auth=straight
ipl_env_from_nv
run_stonith -d -t ipmilan -T reset -E node1
expect_rc 0 "-T reset, lan, auth=straight (-E, -d)"

# With a terminal on stdin the CLI logs to the terminal (not syslog).
if command -v script >/dev/null 2>&1; then
	ipl_nv
	ipl_line_from_nv
	ipl_config_file
	TTYOUT=$IPL_TMP/tty.out
	cmd=$(printf 'LD_PRELOAD=%q IPMILAN_TEST_PLUGIN_ROOT=%q %q -d -t ipmilan -T reset -F %q node1; echo "rc=$?"' \
		"$IPL_SHIM" "$IPL_PLUGIN_ROOT" "$IPL_STONITH" "$CFG_FILE")
	timeout 60 script -qec "$cmd" /dev/null >"$TTYOUT" 2>&1 </dev/null
	if grep -q "rc=0" "$TTYOUT"; then
		ok "-T reset with a terminal: exit 0"
	else
		fail "-T reset with a terminal: $(tail -3 "$TTYOUT")"
	fi
	if ipl_has_secret "$TTYOUT"; then
		fail "the password appears on the terminal"
	else
		ok "the password does not appear on the terminal ($(wc -l <"$TTYOUT") lines)"
	fi
	expect_power on "-T reset with a terminal"
fi

sleep 0.2
ipl_kill_pid "$SAMPLER_PID"
if grep -q "PASSWORD" "$SAMPLES"; then
	fail "the password was on a process command line: $(grep PASSWORD "$SAMPLES" | head -3)"
else
	ok "the password was on no process command line (sampled every 10 ms)"
fi
if grep -q "CHILD" "$SAMPLES"; then
	fail "the plugin started other programs: $(grep CHILD "$SAMPLES" | head -3)"
else
	ok "stonith started no other program"
fi
if ipl_has_secret "$IPL_TMP"/run*.out "$IPL_TMP"/run*.err; then
	fail "the password is in some run's output"
else
	ok "the password is in no run's output ($IPL_RUN_N runs)"
fi

ipl_finish
