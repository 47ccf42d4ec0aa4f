#!/usr/bin/env bash
# tests/cluster/node_boot.sh CONF - one boot of a simulated cluster node.
#
# tests/cluster/chassis.sh runs this as pid 1 of fresh pid, mount and UTS
# namespaces inside the node's (persistent) network namespace whenever the
# node's BMC powers it on; the BMC's power off is SIGKILL to this process,
# which takes every process of the node with it.  Like a real boot: /run and
# /dev/shm are new and empty; /var/lib/pacemaker, /var/lib/corosync,
# /var/log/pacemaker and /etc/corosync are the node's own directories, kept
# across boots (bind mounts of directories below the test's temporary
# directory).  Then corosync and pacemakerd start.  CONF (bash syntax) sets
#   NODE       the node name (also the host name of its UTS namespace)
#   NODE_DIR   the node's directory (lib-pacemaker, log-pacemaker, ...)
set -u
# shellcheck source=/dev/null
. "$1"

# Nothing of ipmi_sim (its sockets, its console) may live on in the node.
for fd in /proc/self/fd/*; do
	fd=${fd##*/}
	[ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
done

die() {
	printf 'node_boot %s: %s\n' "$NODE" "$*" >&2
	exit 1
}

mount -t tmpfs -o mode=755 tmpfs /run || die "tmpfs on /run"
mount -t tmpfs -o mode=1777 tmpfs /dev/shm || die "tmpfs on /dev/shm"
mkdir -p /run/crm
chown hacluster:haclient /run/crm
chmod 750 /run/crm
mount --bind "$NODE_DIR/lib-pacemaker" /var/lib/pacemaker &&
	mount --bind "$NODE_DIR/log-pacemaker" /var/log/pacemaker &&
	mount --bind "$NODE_DIR/lib-corosync" /var/lib/corosync &&
	mount --bind "$NODE_DIR/etc-corosync" /etc/corosync ||
	die "bind mounts over the cluster paths"
hostname "$NODE" || die "hostname"
printf '%s boot\n' "$(date +%s.%3N)" >>"$NODE_DIR/boots"

corosync -f >>"$NODE_DIR/corosync.out" 2>&1 &
i=0
until corosync-cmapctl -g totem.cluster_name >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 100 ] || die "corosync did not answer within 20 s"
	sleep 0.2
done
printf '%s corosync\n' "$(date +%s.%3N)" >>"$NODE_DIR/boots"
PCMK_logfile=/var/log/pacemaker/pacemaker.log PCMK_logfacility=none \
	pacemakerd >>"$NODE_DIR/pacemakerd.out" 2>&1 &

# pid 1: reap whatever is orphaned, until the power goes off.
while :; do
	wait
	sleep 1 &
done
