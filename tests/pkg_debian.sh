#!/usr/bin/env bash
# tests/pkg_debian.sh - build the Debian package, install it, use it, remove
# it, purge it, lint it.
#
# Installs a package on this machine (as root), so it runs only when asked:
# IPL_PKG_TESTS=1, or CI=true (CI machines are thrown away); otherwise it is
# skipped (77).  It also skips when the package is already installed or its
# diversion already exists (it will not touch an administrator's
# installation), and when root, dpkg-buildpackage, debhelper or lintian are
# missing (tests/packages/packaging.list lists the Debian packages).
#
# Steps: the release file set ("make distdir") is copied to a temporary
# directory and built with "dpkg-buildpackage -us -uc -b"; the .deb is
# installed with dpkg -i: cluster-glue's ipmilan.so must be diverted to
# ipmilan.so.cluster-glue (unchanged), and the stonith command must load
# this plugin from the system plugin directory (no LD_PRELOAD shim); then
# dpkg -r must give cluster-glue's file back and drop the diversion, dpkg -P
# must leave nothing; lintian must report no error on the .deb and .changes.
# An EXIT trap purges the package and removes a left-over diversion, so the
# machine is left as it was found.  About 30 s on 2 cores.
. "$(dirname "$0")/lib.sh"

if [ "${IPL_PKG_TESTS:-0}" != 1 ] && [ "${CI:-}" != true ]; then
	ipl_skip "installs a package as root: set IPL_PKG_TESTS=1 (CI=true does too)"
fi
[ "$(id -u)" -eq 0 ] || ipl_skip "needs root (dpkg -i)"
for tool in dpkg-buildpackage dh lintian dpkg-divert; do
	command -v "$tool" >/dev/null 2>&1 ||
		ipl_skip "$tool is not installed (see tests/packages/packaging.list)"
done

PKG=cluster-glue-ipmilan
PLUGDIR=/usr/lib/stonith/plugins/stonith2
ORIG=$PLUGDIR/ipmilan.so
AGENT_PKG=fence-ipmi-native
AGENT=/usr/sbin/fence_ipmi_native
RNG=${IPL_METADATA_RNG:-/usr/share/cluster/relaxng/metadata.rng}
DIVERTED=$PLUGDIR/ipmilan.so.cluster-glue

pkg_state() {
	dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null || true
}
diversion() {
	dpkg-divert --list "$ORIG" 2>/dev/null
}

state=$(pkg_state)
if [ -n "$state" ] && [ "$state" != not-installed ]; then
	ipl_skip "$PKG is already on this machine ($state): not touching it"
fi
if [ -n "$(diversion)" ]; then
	ipl_skip "$ORIG is already diverted: $(diversion)"
fi

# No simulated BMC is used here: only the stonith CLI is needed, and it must
# load the installed plugin, so no plugin root (no shim) either.
IPL_IPMI_SIM=${IPL_IPMI_SIM:-unused}
IPL_IPMITOOL=${IPL_IPMITOOL:-unused}
ipl_init --no-plugin
[ -n "$IPL_BUILDDIR" ] || ipl_hard_error "no configured build tree (set abs_top_builddir)"

# with_dpkg_lock CMD...: run CMD, retrying for up to 5 minutes while another
# dpkg or apt holds the dpkg lock.  Output in $IPL_TMP/dpkg.log.
with_dpkg_lock() {
	local i rc
	for i in $(seq 1 150); do
		"$@" >"$IPL_TMP/dpkg.log" 2>&1
		rc=$?
		if [ "$rc" -ne 0 ] && grep -qi 'lock' "$IPL_TMP/dpkg.log" &&
			grep -qiE 'locked|could not get lock|unable to acquire' "$IPL_TMP/dpkg.log"; then
			sleep 2
			continue
		fi
		return "$rc"
	done
	return "$rc"
}

pkg_cleanup() {
	local st
	st=$(pkg_state)
	if [ -n "$st" ] && [ "$st" != not-installed ]; then
		printf 'cleanup: purging %s (%s)\n' "$PKG" "$st" >&2
		with_dpkg_lock dpkg -P "$PKG" || cat "$IPL_TMP/dpkg.log" >&2
	fi
	st=$(dpkg-query -W -f='${db:Status-Status}' "$AGENT_PKG" 2>/dev/null || true)
	if [ -n "$st" ] && [ "$st" != not-installed ]; then
		printf 'cleanup: purging %s (%s)\n' "$AGENT_PKG" "$st" >&2
		with_dpkg_lock dpkg -P "$AGENT_PKG" || cat "$IPL_TMP/dpkg.log" >&2
	fi
	if diversion | grep -q "by $PKG\$"; then
		printf 'cleanup: removing the diversion of %s\n' "$ORIG" >&2
		dpkg-divert --package "$PKG" --remove --rename --divert "$DIVERTED" "$ORIG" >&2
	fi
}
trap 'ipl_rc=$?; pkg_cleanup; (exit $ipl_rc); ipl_cleanup' EXIT

sha() {
	[ -e "$1" ] && sha256sum "$1" | cut -d' ' -f1
}

# --- before: cluster-glue's plugin ---------------------------------------
glue_sum=$(sha "$ORIG")
if [ -n "$glue_sum" ]; then
	run_stonith -t ipmilan -m
	if grep -q 'name="cipher"' "$ST_OUT"; then
		ipl_hard_error "$ORIG already describes a cipher parameter: not cluster-glue's plugin"
	fi
	ok "before: $ORIG is cluster-glue's plugin (no cipher parameter)"
else
	ipl_say "  (no $ORIG before the test: cluster-glue's plugin is not installed)"
fi

# --- build ---------------------------------------------------------------
# The release file set, so that a file missing from EXTRA_DIST fails here.
SRC=$IPL_TMP/build/ipmilan-stonith
mkdir -p "$IPL_TMP/build"
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	make -C "$IPL_BUILDDIR" distdir distdir="$SRC" >"$IPL_TMP/distdir.log" 2>&1; then
	ok "make distdir"
else
	tail -20 "$IPL_TMP/distdir.log"
	ipl_hard_error "make distdir failed"
fi
t0=$(ipl_now_ms)
if (cd "$SRC" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	timeout 1200 dpkg-buildpackage -us -uc -b) >"$IPL_TMP/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b ($(( ($(ipl_now_ms) - t0) / 1000 )) s)"
else
	tail -40 "$IPL_TMP/build.log"
	fail "dpkg-buildpackage -us -uc -b failed"
	ipl_finish
fi
if grep -q '^PASS: tests/check_' "$IPL_TMP/build.log" &&
	! grep -q '^PASS: tests/cli_' "$IPL_TMP/build.log"; then
	ok "the package build ran the unit tests only"
else
	fail "the package build did not run (only) the unit tests"
fi
DEB=$(ls "$IPL_TMP"/build/${PKG}_*.deb 2>/dev/null | head -n 1)
CHANGES=$(ls "$IPL_TMP"/build/ipmilan-stonith_*.changes 2>/dev/null | head -n 1)
[ -f "$DEB" ] && [ -f "$CHANGES" ] || ipl_hard_error "no .deb or .changes in $IPL_TMP/build"

dpkg-deb -c "$DEB" >"$IPL_TMP/deb.list"
if grep -q " \./usr/lib/stonith/plugins/stonith2/ipmilan\.so\$" "$IPL_TMP/deb.list" &&
	grep -q " \./usr/share/man/man7/ipmilan\.7\.gz\$" "$IPL_TMP/deb.list"; then
	ok "the .deb holds $ORIG and the manual page"
else
	fail "the .deb lacks $ORIG or usr/share/man/man7/ipmilan.7.gz"
	sed 's/^/    | /' "$IPL_TMP/deb.list"
fi
depends=$(dpkg-deb -f "$DEB" Depends)
for d in cluster-glue libopenipmi0; do
	case ", $depends," in
	*", $d,"* | *", $d "*) ok "Depends names $d" ;;
	*) fail "Depends lacks $d: $depends" ;;
	esac
done

# --- lintian -------------------------------------------------------------
lintian --pedantic --display-info "$DEB" "$CHANGES" >"$IPL_TMP/lintian.out" 2>"$IPL_TMP/lintian.err"
if grep -q '^E: ' "$IPL_TMP/lintian.out"; then
	fail "lintian reports errors"
else
	ok "lintian: no error ($(grep -c '^W: ' "$IPL_TMP/lintian.out") warnings)"
fi
sed 's/^/    lintian| /' "$IPL_TMP/lintian.out"

# --- install -------------------------------------------------------------
if with_dpkg_lock dpkg -i "$DEB"; then
	ok "dpkg -i"
else
	sed 's/^/    | /' "$IPL_TMP/dpkg.log"
	fail "dpkg -i failed"
	ipl_finish
fi
want="diversion of $ORIG to $DIVERTED by $PKG"
if [ "$(diversion)" = "$want" ]; then
	ok "dpkg-divert --list: $want"
else
	fail "dpkg-divert --list: expected [$want], got [$(diversion)]"
fi
if [ -n "$glue_sum" ]; then
	[ "$(sha "$DIVERTED")" = "$glue_sum" ] &&
		ok "cluster-glue's plugin is kept, unchanged, as $DIVERTED" ||
		fail "$DIVERTED is missing or differs from cluster-glue's plugin"
fi
built_sum=$(sha "$SRC/debian/$PKG$ORIG")
[ -n "$built_sum" ] && [ "$(sha "$ORIG")" = "$built_sum" ] &&
	ok "$ORIG is the plugin just built" ||
	fail "$ORIG is not the plugin of the package"

# The stonith command, without the shim: the system plugin directory.
ST_ENV=(LD_DEBUG=files)
run_stonith -t ipmilan -n
expect_rc 0 "installed: -n"
if grep -qF "file=$ORIG " "$ST_ERR" || grep -qF "file=$ORIG [" "$ST_ERR"; then
	ok "installed: stonith loads $ORIG"
else
	fail "installed: stonith did not load $ORIG"
	grep ipmilan "$ST_ERR" | head -5
fi
if grep -qF "ipmilan.so.cluster-glue" "$ST_ERR"; then
	fail "installed: the diverted plugin was loaded too"
else
	ok "installed: the diverted plugin is not loaded"
fi
got=$(grep -v '^[[:space:]]*$' "$ST_OUT" | sed 's/[[:space:]]*$//')
if [ "$got" = "hostname  ipaddr  port  auth  priv  login  password  reset_method" ]; then
	ok "installed: -n prints the eight positional names"
else
	fail "installed: -n printed [$got]"
fi
run_stonith -t ipmilan -m
expect_rc 0 "installed: -m"
if grep -q 'name="cipher"' "$ST_OUT"; then
	ok "installed: -m describes cipher (this plugin, not cluster-glue's)"
else
	fail "installed: -m has no cipher parameter: the old plugin is loaded"
fi
# PILS lists only files ending in .so: ipmilan once, the diverted name never.
run_stonith -L
expect_rc 0 "installed: -L"
n=$(grep -c '^ipmilan$' "$ST_OUT")
if [ "$n" = 1 ] && ! grep -q 'cluster-glue' "$ST_OUT"; then
	ok "installed: stonith -L lists ipmilan once, and not the diverted file"
else
	fail "installed: stonith -L lists ipmilan $n times: $(grep ipmilan "$ST_OUT" | paste -sd ' ' -)"
fi
if command -v man >/dev/null 2>&1; then
	page=$(MANPATH= man -w 7 ipmilan 2>/dev/null)
	[ "$page" = /usr/share/man/man7/ipmilan.7.gz ] &&
		ok "installed: man -w 7 ipmilan finds $page" ||
		fail "installed: man -w 7 ipmilan gives [$page]"
fi

# --- remove: cluster-glue's plugin comes back ----------------------------
if with_dpkg_lock dpkg -r "$PKG"; then
	ok "dpkg -r"
else
	sed 's/^/    | /' "$IPL_TMP/dpkg.log"
	fail "dpkg -r failed"
fi
[ -z "$(diversion)" ] && ok "removed: the diversion is gone" ||
	fail "removed: still diverted: $(diversion)"
[ ! -e "$DIVERTED" ] && ok "removed: $DIVERTED is gone" ||
	fail "removed: $DIVERTED still exists"
if [ -n "$glue_sum" ]; then
	[ "$(sha "$ORIG")" = "$glue_sum" ] &&
		ok "removed: cluster-glue's plugin is back at $ORIG" ||
		fail "removed: $ORIG is not cluster-glue's plugin"
	run_stonith -t ipmilan -m
	grep -q 'name="cipher"' "$ST_OUT" &&
		fail "removed: -m still describes cipher" ||
		ok "removed: stonith loads cluster-glue's plugin again"
else
	[ ! -e "$ORIG" ] && ok "removed: $ORIG is gone" || fail "removed: $ORIG is left"
fi
[ "$(pkg_state)" = config-files ] && ok "removed: state config-files" ||
	fail "removed: state [$(pkg_state)]"

# --- purge ---------------------------------------------------------------
if with_dpkg_lock dpkg -P "$PKG"; then
	ok "dpkg -P"
else
	sed 's/^/    | /' "$IPL_TMP/dpkg.log"
	fail "dpkg -P failed"
fi
st=$(pkg_state)
[ -z "$st" ] || [ "$st" = not-installed ] && ok "purged: $PKG is not installed" ||
	fail "purged: state [$st]"
[ ! -e /usr/share/doc/$PKG ] && [ ! -e /usr/share/man/man7/ipmilan.7.gz ] &&
	ok "purged: no file of $PKG is left" ||
	fail "purged: files of $PKG are left"

# --- the fence agent's package --------------------------------------------
AGENT_DEB=$(ls "$IPL_TMP"/build/${AGENT_PKG}_*.deb 2>/dev/null | head -n 1)
if [ -f "$AGENT_DEB" ]; then
	ok "the build made $(basename "$AGENT_DEB")"
else
	fail "no ${AGENT_PKG}_*.deb in $IPL_TMP/build"
	ipl_finish
fi
dpkg-deb -c "$AGENT_DEB" >"$IPL_TMP/agent.list"
if grep -q " \.$AGENT\$" "$IPL_TMP/agent.list" &&
	grep -q " \./usr/share/man/man8/fence_ipmi_native\.8\.gz\$" "$IPL_TMP/agent.list" &&
	! grep -q "stonith2/ipmilan" "$IPL_TMP/agent.list"; then
	ok "$AGENT_PKG holds $AGENT and fence_ipmi_native(8), not the plugin"
else
	fail "$AGENT_PKG's files are wrong"
	sed 's/^/    | /' "$IPL_TMP/agent.list"
fi
case ", $(dpkg-deb -f "$AGENT_DEB" Depends)," in
*cluster-glue*) fail "$AGENT_PKG depends on cluster-glue: $(dpkg-deb -f "$AGENT_DEB" Depends)" ;;
*) ok "$AGENT_PKG does not depend on cluster-glue" ;;
esac
if with_dpkg_lock dpkg -i "$AGENT_DEB"; then
	ok "dpkg -i $AGENT_PKG"
else
	sed 's/^/    | /' "$IPL_TMP/dpkg.log"
	fail "dpkg -i $AGENT_PKG failed"
	ipl_finish
fi
if "$AGENT" -o metadata >"$IPL_TMP/agent-meta.xml" 2>"$IPL_TMP/agent-meta.err" &&
	grep -q '<resource-agent name="fence_ipmi_native"' "$IPL_TMP/agent-meta.xml"; then
	ok "installed: $AGENT -o metadata"
else
	fail "installed: $AGENT -o metadata failed: $(head -c 300 "$IPL_TMP/agent-meta.err")"
fi
if command -v xmllint >/dev/null 2>&1 && [ -f "$RNG" ]; then
	xmllint --noout --relaxng "$RNG" "$IPL_TMP/agent-meta.xml" 2>"$IPL_TMP/xmllint.err" &&
		ok "installed: the metadata validates against $RNG" ||
		fail "installed: the metadata does not validate: $(head -c 300 "$IPL_TMP/xmllint.err")"
fi
# A bad value is refused by validate-all, naming the parameter.
printf 'ip=127.0.0.1\nusername=u\npassword=x\ncipher=99\naction=validate-all\n' |
	"$AGENT" >"$IPL_TMP/agent-val.out" 2>&1 && rc=0 || rc=$?
if [ "$rc" != 0 ] && grep -q cipher "$IPL_TMP/agent-val.out"; then
	ok "installed: validate-all refuses cipher=99 (exit $rc)"
else
	fail "installed: validate-all with cipher=99: exit $rc, said [$(head -c 300 "$IPL_TMP/agent-val.out")]"
fi
if with_dpkg_lock dpkg -P "$AGENT_PKG" && [ ! -e "$AGENT" ]; then
	ok "dpkg -P $AGENT_PKG removes $AGENT"
else
	fail "dpkg -P $AGENT_PKG failed or left $AGENT"
fi

ipl_finish
