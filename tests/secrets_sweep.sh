#!/bin/bash
# tests/secrets_sweep.sh - the password and the K_g never leave the plugin:
#  1. stonith -d (debug) through every path - each configuration style
#     (name=value, -p, -F, -E, password_file/kg_file), every operation,
#     success and every kind of failure (wrong password, dead BMC, bad
#     configuration, refused cipher 0, bad K_g, refused secret file) - and
#     then every line of stdout and stderr of every run is searched for the
#     password, the wrong password and the K_g;
#  2. no other process's command line or environment holds the password
#     while an operation runs (with -F and password_file), and the plugin
#     starts no process (strace: one execve, one pid);
#  3. the insecure choices behave as documented: cipher 0 refused unless
#     allow_insecure_cipher0=true (then a warning), IPMI 1.5 auth none and
#     straight accepted with a warning;
#  4. no copy of the password stays in the heap of a process once its
#     device is destroyed (tests/check_longlived, case "secrets", bare).
. "$(dirname "$0")/lib.sh"
ipl_init
sim_start --no-ipv6
KG=K$(ipl_random_word 10)k
ipl_secret_add "$KG"
PAT=$IPL_TMP/secrets.pat   # the 0600 pattern file of lib.sh (grep -f)
# Generous time limits: this test is about where secrets go, not about
# speed, and must pass on a loaded machine (the plugin's timeout for every
# run that does not set its own, and the harness's kill limit above it).
IPL_NV_TIMEOUT=60
IPL_RUN_LIMIT=90

secret_pw_file() {   # MODE: a password file with that mode
	local f=$IPL_TMP/pw.$1
	(umask 077 && printf '%s\n' "$SIM_PASS" >"$f")
	chmod "$1" "$f"
	printf '%s\n' "$f"
}
PWF=$(secret_pw_file 600)
PWF_OPEN=$(secret_pw_file 644)
KGF=$IPL_TMP/kg.600
(umask 077 && printf '%s\n' "$KG" >"$KGF")

# dcfg STYLE ACTION...: run_cfg with -d (debug logging to stderr) added.
dcfg() {
	local style=$1
	shift
	run_cfg "$style" -d "$@"
}

runs0=$IPL_RUN_N
# 1. every style x every operation, debug on
for style in nv p F E; do
	for act in "-S" "-l" "-T off" "-T on" "-T reset"; do
		ipl_nv
		# shellcheck disable=SC2086
		dcfg "$style" $act $( [ "$act" = "-S" ] || [ "$act" = "-l" ] || echo node1)
		case $act in -l) ;; *) [ "$ST_RC" = 0 ] || fail "$style $act: exit $ST_RC" ;; esac
	done
done
# password_file / kg_file, by name and on a positional line ("-")
ipl_nv password= password_file="$PWF"
dcfg nv -T reset node1
expect_rc 0 "password_file by name"
ipl_nv password=- password_file="$PWF"
dcfg p -S
expect_rc 0 "password_file on a positional line (-p, password '-')"
dcfg F -S
expect_rc 0 "password_file on a positional line (-F)"
ipl_nv password= password_file="$PWF"
dcfg E -S
expect_rc 0 "password_file from the environment (-E)"
ipl_nv password= password_file="$PWF_OPEN"
dcfg nv -S
expect_rc 1 "a password file readable by others"
expect_err_match "password_file: \"$PWF_OPEN\" has mode 0644" "the refusal names the parameter, path and mode"
ipl_nv password= password_file="$IPL_TMP/nonexistent"
dcfg nv -S
expect_rc 1 "a missing password file"
expect_err_match "password_file: cannot open .*nonexistent" "the message names the missing file"
ipl_nv password_file="$PWF"
dcfg nv -S
expect_rc 1 "password and password_file together"
# K_g: the simulator has none and says so (Get Channel Authentication
# Capabilities, K_g status bit clear); OpenIPMI then keys the session with
# the user's key, as the specification says, so a K_g given to such a BMC
# is not used.  These runs are here for the leak search.
ipl_nv kg="$KG" msg_timeout=0.3 timeout=3
dcfg nv -S
expect_rc 0 "a K_g given to a BMC without K_g (not used)"
ipl_nv kg_file="$KGF" msg_timeout=0.3 timeout=3
dcfg E -S
expect_rc 0 "kg_file, to a BMC without K_g (not used)"
ipl_nv kg="0x$KG"
dcfg nv -S
expect_rc 1 "a K_g that is not hex after 0x"
# failures: wrong password, dead BMC, too long password, bad values
ipl_nv password="$SIM_WRONG_PASS"
dcfg nv -T off node1
expect_rc 2 "wrong password (RMCP+)"
ipl_nv interface=lan auth=md5 password="$SIM_WRONG_PASS" timeout=3 msg_timeout=0.2
dcfg p -S
ipl_dead_port
ipl_nv port="$DEAD_PORT" timeout=2 msg_timeout=0.2
dcfg F -T reset node1
expect_rc 6 "dead BMC"
ipl_nv password="${SIM_PASS}${SIM_PASS}"
dcfg nv -S
expect_rc 1 "a 32-byte password"
ipl_nv interface=lan password="${SIM_PASS}xyz"
dcfg nv -S
expect_rc 1 "an 18-byte password with IPMI 1.5"
# 3. the insecure choices
ipl_nv cipher=0
dcfg nv -S
expect_rc 1 "cipher 0 without allow_insecure_cipher0"
expect_err_match "cipher: \"0\" is refused" "cipher 0: the refusal says why"
ipl_nv cipher=0 allow_insecure_cipher0=true
dcfg nv -T off node1
expect_rc 0 "cipher 0 with allow_insecure_cipher0=true"
expect_err_match "WARN.*cipher suite 0 allowed" "cipher 0: a warning is logged"
expect_sessions lanplus "cipher 0"
for a in none straight; do
	ipl_nv interface=lan auth=$a
	sim_log_clear
	dcfg nv -T on node1
	expect_rc 0 "IPMI 1.5 auth=$a"
	expect_err_match "WARN.*auth=$a sends the password" "auth=$a: a warning is logged"
	expect_sessions lan "auth=$a"
done
ipl_nv interface=lan auth=md5
dcfg nv -S
expect_rc 0 "IPMI 1.5 auth=md5"
if grep -q "sends the password" "$ST_ERR"; then fail "auth=md5 warned"; else ok "auth=md5: no warning"; fi
run_stonith -t ipmilan -m
run_stonith -t ipmilan -n

# Every line of every run, stdout and stderr.
n=0 leaks=0
for f in "$IPL_TMP"/run*.out "$IPL_TMP"/run*.err; do
	n=$((n + $(wc -l <"$f")))
	if ipl_has_secret "$f"; then
		leaks=$((leaks + 1))
		fail "a secret appears in $(basename "$f")"
	fi
done
[ "$leaks" = 0 ] && ok "no secret in $n lines of output of $((IPL_RUN_N - runs0)) stonith runs (stonith -d)"
[ "$n" -gt 200 ] || fail "only $n lines of output: is debug logging on?"

# 2. other processes, while an operation runs.  One python3 process reads
# every /proc/PID/cmdline and /proc/PID/environ and counts those that hold a
# secret of the 0600 pattern file (no secret on its command line).  The BMC
# is made to stall in the middle of the operation (get_delay: ipmi_sim
# waits in chassis.sh before answering Get Chassis Status) for a time
# derived from a scan measured here first; the scanner itself waits (up to
# 30 s) for chassis.sh to log that "get", scans at once, then looks whether
# stonith still runs.  It prints "SCANNED MS ALIVE PID:FILE...", MS the
# time from the "get" seen to the end of the scan, ALIVE 1 when stonith
# (pid STONITH-PID) had not exited by then.
# proc_scan [CHASSIS-LOG STONITH-PID]
proc_scan() {
	python3 - "$PAT" "$@" <<'PY'
import os, sys, time
with open(sys.argv[1], "rb") as f:
    pats = [l.rstrip(b"\n") for l in f if l.strip()]
log, target = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else (None, None)

def running(pid):
    try:
        with open("/proc/%s/stat" % pid, "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in (b"Z", b"X")

if log:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and running(target):
        with open(log, "rb") as f:
            if b" get " in f.read():
                break
        time.sleep(0.02)
t0 = time.monotonic()
scanned, hits = 0, []
for pid in os.listdir("/proc"):
    if not pid.isdigit():
        continue
    try:
        with open("/proc/%s/cmdline" % pid, "rb") as f:
            cmd = f.read()
    except OSError:
        continue  # gone, or not ours to read
    scanned += 1
    try:
        with open("/proc/%s/environ" % pid, "rb") as f:
            env = f.read()
    except OSError:
        env = b""
    for name, data in (("cmdline", cmd), ("environ", env)):
        if any(p in data for p in pats):
            hits.append("%s:%s" % (pid, name))
alive = 1 if target and running(target) else 0
ms = int((time.monotonic() - t0) * 1000)
print(scanned, ms, alive, *hits)
PY
}
# scan_during_stall WHAT ARGS...: run stonith ARGS in the background while
# the BMC stalls, and the scan; sets SCAN (the scanner's words) and SCAN_PID
# (stonith's pid).
scan_during_stall() {
	local what=$1 alive
	shift
	sim_log_clear
	sim_knob get_delay "$STALL_S"
	(
		export LD_PRELOAD=$IPL_SHIM IPMILAN_TEST_PLUGIN_ROOT=$IPL_PLUGIN_ROOT
		exec "$IPL_STONITH" -d "$@" </dev/null >"$IPL_TMP/stall.out" 2>&1
	) &
	SCAN_PID=$!
	SCAN=$(proc_scan "$SIM_CHASSIS/log" "$SCAN_PID")
	grep -q ' get ' "$SIM_CHASSIS/log" || fail "$what: the BMC saw no get within 30 s"
	wait "$SCAN_PID"
	SCAN_RC=$?
	if ipl_has_secret "$IPL_TMP/stall.out"; then
		fail "$what: a secret appears in the output of stonith -d"
	fi
	read -r _ _ alive _ <<<"$SCAN"
	if [ "$alive" != 1 ]; then
		echo "    stonith exited $SCAN_RC; chassis log:"
		sed 's/^/    | /' "$SIM_CHASSIS/log"
		ipl_mask "$(tail -n 30 "$IPL_TMP/stall.out")" | sed 's/^/    | /'
	fi
	sim_knob_clear get_delay
}
# The stall: 10 times a whole scan as measured here (python3's start
# included), at least 3 s and at most 50 s; the plugin waits for one try of the message
# (msg_timeout) and all of it (timeout, which also bounds the background
# run) longer still.
t0=$(ipl_now_ms)
read -r cal_n _ <<<"$(proc_scan)"
cal_ms=$(($(ipl_now_ms) - t0))
STALL_S=$(((cal_ms * 10 + 999) / 1000))
[ "$STALL_S" -ge 3 ] || STALL_S=3
[ "$STALL_S" -le 50 ] || STALL_S=50 # msg_timeout (stall + 3 s) is at most 60 s
ipl_say "  (a scan of $cal_n processes took $cal_ms ms: the BMC stalls $STALL_S s)"
stall_nv=(msg_timeout=$((STALL_S + 3)) timeout=$((STALL_S * 2 + 10)))

ipl_nv password=- password_file="$PWF" "${stall_nv[@]}"
ipl_line_from_nv
ipl_config_file
scan_during_stall "-F" -t ipmilan -S -F "$CFG_FILE"
read -r scanned scan_ms alive hits <<<"$SCAN"
if [ "$alive" = 1 ]; then
	ok "scanned $scanned processes in $scan_ms ms while stonith -F ran"
else
	fail "the slow operation ended before the scan ended ($scan_ms ms, stall $STALL_S s)"
fi
[ "$scanned" -gt 1 ] || fail "the scan read only $scanned processes"
if [ -z "$hits" ]; then
	ok "no command line or environment holds the password (-F, password_file)"
else
	fail "command lines or environments hold the password: $hits"
fi
# the positive control: -p does put it on stonith's command line, and the
# same scan finds it there
ipl_nv "${stall_nv[@]}"
ipl_line_from_nv
scan_during_stall "-p" -t ipmilan -S -p "$LINE"
read -r scanned scan_ms alive hits <<<"$SCAN"
[ "$alive" = 1 ] || fail "control: the slow operation ended before the scan ended"
case " $hits " in
*" $SCAN_PID:cmdline "*)
	ok "control: with -p the scan does see the password on stonith's command line (README says avoid -p)" ;;
*) fail "control: the scan missed the password on a -p command line (hits: ${hits:-none})" ;;
esac

if command -v strace >/dev/null 2>&1; then
	ipl_nv password= password_file="$PWF"
	IPL_WRAPPER=(strace -f -qq -e trace=execve,fork,vfork,clone,clone3 -o "$IPL_TMP/strace")
	run_cfg nv -T reset node1
	IPL_WRAPPER=()
	expect_rc 0 "reset under strace"
	execs=$(grep -c 'execve(' "$IPL_TMP/strace")
	pids=$(awk '{print $1}' "$IPL_TMP/strace" | sort -u | wc -l)
	[ "$execs" = 1 ] && [ "$pids" = 1 ] &&
		ok "the plugin starts no process and no thread (1 execve, 1 pid)" ||
		fail "strace saw $execs execve and $pids pids: $(head -c 2000 "$IPL_TMP/strace")"
	ipl_has_secret "$IPL_TMP/strace" && fail "the password is in an execve's arguments"
else
	ipl_say "  (strace not installed: process check skipped)"
fi

# 4. the heap after destroy (tests/check_longlived, a Check program: not
# built when configure found no Check, and only then is this part left out)
prog=$IPL_BUILDDIR/tests/check_longlived
[ -x "$IPL_BUILDDIR/tests/.libs/check_longlived" ] && prog=$IPL_BUILDDIR/tests/.libs/check_longlived
if [ ! -e "$prog" ] && [ "${IPL_HAVE_CHECK:-yes}" = no ]; then
	ipl_say "  (part 4, the heap scan, not run: tests/check_longlived needs Check, which configure did not find)"
elif IPMILAN_TEST_PLUGIN_ROOT=$IPL_PLUGIN_ROOT IPL_TEST_PORT=$SIM_PORT IPL_TEST_USER=$SIM_OPER \
	IPL_TEST_PASSWORD=$SIM_PASS IPL_TEST_STATE=$SIM_CHASSIS CK_FORK=no CK_RUN_CASE=secrets \
	"$prog" >"$IPL_TMP/heap.out" 2>&1; then
	ok "the password is in the heap while the device lives, and gone after destroy"
else
	fail "heap scan: $(ipl_mask "$(cat "$IPL_TMP/heap.out")")"
fi

# kg_file against a simulator that has that K_g: used, and a wrong one
# refused; no K_g in the output either.
SIM_BMC_KEY=$KG sim_start --no-ipv6
ipl_nv kg_file="$KGF"
dcfg nv -T reset node1
expect_rc 0 "kg_file with the BMC's own K_g"
WKGF=$IPL_TMP/kg.wrong
(umask 077 && printf 'W%s\n' "$KG" >"$WKGF")
ipl_nv kg_file="$WKGF" timeout=3 msg_timeout=0.3
dcfg E -S
expect_rc 2 "kg_file with a wrong K_g"
for f in "$IPL_TMP"/run*.out "$IPL_TMP"/run*.err; do
	ipl_has_secret "$f" && fail "a secret appears in $(basename "$f")"
done
ok "no K_g in any output"
ipl_finish
