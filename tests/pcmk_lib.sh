# tests/pcmk_lib.sh - namespaces, a private plugin directory and a one-node
# corosync + Pacemaker cluster for the Pacemaker and Heartbeat tests (bash;
# sourced after tests/lib.sh by tests/pcmk_*.sh and tests/heartbeat_*.sh).
#
# Pacemaker's and Heartbeat's paths are compiled in and libpils' plugin path
# too, so these tests run inside private namespaces that they create
# themselves (root needed):
#
#     . "$(dirname "$0")/lib.sh"
#     . "$(dirname "$0")/pcmk_lib.sh"
#     pcmk_enter_ns mount 120 "$@"   # re-runs this script in a mount namespace
#     ipl_init
#     pcmk_bind_plugin               # the built ipmilan.so is now the system one
#
# "cluster" instead of "mount" adds a network, a UTS and a pid namespace (the
# script is pid 1 there; whatever is left is killed when it exits).  Nothing is
# changed outside the namespaces: bind mounts and tmpfs vanish with them.

PCMK_SYS_PLUGIN_DIR=/usr/lib/stonith/plugins/stonith2

# pcmk_enter_ns MODE SECONDS ARGS...: unless already inside, re-run this script
# (with ARGS) inside new namespaces, killed after SECONDS; never returns then.
# MODE: mount (a private mount namespace) or cluster (mount, net and pid).
pcmk_enter_ns() {
	local mode=$1 limit=$2 rc
	local -a flags=(--mount --propagation private)
	shift 2
	if [ "${IPL_NS_INSIDE:-}" = "$mode" ]; then
		return 0
	fi
	[ "$(id -u)" = 0 ] ||
		ipl_skip "needs root: it runs Pacemaker in private namespaces (unshare, mount --bind)"
	command -v unshare >/dev/null 2>&1 || ipl_skip "unshare (util-linux) is not installed"
	if [ "$mode" = cluster ]; then
		flags+=(--net --pid --uts --fork --kill-child=TERM --mount-proc)
	fi
	pcmk_ns_possible "${flags[@]}"
	# timeout kills unshare; --kill-child passes TERM on to the script, whose
	# trap cleans up; the kernel then kills what is left in the pid namespace.
	IPL_NS_INSIDE=$mode IPL_NS_OUTER_UTS=$(readlink /proc/self/ns/uts) \
		timeout -k 20 "$limit" unshare "${flags[@]}" bash "$0" "$@"
	rc=$?
	[ "$rc" = 124 ] && printf 'FAIL: the whole test was killed after %s s\n' "$limit"
	exit "$rc"
}

# pcmk_ns_possible UNSHARE-FLAGS...: skip (77), with the reason, where these
# namespaces cannot be made: "/" is not a mount point (a chroot, some
# containers: "--propagation private" cannot remount it), or a trial
# unshare with the same flags is refused (no CAP_SYS_ADMIN, a seccomp
# filter, user namespaces only...).
pcmk_ns_possible() {
	local err
	command -v mountpoint >/dev/null 2>&1 ||
		ipl_skip "mountpoint (util-linux) is not installed"
	mountpoint -q / ||
		ipl_skip "/ is not a mount point here (a chroot or container?): no private mount namespace"
	if ! err=$(unshare "$@" true 2>&1); then
		ipl_skip "this system refuses 'unshare $*' (${err%%$'\n'*})"
	fi
}

# pcmk_need TOOL...: skip (77) unless every TOOL is installed; sets a variable
# named after each tool in upper case (dashes become underscores) to its path.
pcmk_need() {
	local t p v
	for t in "$@"; do
		p=$(ipl_find_tool "$t") || p=
		if [ -z "$p" ] && [ -x "/usr/libexec/heartbeat/$t" ]; then
			p=/usr/libexec/heartbeat/$t
		fi
		[ -n "$p" ] || ipl_skip "$t is not installed (tests/packages/cluster.list)"
		v=$(printf '%s' "$t" | tr 'a-z-' 'A-Z_')
		printf -v "$v" '%s' "$p"
	done
}

# pcmk_bind_plugin: inside the mount namespace, make the built module the one
# at $PCMK_SYS_PLUGIN_DIR/ipmilan.so for every program of the namespace.  When
# the system has cluster-glue's module there, a copy of ours is bind-mounted
# over that file; when it does not (removed or diverted), a directory holding
# only our module is bind-mounted over the plugin directory.  Sets
# PCMK_OLD_PLUGIN to the system module's path before the bind ("" if none).
pcmk_bind_plugin() {
	local priv=$IPL_TMP/stonith2
	mkdir -p "$priv"
	chmod 755 "$priv"
	cp "$IPL_PLUGIN" "$priv/ipmilan.so" || ipl_hard_error "cannot copy $IPL_PLUGIN"
	chmod 644 "$priv/ipmilan.so"
	PCMK_OLD_PLUGIN=
	if [ -f "$PCMK_SYS_PLUGIN_DIR/ipmilan.so" ]; then
		PCMK_OLD_PLUGIN=$IPL_TMP/old-ipmilan.so
		cp "$PCMK_SYS_PLUGIN_DIR/ipmilan.so" "$PCMK_OLD_PLUGIN"
		mount --bind "$priv/ipmilan.so" "$PCMK_SYS_PLUGIN_DIR/ipmilan.so" ||
			ipl_hard_error "mount --bind over $PCMK_SYS_PLUGIN_DIR/ipmilan.so failed"
	else
		mkdir -p "$PCMK_SYS_PLUGIN_DIR" 2>/dev/null
		mount --bind "$priv" "$PCMK_SYS_PLUGIN_DIR" ||
			ipl_hard_error "mount --bind over $PCMK_SYS_PLUGIN_DIR failed"
	fi
	cmp -s "$IPL_PLUGIN" "$PCMK_SYS_PLUGIN_DIR/ipmilan.so" ||
		ipl_hard_error "the bind mount did not put our module in place"
}

# pcmk_show_file FILE [BYTES]: print the end of FILE indented, the test
# passwords masked.
pcmk_show_file() {
	[ -s "$1" ] || return 0
	printf '    --- %s\n' "$1"
	ipl_mask "$(tail -c "${2:-6000}" "$1")" | sed 's/^/    | /'
}

# pcmk_has_secret FILE...: the simulator's password appears in a FILE.  The
# password is read from the simulator's 0600 file (grep -f), never put on
# grep's command line, where other processes could see it.
pcmk_has_secret() {
	[ -n "${SIM_DIR:-}" ] && [ -s "$SIM_DIR/ipmitool.pass" ] || return 1
	grep -qF -f "$SIM_DIR/ipmitool.pass" -- "$@" 2>/dev/null
}

# pcmk_timed OUTFILE CMD...: run CMD (bounded by PCMK_CMD_LIMIT s, stdin from
# /dev/null), stdout and stderr to OUTFILE.  Sets PCMK_RC and PCMK_MS.
PCMK_CMD_LIMIT=${PCMK_CMD_LIMIT:-90}
pcmk_timed() {
	local out=$1 t0 t1
	shift
	t0=$(ipl_now_ms)
	timeout -k 5 "$PCMK_CMD_LIMIT" "$@" </dev/null >"$out" 2>&1
	PCMK_RC=$?
	t1=$(ipl_now_ms)
	PCMK_MS=$((t1 - t0))
	if pcmk_has_secret "$out"; then
		fail "the password appears in the output of: $*"
	fi
}

# pcmk_no_secret_in FILE...: the test password appears in none of FILE.
pcmk_no_secret_in() {
	local f
	for f in "$@"; do
		[ -f "$f" ] || continue
		if pcmk_has_secret "$f"; then
			fail "the password appears in $f"
		else
			ok "no password in $(basename "$f")"
		fi
	done
}

# pcmk_set_hostname NAME: set the host name inside the UTS namespace only
# (hard error when this is not a private UTS namespace).
pcmk_set_hostname() {
	local here
	here=$(readlink /proc/self/ns/uts)
	if [ -z "${IPL_NS_OUTER_UTS:-}" ] || [ "$here" = "$IPL_NS_OUTER_UTS" ]; then
		ipl_hard_error "not in a private UTS namespace: the host name is left alone"
	fi
	hostname "$1" || ipl_hard_error "hostname $1 failed"
}

# ------------------------------------------------ a one-node cluster ---

PCMK_COROSYNC_PID=
PCMK_PACEMAKERD_PID=
PCMK_DIR=

# pcmk_cluster_prepare: inside the cluster namespaces: lo up, tmpfs on /run
# and /dev/shm, private directories over Pacemaker's and corosync's paths,
# corosync.conf for one node "node1" on 127.0.0.1, and a CIB seeded with
# dc-deadtime=2s and stonith-enabled=true.  Sets PCMK_DIR.
pcmk_cluster_prepare() {
	local d
	PCMK_DIR=$IPL_TMP/cluster
	pcmk_set_hostname node1
	ip link set lo up || ipl_hard_error "cannot bring lo up"
	mount -t tmpfs -o mode=755 tmpfs /run || ipl_hard_error "tmpfs on /run failed"
	mount -t tmpfs -o mode=1777 tmpfs /dev/shm || ipl_hard_error "tmpfs on /dev/shm failed"
	for d in lib-pacemaker/cib lib-pacemaker/pengine lib-pacemaker/blackbox \
		lib-pacemaker/cores log-pacemaker lib-corosync etc-corosync log-corosync; do
		mkdir -p "$PCMK_DIR/$d"
	done
	chown -R hacluster:haclient "$PCMK_DIR/lib-pacemaker" "$PCMK_DIR/log-pacemaker"
	chmod 750 "$PCMK_DIR"/lib-pacemaker/*
	chmod 770 "$PCMK_DIR/log-pacemaker"
	mkdir -p /run/crm
	chown hacluster:haclient /run/crm
	chmod 750 /run/crm
	mount --bind "$PCMK_DIR/lib-pacemaker" /var/lib/pacemaker &&
		mount --bind "$PCMK_DIR/log-pacemaker" /var/log/pacemaker &&
		mount --bind "$PCMK_DIR/lib-corosync" /var/lib/corosync &&
		mount --bind "$PCMK_DIR/etc-corosync" /etc/corosync ||
		ipl_hard_error "bind mounts over the cluster paths failed"

	cat >/etc/corosync/corosync.conf <<EOF
# one node on loopback, written by tests/pcmk_lib.sh
totem {
	version: 2
	cluster_name: ipltest
	transport: knet
	crypto_cipher: none
	crypto_hash: none
	token: 1000
}
logging {
	to_stderr: no
	to_syslog: no
	to_logfile: yes
	logfile: $PCMK_DIR/log-corosync/corosync.log
	timestamp: on
}
quorum {
	provider: corosync_votequorum
}
nodelist {
	node {
		name: node1
		nodeid: 1
		ring0_addr: 127.0.0.1
	}
}
uidgid {
	uid: hacluster
	gid: haclient
}
EOF
	(umask 077 && cat >/var/lib/pacemaker/cib/cib.xml <<'EOF'
<cib validate-with="pacemaker-3.0" epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="opt-dc-deadtime" name="dc-deadtime" value="2s"/>
        <nvpair id="opt-stonith-enabled" name="stonith-enabled" value="true"/>
        <nvpair id="opt-no-quorum-policy" name="no-quorum-policy" value="ignore"/>
      </cluster_property_set>
    </crm_config>
    <nodes/>
    <resources/>
    <constraints/>
  </configuration>
  <status/>
</cib>
EOF
	)
	chown hacluster:haclient /var/lib/pacemaker/cib/cib.xml
}

# pcmk_wait SECONDS CMD...: run CMD every 0.2 s until it succeeds; returns 1
# when SECONDS pass first.  CMD must bound itself (timeout) if it can hang.
pcmk_wait() {
	local limit=$1 t0 now
	shift
	t0=$(ipl_now_ms)
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		now=$(ipl_now_ms)
		[ $((now - t0)) -lt $((limit * 1000)) ] || return 1
		sleep 0.2
	done
}

pcmk_have_dc() {
	timeout -k 1 5 crmadmin --dc_lookup --timeout 2000 2>/dev/null | grep -q 'node1'
}

# pcmk_cluster_start: start corosync and pacemakerd (after
# pcmk_cluster_prepare) and wait until node1 is DC.  Sets PCMK_START_MS.
pcmk_cluster_start() {
	local t0 t1
	t0=$(ipl_now_ms)
	corosync -f >"$PCMK_DIR/corosync.out" 2>&1 &
	PCMK_COROSYNC_PID=$!
	if ! pcmk_wait 20 timeout -k 1 5 corosync-quorumtool -s; then
		pcmk_show_file "$PCMK_DIR/log-corosync/corosync.log"
		ipl_hard_error "corosync did not become quorate in 20 s"
	fi
	PCMK_logfile=/var/log/pacemaker/pacemaker.log PCMK_logfacility=none \
		pacemakerd >"$PCMK_DIR/pacemakerd.out" 2>&1 &
	PCMK_PACEMAKERD_PID=$!
	if ! pcmk_wait 60 pcmk_have_dc; then
		pcmk_show_file /var/log/pacemaker/pacemaker.log
		ipl_hard_error "no DC within 60 s of starting pacemakerd"
	fi
	t1=$(ipl_now_ms)
	PCMK_START_MS=$((t1 - t0))
}

# pcmk_cluster_stop: pacemakerd --shutdown bounded to 30 s, then corosync;
# whatever does not stop is killed by pid.  Sets PCMK_STOP_MS.
pcmk_cluster_stop() {
	local t0 t1 p kids
	t0=$(ipl_now_ms)
	if [ -n "$PCMK_PACEMAKERD_PID" ]; then
		kids=$(pgrep -P "$PCMK_PACEMAKERD_PID" 2>/dev/null)
		timeout -k 2 30 pacemakerd --shutdown >/dev/null 2>&1
		pcmk_wait 10 pcmk_pid_gone "$PCMK_PACEMAKERD_PID"
		ipl_kill_pid "$PCMK_PACEMAKERD_PID"
		for p in $kids; do
			kill -KILL "$p" 2>/dev/null
		done
		PCMK_PACEMAKERD_PID=
	fi
	if [ -n "$PCMK_COROSYNC_PID" ]; then
		ipl_kill_pid "$PCMK_COROSYNC_PID"
		PCMK_COROSYNC_PID=
	fi
	t1=$(ipl_now_ms)
	PCMK_STOP_MS=$((t1 - t0))
}

pcmk_pid_gone() {
	! kill -0 "$1" 2>/dev/null
}

# pcmk_trap_cleanup: the EXIT trap of the cluster tests (stop the cluster,
# then the harness's own cleanup), keeping the exit code.
pcmk_trap_cleanup() {
	local rc=$?
	if [ "$rc" != 0 ] && [ -n "$PCMK_DIR" ] && [ "${PCMK_SHOWN_LOGS:-0}" = 0 ]; then
		pcmk_show_logs
	fi
	pcmk_cluster_stop >/dev/null 2>&1
	(exit "$rc")
	ipl_cleanup
}

# pcmk_show_logs: the fencing-related lines of Pacemaker's log (masked).
pcmk_show_logs() {
	PCMK_SHOWN_LOGS=1
	local f=/var/log/pacemaker/pacemaker.log
	[ -f "$f" ] || return 0
	printf '    --- pacemaker.log (fencing lines, last 80)\n'
	ipl_mask "$(grep -E 'fence|stonith|ipmilan' "$f" | tail -n 80)" | sed 's/^/    | /'
}
