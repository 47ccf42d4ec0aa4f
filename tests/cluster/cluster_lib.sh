# shellcheck shell=bash
# tests/cluster/cluster_lib.sh - a real multi-node corosync 3 + Pacemaker
# cluster on one machine, each node with a simulated BMC whose power IS the
# node (bash; sourced after tests/lib.sh and tests/pcmk_lib.sh by
# tests/cluster_*.sh).
#
#     . "$(dirname "$0")/lib.sh"
#     . "$(dirname "$0")/pcmk_lib.sh"
#     . "$(dirname "$0")/cluster/cluster_lib.sh"
#     cl_enter 400 "$@"        # re-runs the script in the "switch" namespaces
#     cl_init                  # bridges, the built plugin bind-mounted
#     cl_node_add 1; cl_bmc_add 1 ...
#
# The layout (every address exists only inside namespaces this file makes):
#
#   switch: the script itself, pid 1 of private mount, network, UTS and pid
#     namespaces.  Two bridges: "ring" (the cluster network, 10.77.0.0/24,
#     corosync/knet) and "mgmt" (the management network, 10.78.0.0/24, where
#     the BMCs are).  The test's own address is 10.78.0.254 on mgmt (ipmitool,
#     the judge).  ipmi_sim processes and the tests run here.
#   nodeN: network namespace (ip netns, persistent across power cycles),
#     eth0 = 10.77.0.N on ring (veth nNr), eth1 = 10.78.0.N on mgmt (veth
#     nNm).  Each boot adds fresh pid, mount and UTS namespaces
#     (tests/cluster/node_boot.sh); the node's directories live in
#     $CL_DIR/nodeN and its logs stay there for the test to grep.
#   bmcN: network namespace with eth0 = 10.78.0.(100+N) on mgmt (veth bNm)
#     and, for a BMC with a second path, eth1 = 10.77.0.(100+N) on ring (veth
#     bNr); ipmi_sim listens on port 623 of those addresses (channels 1 and
#     2).  "ip link set bNm down" in the switch makes the BMC unreachable on
#     the management network without touching the node.
#
# Power on through the BMC boots the node; power off SIGKILLs the node's pid
# namespace (tests/cluster/chassis.sh).  Each BMC's chassis directory keeps
# "history" (one "SECONDS.MS off|on" line per real transition) and the
# knobs of tests/sim/chassis.sh (stuck, delay, fail...).

CL_SRCDIR=$IPL_TESTS_SRCDIR/cluster
CL_RING=10.77.0
CL_MGMT=10.78.0
CL_CONSOLE=$CL_MGMT.254
CL_NODES=
CL_BMCS=
CL_DIR=
CL_SAMPLER_PID=
declare -A CL_BMC_PID=() CL_BMC_FD=() CL_PASS=() CL_BMC_PORT=()

# ------------------------------------------------------------ entering ---

# cl_enter SECONDS ARGS...: unless already inside, re-run this script (with
# ARGS) as pid 1 of new mount, network, UTS and pid namespaces, killed after
# SECONDS; then check that none of its processes is left.  Skips (77) when
# this machine does not allow it.  Never returns outside.
cl_enter() {
	local limit=$1 rc outer ns p left
	shift
	[ "${IPL_NS_INSIDE:-}" = cluster-switch ] && return 0
	[ "$(id -u)" = 0 ] ||
		ipl_skip "needs root: namespaces, veth pairs, bridges and bind mounts"
	for p in unshare nsenter ip setsid mountpoint; do
		command -v "$p" >/dev/null 2>&1 || ipl_skip "$p is not installed"
	done
	mountpoint -q / ||
		ipl_skip "/ is not a mount point here: private mount namespaces cannot be set up"
	unshare --mount --net --pid --uts --fork --kill-child --mount-proc true 2>/dev/null ||
		ipl_skip "unshare of mount, net, pid and UTS namespaces is not permitted here"
	unshare --net sh -c 'ip link add name t0 type bridge &&
		ip link add name t1 type veth peer name t2' 2>/dev/null ||
		ipl_skip "this kernel offers no bridge or veth devices in a network namespace"
	outer=$(mktemp -d "${TMPDIR:-/tmp}/ipl-cluster-outer.XXXXXX") ||
		ipl_hard_error "mktemp failed"
	IPL_NS_INSIDE=cluster-switch CL_OUTER_DIR=$outer \
		timeout -k 20 "$limit" unshare --mount --propagation private --net --uts \
		--pid --fork --kill-child=TERM --mount-proc bash "$0" "$@"
	rc=$?
	[ "$rc" = 124 ] && printf 'FAIL: the whole test was killed after %s s\n' "$limit"
	# Nothing may outlive the test: no process in one of its namespaces,
	# none mentioning its temporary directory.
	left=0
	if [ -s "$outer/ns" ]; then
		while read -r ns p; do
			printf 'FAIL: left behind in %s: %s\n' "$ns" \
				"$(tr '\0' ' ' <"${p%/ns}/cmdline" 2>/dev/null)"
			left=1
		done < <(find /proc/[0-9]*/ns/ -maxdepth 1 \( -name pid -o -name net \) \
			-printf '%l %h\n' 2>/dev/null | grep -F -f "$outer/ns")
	fi
	if [ -s "$outer/tmp" ] && pgrep -f -- "$(cat "$outer/tmp")" >/dev/null; then
		printf 'FAIL: left behind: a process naming %s\n' "$(cat "$outer/tmp")"
		left=1
	fi
	if [ "$left" = 0 ]; then
		printf 'ok:   nothing left behind (ps, /proc/*/ns of %d namespaces)\n' \
			"$(wc -l <"$outer/ns" 2>/dev/null || echo 0)"
	elif [ "$rc" = 0 ]; then
		rc=1
	fi
	rm -rf "$outer"
	exit "$rc"
}

# cl_note_ns NSFILE: record the namespace of NSFILE (/proc/PID/ns/X or an
# "ip netns" file) for the leftover check, as /proc/*/ns/* links name it.
cl_note_ns() {
	local kind=pid
	case $1 in */net | /run/netns/*) kind=net ;; esac
	printf '%s:[%s]\n' "$kind" "$(stat -L -c %i "$1")" >>"$CL_OUTER_DIR/ns"
}

# cl_init: inside the switch: the harness (ipl_init), the tools, /run, the
# two bridges, the built plugin bind-mounted over the system one.
cl_init() {
	ipl_init
	pcmk_need corosync corosync-cmapctl pacemakerd stonith_admin cibadmin crm_mon \
		crm_resource crm_attribute fence_legacy nsenter ip setsid
	trap cl_cleanup EXIT
	CL_DIR=$IPL_TMP/cl
	mkdir -p "$CL_DIR"
	chmod 755 "$IPL_TMP"
	cl_note_ns /proc/self/ns/pid
	cl_note_ns /proc/self/ns/net
	printf '%s\n' "$IPL_TMP" >"$CL_OUTER_DIR/tmp"
	mount -t tmpfs -o mode=755 tmpfs /run || ipl_hard_error "tmpfs on /run failed"
	ip link set dev lo up
	ip link add name ring type bridge &&
		ip link add name mgmt type bridge &&
		ip link set dev ring up && ip link set dev mgmt up &&
		ip addr add "$CL_CONSOLE/24" dev mgmt ||
		ipl_hard_error "cannot create the bridges"
	pcmk_bind_plugin
}

# cl_cleanup: the EXIT trap: stop the sampler, power every node off (SIGKILL
# of its pid namespace), stop the BMCs; the harness cleans up the rest.
cl_cleanup() {
	local rc=$? n init fd
	[ -n "$CL_SAMPLER_PID" ] && ipl_kill_pid "$CL_SAMPLER_PID"
	if [ "$rc" != 0 ] && [ "${CL_SHOWN_LOGS:-0}" = 0 ] && [ -n "$CL_DIR" ]; then
		cl_show_logs
	fi
	for n in $CL_NODES; do
		init=$(cl_init_pid "$n")
		[ -n "$init" ] && kill -KILL "$init" 2>/dev/null
	done
	for n in $CL_NODES; do
		init=$(cl_init_pid "$n")
		[ -n "$init" ] && pcmk_wait 5 cl_pid_dead "$init"
	done
	for n in $CL_BMCS; do
		kill -CONT "${CL_BMC_PID[$n]}" 2>/dev/null
		ipl_kill_pid "${CL_BMC_PID[$n]}"
		fd=${CL_BMC_FD[$n]}
		exec {fd}>&-
	done
	(exit "$rc")
	ipl_cleanup
}

# ---------------------------------------------------------- the network ---

# cl_node_add N: node N's network namespace, its two veth pairs and its
# directories.
cl_node_add() {
	local n=$1 d=$CL_DIR/node$1 sub
	ip netns add "node$n" || ipl_hard_error "ip netns add node$n"
	cl_note_ns "/run/netns/node$n"
	ip link add name "n${n}r" type veth peer name eth0 netns "node$n" &&
		ip link add name "n${n}m" type veth peer name eth1 netns "node$n" &&
		ip link set dev "n${n}r" master ring up &&
		ip link set dev "n${n}m" master mgmt up &&
		ip -n "node$n" addr add "$CL_RING.$n/24" dev eth0 &&
		ip -n "node$n" addr add "$CL_MGMT.$n/24" dev eth1 &&
		ip -n "node$n" link set dev lo up &&
		ip -n "node$n" link set dev eth0 up &&
		ip -n "node$n" link set dev eth1 up ||
		ipl_hard_error "cannot wire node$n"
	for sub in lib-pacemaker/cib lib-pacemaker/pengine lib-pacemaker/blackbox \
		lib-pacemaker/cores log-pacemaker lib-corosync etc-corosync; do
		mkdir -p "$d/$sub"
	done
	chown -R hacluster:haclient "$d/lib-pacemaker" "$d/log-pacemaker"
	chmod 750 "$d"/lib-pacemaker/*
	chmod 770 "$d/log-pacemaker"
	printf 'NODE=node%s\nNODE_DIR=%s\n' "$n" "$d" >"$d/boot.conf"
	: >"$d/boots"
	CL_NODES="$CL_NODES $n"
}

# cl_ring_cut N / cl_ring_restore N: node N's cluster-network cable (the
# switch end of its veth) down / up.
cl_ring_cut() { ip link set dev "n${1}r" down; }
cl_ring_restore() { ip link set dev "n${1}r" up; }

# cl_bmc_cut N / cl_bmc_restore N: BMC N's management cable down / up.
cl_bmc_cut() { ip link set dev "b${1}m" down; }
cl_bmc_restore() { ip link set dev "b${1}m" up; }

# ------------------------------------------------------------- the BMCs ---

# cl_bmc_add N [--second-path] [--bare] [--port P]: BMC N in its own network
# namespace, started (cl_bmc_wait_all waits until it answers).
# --second-path also puts it on the ring network (channel 2,
# 10.77.0.(100+N)); --bare attaches no node (power changes only the files);
# --port: its UDP port (default 623).  Sets CL_PASS[N]; the password is in $CL_DIR/bmcN/pass (0600).
cl_bmc_add() {
	local n=$1 path2=0 bare=0 port=623 d=$CL_DIR/bmc$1 c guid fd
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--second-path) path2=1 ;;
		--bare) bare=1 ;;
		--port)
			port=$2
			shift
			;;
		*) ipl_hard_error "cl_bmc_add: $1" ;;
		esac
		shift
	done
	c=$d/chassis
	ip netns add "bmc$n" || ipl_hard_error "ip netns add bmc$n"
	cl_note_ns "/run/netns/bmc$n"
	ip link add name "b${n}m" type veth peer name eth0 netns "bmc$n" &&
		ip link set dev "b${n}m" master mgmt up &&
		ip -n "bmc$n" addr add "$CL_MGMT.$((100 + n))/24" dev eth0 &&
		ip -n "bmc$n" link set dev lo up &&
		ip -n "bmc$n" link set dev eth0 up ||
		ipl_hard_error "cannot wire bmc$n"
	if [ "$path2" = 1 ]; then
		ip link add name "b${n}r" type veth peer name eth1 netns "bmc$n" &&
			ip link set dev "b${n}r" master ring up &&
			ip -n "bmc$n" addr add "$CL_RING.$((100 + n))/24" dev eth1 &&
			ip -n "bmc$n" link set dev eth1 up ||
			ipl_hard_error "cannot wire bmc$n's second path"
	fi
	mkdir -p "$d/state" "$c"
	# A node is off until the test powers it on; a bare BMC's power is on.
	echo "$bare" >"$c/power"
	echo 0 >"$c/boots"
	: >"$c/log"
	: >"$c/history"
	CL_PASS[$n]=P$(ipl_random_word 13)x
	(umask 077 && printf '%s\n' "${CL_PASS[$n]}" >"$d/pass")
	ipl_secret_add "${CL_PASS[$n]}"
	{
		printf 'SIM_CHASSIS_SH=%s\n' "$IPL_SIM_SRCDIR/chassis.sh"
		if [ "$bare" = 0 ]; then
			printf 'NODE_NETNS=/run/netns/node%s\n' "$n"
			printf 'NODE_BOOT=%s\n' "$CL_SRCDIR/node_boot.sh"
			printf 'NODE_CONF=%s\n' "$CL_DIR/node$n/boot.conf"
			printf 'NODE_LOG=%s\n' "$CL_DIR/node$n/boot.log"
		fi
	} >"$c/node.conf"
	guid=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
	(umask 077 && sed -e "s|@NAME@|bmc$n|" -e "s|@ADDR1@|$CL_MGMT.$((100 + n))|" \
		-e "s|@ADDR2@|$CL_RING.$((100 + n))|" \
		-e "s|@PATH2@|$([ "$path2" = 1 ] || echo '#')|" -e "s|@GUID@|$guid|" \
		-e "s|@CHASSIS@|$CL_SRCDIR/chassis.sh|" -e "s|@CHASSISDIR@|$c|" \
		-e "s|@ADMIN_USER@|$SIM_ADMIN|" -e "s|@OPER_USER@|$SIM_OPER|" \
		-e "s|@PASS@|${CL_PASS[$n]}|" -e "s|@PORT@|$port|" \
		"$CL_SRCDIR/lan.conf.in" >"$d/lan.conf")
	cp "$IPL_SIM_SRCDIR/sim.emu" "$d/sim.emu"
	# The console is a FIFO held open here (see sim_start in tests/lib.sh):
	# "debug msg" logs every request to ipmi_sim.log.
	mkfifo -m 600 "$d/console" || ipl_hard_error "mkfifo failed"
	exec {fd}<>"$d/console"
	CL_BMC_FD[$n]=$fd
	(cd "$d" && exec nsenter --net="/run/netns/bmc$n" "$IPL_IPMI_SIM" -c "$d/lan.conf" \
		-f "$d/sim.emu" -s "$d/state" <"$d/console" >>"$d/ipmi_sim.log" 2>&1) &
	CL_BMC_PID[$n]=$!
	CL_BMC_PORT[$n]=$port
	CL_BMCS="$CL_BMCS $n"
}

# cl_bmc_wait_all: every BMC added answers ipmitool (within 10 s each).
cl_bmc_wait_all() {
	local n _
	for n in $CL_BMCS; do
		for _ in $(seq 1 50); do
			cl_bmc_power "$n" >/dev/null 2>&1 && continue 2
			kill -0 "${CL_BMC_PID[$n]}" 2>/dev/null || break
			sleep 0.2
		done
		sed 's/^/    | /' "$CL_DIR/bmc$n/ipmi_sim.log" >&2
		ipl_hard_error "bmc$n does not answer on $CL_MGMT.$((100 + n))"
	done
}

# cl_ipmitool N [-H ADDR] ARGS...: ipmitool as BMC N's operator over RMCP+
# (suite 3), the password from its 0600 file.
cl_ipmitool() {
	local n=$1 host=$CL_MGMT.$((100 + $1))
	shift
	if [ "${1:-}" = -H ]; then
		host=$2
		shift 2
	fi
	timeout 20 "$IPL_IPMITOOL" -I lanplus -C 3 -H "$host" -p "${CL_BMC_PORT[$n]}" -U "$SIM_OPER" \
		-f "$CL_DIR/bmc$n/pass" -L OPERATOR "$@"
}

# cl_bmc_power N: "on" or "off" as BMC N reports it over the network.
cl_bmc_power() {
	local out
	out=$(cl_ipmitool "$1" chassis power status 2>/dev/null) || return 1
	case $out in
	*"Power is on"*) echo on ;;
	*"Power is off"*) echo off ;;
	*) return 1 ;;
	esac
}

# cl_history N [AFTER_MS]: BMC N's power transitions ("MS off|on" lines,
# milliseconds since the epoch), those after AFTER_MS only.
cl_history() {
	awk -v after="${2:-0}" '{ split($1, t, "."); ms = t[1] * 1000 + t[2];
		if (ms > after) print ms, $2 }' "$CL_DIR/bmc$1/chassis/history"
}

# cl_history_words N [AFTER_MS]: the same as one word list, e.g. "off on".
cl_history_words() {
	cl_history "$@" | awk '{ printf "%s%s", sep, $2; sep = " " }'
}

# cl_bmc_knob N NAME [VALUE] / cl_bmc_knob_clear N NAME: the knobs of
# tests/sim/chassis.sh for BMC N.
cl_bmc_knob() { printf '%s' "${3:-}" >"$CL_DIR/bmc$1/chassis/$2"; }
cl_bmc_knob_clear() { rm -f "$CL_DIR/bmc$1/chassis/$2"; }

# ------------------------------------------------------------ the nodes ---

# cl_corosync_conf plain|two_node: corosync.conf (knet over the ring
# network, crypto none, 1 s token; two_node: 1 for the second form) for the
# nodes added so far, in every node.
cl_corosync_conf() {
	local n quorum_extra=''
	[ "$1" = two_node ] && quorum_extra=$'\ttwo_node: 1'
	for n in $CL_NODES; do
		{
			cat <<EOF
# written by tests/cluster/cluster_lib.sh
totem {
	version: 2
	cluster_name: iplcluster
	transport: knet
	crypto_cipher: none
	crypto_hash: none
	token: 1000
	token_coefficient: 0
}
logging {
	to_stderr: no
	to_syslog: no
	to_logfile: yes
	logfile: $CL_DIR/node$n/corosync.log
	timestamp: hires
}
quorum {
	provider: corosync_votequorum
$quorum_extra
}
uidgid {
	uid: hacluster
	gid: haclient
}
nodelist {
EOF
			for m in $CL_NODES; do
				printf '\tnode {\n\t\tname: node%s\n\t\tnodeid: %s\n\t\tring0_addr: %s\n\t}\n' \
					"$m" "$m" "$CL_RING.$m"
			done
			echo "}"
		} >"$CL_DIR/node$n/etc-corosync/corosync.conf"
	done
}

# cl_seed_cib FILE: FILE becomes every node's initial CIB.
cl_seed_cib() {
	local n f
	for n in $CL_NODES; do
		f=$CL_DIR/node$n/lib-pacemaker/cib/cib.xml
		(umask 077 && cp "$1" "$f")
		chown hacluster:haclient "$f"
	done
}

# cl_init_pid N: the pid (seen from the switch) of pid 1 of node N's current
# boot, or nothing when the node is off.
cl_init_pid() {
	local u
	u=$(cat "$CL_DIR/bmc$1/chassis/unshare.pid" 2>/dev/null) || return 0
	[ -n "$u" ] && cut -d' ' -f1 "/proc/$u/task/$u/children" 2>/dev/null
	return 0
}

cl_pid_dead() {
	local st
	st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) || return 0
	[ "$st" = Z ] || [ "$st" = X ]
}

# cl_on N CMD...: run CMD inside node N (its mount, network and UTS
# namespaces: its Pacemaker's IPC, its files).  Fails when N is off.
cl_on() {
	local n=$1 init
	shift
	init=$(cl_init_pid "$n")
	[ -n "$init" ] || return 125
	nsenter -t "$init" -m -n -u -- "$@"
}

# cl_power_on_all: power every node on through its BMC (ipmitool), and
# record the boots' pid namespaces.
cl_power_on_all() {
	local n
	for n in $CL_NODES; do
		cl_ipmitool "$n" chassis power on >/dev/null 2>&1 ||
			ipl_hard_error "bmc$n: power on failed"
	done
}

# cl_mon N FILE: crm_mon's XML status as node N sees it, into FILE.
cl_mon() {
	cl_on "$1" timeout -k 2 15 crm_mon -1 --output-as=xml >"$2" 2>/dev/null
}

# cl_online_set N: the names of the nodes node N sees online, sorted, one
# line ("node1 node2").
cl_online_set() {
	local f=$CL_DIR/mon.$1.$BASHPID
	cl_mon "$1" "$f" || { rm -f "$f"; return 1; }
	grep -o '<node name="[^"]*"[^>]*online="true"' "$f" |
		sed 's/^<node name="\([^"]*\)".*/\1/' | sort | paste -sd ' ' -
	rm -f "$f"
}

# cl_sees_online N "NAMES": node N sees exactly NAMES online (and has a DC).
cl_sees_online() {
	local got
	got=$(cl_online_set "$1") || return 1
	[ "$got" = "$2" ]
}

# cl_node_flag N NAME ATTR: the value of attribute ATTR (online, unclean...)
# of node NAME in node N's crm_mon XML.
cl_node_flag() {
	local f=$CL_DIR/mon.$1.$BASHPID
	cl_mon "$1" "$f" || { rm -f "$f"; return 1; }
	grep -o "<node name=\"$2\"[^>]*" "$f" | grep -o " $3=\"[^\"]*\"" | cut -d'"' -f2
	rm -f "$f"
}

# cl_dc N: the DC's name as node N sees it.
cl_dc() {
	local f=$CL_DIR/mon.$1.$BASHPID
	cl_mon "$1" "$f" || { rm -f "$f"; return 1; }
	grep -o '<current_dc [^>]*' "$f" | grep -o ' name="[^"]*"' | cut -d'"' -f2
	rm -f "$f"
}

# cl_rsc_nodes N RSC: the nodes where node N sees RSC active (one line).
cl_rsc_nodes() {
	local f=$CL_DIR/mon.$1.$BASHPID
	cl_mon "$1" "$f" || { rm -f "$f"; return 1; }
	awk -v id="$2" '
		index($0, "<resource id=\"" id "\"") { inr = ($0 !~ /\/>[ \t]*$/); next }
		inr && /<\/resource>/ { inr = 0 }
		inr && /<node name="/ { sub(/.*<node name="/, ""); sub(/".*/, ""); print }
	' "$f" | sort -u | paste -sd ' ' -
	rm -f "$f"
}

# ------------------------------------------------------------- sampler ---

# cl_sampler_start RSC: every 0.1 s, which nodes hold RSC's ocf:pacemaker:Dummy
# state file (/var/run/Dummy-RSC.state, in each node's own /run), appended to $CL_DIR/sampler on each change
# as "MS node1 node3".  Only bash builtins in the loop.
cl_sampler_start() {
	local rsc=$1
	(
		local prev=x cur n u init t
		trap 'exit 0' TERM
		while :; do
			cur=
			for n in $CL_NODES; do
				u=
				init=
				read -r u 2>/dev/null <"$CL_DIR/bmc$n/chassis/unshare.pid" || u=
				[ -n "$u" ] && read -r init _ 2>/dev/null <"/proc/$u/task/$u/children"
				if [ -n "$init" ] &&
					[ -e "/proc/$init/root/run/Dummy-$rsc.state" ]; then
					cur="$cur node$n"
				fi
			done
			if [ "$cur" != "$prev" ]; then
				t=${EPOCHREALTIME/./}
				printf '%s%s\n' "${t:0:13}" "$cur" >>"$CL_DIR/sampler"
				prev=$cur
			fi
			sleep 0.1
		done
	) &
	CL_SAMPLER_PID=$!
}

# cl_sampler_max: the largest number of nodes that ever held the resource
# at once.
cl_sampler_max() {
	awk 'NF - 1 > m { m = NF - 1 } END { print m + 0 }' "$CL_DIR/sampler"
}

# cl_sampler_first_on NODE AFTER_MS: when NODE first held the resource after
# AFTER_MS (ms), or nothing.
cl_sampler_first_on() {
	awk -v node="$1" -v after="$2" '$1 > after { for (i = 2; i <= NF; i++)
		if ($i == node) { print $1; exit } }' "$CL_DIR/sampler"
}

# ------------------------------------------------------------ the logs ---

# cl_log_grep FILE ERE [AFTER_MS]: every line of a Pacemaker or corosync log
# matching ERE whose time stamp ("Dec 01 21:13:20.372 ...") is after
# AFTER_MS, as "MS<TAB>LINE" (MS: milliseconds since the epoch, local time
# of this year).
cl_log_grep() {
	[ -f "$1" ] || return 0
	awk -v re="$2" -v after="${3:-0}" -v year="$(date +%Y)" '
		BEGIN { n = split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", m, " ")
			for (i = 1; i <= n; i++) mon[m[i]] = i }
		$0 ~ re && ($1 in mon) {
			split($3, t, /[:.]/)
			ms = mktime(year " " mon[$1] " " $2 " " t[1] " " t[2] " " t[3]) * 1000 \
				+ substr(t[4] "000", 1, 3)
			if (ms > after) printf "%d\t%s\n", ms, $0
		}' "$1"
}

# cl_plog N: node N's pacemaker.log.
cl_plog() { printf '%s\n' "$CL_DIR/node$1/log-pacemaker/pacemaker.log"; }

# cl_log_first N ERE [AFTER_MS]: the time (ms) of the first line of node N's
# pacemaker.log matching ERE after AFTER_MS (nothing and status 1 if none).
cl_log_first() {
	local out
	out=$(cl_log_grep "$(cl_plog "$1")" "$2" "${3:-0}" | head -n 1)
	[ -n "$out" ] || return 1
	printf '%s\n' "${out%%$'\t'*}"
}

# cl_log_count N ERE [AFTER_MS]: how many such lines.
cl_log_count() {
	cl_log_grep "$(cl_plog "$1")" "$2" "${3:-0}" | wc -l
}

# cl_now_ms: milliseconds since the epoch (bash builtin clock).
cl_now_ms() {
	local t=${EPOCHREALTIME/./}
	printf '%s\n' "${t:0:13}"
}

# cl_show_logs: the fencing lines of every node's log and each BMC history.
cl_show_logs() {
	local n f
	CL_SHOWN_LOGS=1
	for n in $CL_NODES; do
		f=$CL_DIR/node$n/log-pacemaker/pacemaker.log
		[ -f "$f" ] || continue
		printf '    --- node%s pacemaker.log (fencing lines, last 40)\n' "$n"
		ipl_mask "$(grep -E 'fenc|stonith|ipmilan|dummy' "$f" | grep -v 'pacemaker-based' |
			tail -n 40)" | sed 's/^/    | /'
	done
	for n in $CL_BMCS; do
		printf '    --- bmc%s history: %s\n' "$n" "$(cl_history_words "$n")"
	done
}

# cl_no_secret_in FILE...: no BMC password in any FILE (ok/fail per file).
cl_no_secret_in() {
	local f
	for f in "$@"; do
		[ -f "$f" ] || continue
		if ipl_has_secret "$f"; then
			fail "a BMC password appears in $f"
		else
			ok "no password in ${f#"$CL_DIR"/}"
		fi
	done
}

# ------------------------------------------------------------- the CIB ---

# cl_nv ID NAME VALUE: one nvpair element.
cl_nv() {
	printf '<nvpair id="%s-%s" name="%s" value="%s"/>' "$1" "$2" "$2" "$3"
}

# cl_fence_xml ID TARGET ADDR [NAME=VALUE...]: an ipmilan primitive fencing
# TARGET through the BMC at ADDR (the BMC numbered like TARGET unless bmc=N
# is given): operator login, password_file (never the password itself),
# RMCP+ suite 3, pcmk_host_list=TARGET, a monitor every hour (monitor=S
# sets another interval; its timeout is always Pacemaker's default 20 s).
# NAME=VALUE adds or replaces an instance attribute; NAME= removes one.
cl_fence_xml() {
	local id=$1 target=$2 addr=$3 kv k bmc=${2#node} monitor=3600s
	local -A v=()
	local -a names=(hostname ipaddr login password_file interface cipher pcmk_host_list)
	shift 3
	for kv in "$@"; do
		k=${kv%%=*}
		case $k in
		bmc | monitor)
			printf -v "$k" '%s' "${kv#*=}"
			continue
			;;
		esac
		v[$k]=${kv#*=}
		case " ${names[*]} " in *" $k "*) ;; *) names+=("$k") ;; esac
	done
	: "${v[hostname]=$target}" "${v[ipaddr]=$addr}" "${v[login]=$SIM_OPER}"
	: "${v[password_file]=$CL_DIR/bmc$bmc/pass}" "${v[interface]=lanplus}"
	: "${v[cipher]=3}" "${v[pcmk_host_list]=$target}"
	printf '<primitive id="%s" class="stonith" type="ipmilan">\n' "$id"
	printf '  <instance_attributes id="%s-params">\n' "$id"
	for k in "${names[@]}"; do
		[ -n "${v[$k]}" ] && printf '    %s\n' "$(cl_nv "$id" "$k" "${v[$k]}")"
	done
	printf '  </instance_attributes>\n'
	printf '  <operations><op id="%s-monitor" name="monitor" interval="%s"/></operations>\n' \
		"$id" "$monitor"
	printf '</primitive>\n'
}

# cl_cib_xml PROPS RESOURCES CONSTRAINTS: a whole initial CIB.  PROPS are
# NAME=VALUE cluster options added to dc-deadtime=2s, stonith-enabled=true
# and startup-fencing=false (the nodes boot one after the other and none
# may be fenced for being late; the tests remove it once all are up).
cl_cib_xml() {
	local kv
	cat <<EOF
<cib validate-with="pacemaker-3.0" epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        $(cl_nv opt dc-deadtime 2s)
        $(cl_nv opt stonith-enabled true)
        $(cl_nv opt startup-fencing false)
EOF
	for kv in $1; do
		printf '        %s\n' "$(cl_nv opt "${kv%%=*}" "${kv#*=}")"
	done
	cat <<EOF
      </cluster_property_set>
    </crm_config>
    <nodes/>
    <resources>
$2
    </resources>
    <constraints>
$3
    </constraints>
    <rsc_defaults>
      <meta_attributes id="rsc-options">
        $(cl_nv rsc-options resource-stickiness 100)
      </meta_attributes>
    </rsc_defaults>
  </configuration>
  <status/>
</cib>
EOF
}

# cl_dummy_xml ID: an ocf:pacemaker:Dummy (its state file is in the node's
# own /run) with a 10 s monitor.
cl_dummy_xml() {
	cat <<EOF
<primitive id="$1" class="ocf" provider="pacemaker" type="Dummy">
  <operations><op id="$1-monitor" name="monitor" interval="10s"/></operations>
</primitive>
EOF
}

# cl_ban_xml RSC NODE: RSC never runs on NODE.
cl_ban_xml() {
	printf '<rsc_location id="ban-%s-%s" rsc="%s" node="%s" score="-INFINITY"/>\n' \
		"$1" "$2" "$1" "$2"
}

# cl_log_first_any "N..." ERE [AFTER_MS]: the time (ms) of the earliest
# such line over the logs of the nodes N... (status 1 if none).
cl_log_first_any() {
	local n t best=
	for n in $1; do
		t=$(cl_log_first "$n" "$2" "${3:-0}") || continue
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then
			best=$t
		fi
	done
	[ -n "$best" ] || return 1
	printf '%s\n' "$best"
}

# cl_has_log_any "N..." ERE [AFTER_MS]: some node's log has such a line.
cl_has_log_any() {
	cl_log_first_any "$@" >/dev/null
}

# cl_rel MS T0: MS as seconds after T0 ("+1.234 s"), "-" when MS is empty.
cl_rel() {
	if [ -z "$1" ] || [ -z "$2" ]; then
		printf -- '-'
	else
		local d=$(($1 - $2))
		printf '+%d.%03d s' $((d / 1000)) $((d % 1000))
	fi
}

# cl_registered N DEV...: node N's fenced has registered every DEV.
cl_registered() {
	local n=$1 out d
	shift
	out=$(cl_on "$n" timeout 10 stonith_admin --list-registered 2>/dev/null) || return 1
	for d in "$@"; do
		grep -qx -- "$d" <<<"$out" || return 1
	done
}

# cl_log_line N ERE [AFTER_MS]: the first such line of node N's log itself.
cl_log_line() {
	cl_log_grep "$(cl_plog "$1")" "$2" "${3:-0}" | head -n 1 | cut -f2-
}
