#!/usr/bin/env bash
# tests/pkg_rpm.sh - the RPM spec (ipmilan-stonith.spec, made by configure).
#
# Always (when rpmbuild is installed, else skip 77): the spec parses
# (rpmspec -P) and names the paths the packaging promises; rpmlint (when
# installed) finds no error in it.
#
# With IPL_PKG_TESTS=1 or CI=true, and as root (rpm must chown), also:
#   - "rpmbuild -ta --nodeps" on a tarball of the release file set (the
#     BuildRequires are Fedora/SUSE names that Debian's rpm database does not
#     know, hence --nodeps; the %check unit tests run);
#   - rpmlint on the built RPMs: errors other than the ones explained below
#     fail the test;
#   - the scriptlets that stand in for dpkg-divert, on a second build whose
#     %{_prefix} is moved below the temporary directory, installed into a
#     private rpm database next to a stand-in "cluster-glue" RPM that owns
#     the old ipmilan.so: install, cluster-glue update, erase.  Nothing is
#     written outside the temporary directory.
# About 40 s on 2 cores.
. "$(dirname "$0")/lib.sh"

command -v rpmbuild >/dev/null 2>&1 || ipl_skip "rpmbuild is not installed (Debian: apt-get install rpm)"
command -v rpmspec >/dev/null 2>&1 || ipl_skip "rpmspec is not installed"

IPL_IPMI_SIM=${IPL_IPMI_SIM:-unused}
IPL_IPMITOOL=${IPL_IPMITOOL:-unused}
IPL_STONITH=${IPL_STONITH:-unused}
ipl_init --no-plugin
[ -n "$IPL_BUILDDIR" ] || ipl_hard_error "no configured build tree (set abs_top_builddir)"
SPEC=$IPL_BUILDDIR/ipmilan-stonith.spec
[ -f "$SPEC" ] || ipl_hard_error "$SPEC is missing (configure makes it)"

# --- the spec parses ---------------------------------------------------------
if rpmspec -P "$SPEC" >"$IPL_TMP/spec.parsed" 2>"$IPL_TMP/spec.err"; then
	ok "rpmspec -P parses the spec"
else
	fail "rpmspec -P: $(head -5 "$IPL_TMP/spec.err")"
fi
if grep -q 'Macro expanded in comment' "$IPL_TMP/spec.err"; then
	fail "rpmspec -P: $(grep -m1 'Macro expanded in comment' "$IPL_TMP/spec.err")"
fi
version=$(rpmspec -q --qf '%{VERSION}\n' "$SPEC" 2>/dev/null | head -n 1)
want=$(sed -n 's/^PACKAGE_VERSION = //p' "$IPL_BUILDDIR/Makefile")
[ -n "$version" ] && [ "$version" = "$want" ] && ok "the spec's version is $want" ||
	fail "the spec's version [$version] is not the package's [$want]"
libdir=$(rpm --eval '%{_libdir}')
for line in \
	"%ghost $libdir/stonith/plugins/stonith2/ipmilan.so" \
	"$libdir/ipmilan-stonith/ipmilan.so" \
	"Requires:       cluster-glue" \
	"Requires:       OpenIPMI-libs" \
	"BuildRequires:  OpenIPMI-devel" \
	"BuildRequires:  cluster-glue-libs-devel" \
	"BuildRequires:  check-devel"; do
	if grep -qxF -- "$line" "$IPL_TMP/spec.parsed"; then
		ok "the spec has: $line"
	else
		fail "the spec lacks: $line"
	fi
done
if command -v rpmlint >/dev/null 2>&1; then
	rpmlint "$SPEC" >"$IPL_TMP/rpmlint.spec" 2>&1
	if grep -q ': E: ' "$IPL_TMP/rpmlint.spec"; then
		fail "rpmlint reports errors in the spec"
	else
		ok "rpmlint: no error in the spec"
	fi
	grep -E ': [EW]: ' "$IPL_TMP/rpmlint.spec" | sed 's/^/    rpmlint| /'
fi

if [ "${IPL_PKG_TESTS:-0}" != 1 ] && [ "${CI:-}" != true ]; then
	ipl_say "  (rpmbuild and the scriptlet checks run with IPL_PKG_TESTS=1 or CI=true)"
	ipl_finish
fi
if [ "$(id -u)" -ne 0 ]; then
	ipl_say "  (rpmbuild and the scriptlet checks need root)"
	ipl_finish
fi

# --- rpmbuild -ta on the release tarball -----------------------------------
TOP=$IPL_TMP/rpm
mkdir -p "$TOP/dist"
src=$TOP/dist/ipmilan-stonith-$want
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	make -C "$IPL_BUILDDIR" distdir distdir="$src" >"$IPL_TMP/distdir.log" 2>&1 &&
	tar -C "$TOP/dist" -czf "$TOP/ipmilan-stonith-$want.tar.gz" "ipmilan-stonith-$want"; then
	ok "a tarball of the release file set"
else
	tail -20 "$IPL_TMP/distdir.log"
	ipl_hard_error "make distdir failed"
fi

# rpmbuild ARGS...: rpmbuild -ta --nodeps of the tarball into $TOP, plus ARGS.
rpmbuild_ta() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL timeout 1200 \
		rpmbuild -ta --nodeps --define "_topdir $TOP" "$@" \
		"$TOP/ipmilan-stonith-$want.tar.gz"
}
t0=$(ipl_now_ms)
if rpmbuild_ta >"$IPL_TMP/rpmbuild.log" 2>&1; then
	ok "rpmbuild -ta --nodeps ($(( ($(ipl_now_ms) - t0) / 1000 )) s)"
else
	tail -40 "$IPL_TMP/rpmbuild.log"
	fail "rpmbuild -ta --nodeps failed"
	ipl_finish
fi
grep -q '^PASS: tests/check_' "$IPL_TMP/rpmbuild.log" &&
	ok "%check ran the unit tests" || fail "%check did not run the unit tests"
RPM=$(ls "$TOP"/RPMS/*/ipmilan-stonith-"$want"-*.rpm 2>/dev/null | head -n 1)
[ -f "$RPM" ] || ipl_hard_error "no binary RPM in $TOP/RPMS"
rpm -qlp "$RPM" >"$IPL_TMP/rpm.list" 2>/dev/null
for f in "$libdir/ipmilan-stonith/ipmilan.so" "$libdir/stonith/plugins/stonith2/ipmilan.so"; do
	grep -qxF "$f" "$IPL_TMP/rpm.list" && ok "the RPM lists $f" || fail "the RPM lacks $f"
done
grep -q '/man7/ipmilan\.7' "$IPL_TMP/rpm.list" && ok "the RPM has the manual page" ||
	fail "the RPM lacks the manual page"
# The fence agent's subpackage: the agent and its page, no cluster-glue.
ARPM=$(ls "$TOP"/RPMS/*/fence-agents-ipmi-native-"$want"-*.rpm 2>/dev/null | head -n 1)
if [ -f "$ARPM" ]; then
	rpm -qlp "$ARPM" >"$IPL_TMP/arpm.list" 2>/dev/null
	sbindir=$(rpm --eval '%{_sbindir}')
	if grep -qxF "$sbindir/fence_ipmi_native" "$IPL_TMP/arpm.list" &&
		grep -q '/man8/fence_ipmi_native\.8' "$IPL_TMP/arpm.list" &&
		! grep -q 'stonith2' "$IPL_TMP/arpm.list"; then
		ok "fence-agents-ipmi-native holds $sbindir/fence_ipmi_native and its page, not the plugin"
	else
		fail "fence-agents-ipmi-native's files: $(paste -sd ' ' "$IPL_TMP/arpm.list")"
	fi
	if rpm -qp --requires "$ARPM" 2>/dev/null | grep -q cluster-glue; then
		fail "fence-agents-ipmi-native requires cluster-glue"
	else
		ok "fence-agents-ipmi-native does not require cluster-glue"
	fi
else
	fail "no fence-agents-ipmi-native RPM in $TOP/RPMS"
fi

# rpmlint errors explained: no-signature, no-packager-tag (the distribution's
# build system signs and fills Packager), no-group-tag (Group is obsolete in
# Fedora), explicit-lib-dependency OpenIPMI-libs (dlopen, see the spec).
if command -v rpmlint >/dev/null 2>&1; then
	rpmlint "$TOP"/RPMS/*/*.rpm "$TOP"/SRPMS/*.rpm >"$IPL_TMP/rpmlint.rpm" 2>&1
	grep ': E: ' "$IPL_TMP/rpmlint.rpm" |
		grep -vE ': E: (no-signature|no-packager-tag|no-group-tag)$' |
		grep -vE ': E: explicit-lib-dependency OpenIPMI-libs$' >"$IPL_TMP/rpmlint.errors"
	if [ -s "$IPL_TMP/rpmlint.errors" ]; then
		fail "rpmlint: unexplained errors in the RPMs"
	else
		ok "rpmlint: no unexplained error in the RPMs"
	fi
	grep -E ': [EW]: ' "$IPL_TMP/rpmlint.rpm" | sed 's/^/    rpmlint| /'
fi

# --- the scriptlets, relocated below $IPL_TMP --------------------------------
ROOT=$IPL_TMP/root
DB=$IPL_TMP/rpmdb
RTOP=$IPL_TMP/rrpm
mkdir -p "$ROOT" "$DB" "$RTOP"
R() { rpm --dbpath "$DB" "$@"; }
R --initdb
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL timeout 1200 \
	rpmbuild -ta --nodeps --nocheck --define "_topdir $RTOP" \
	--define "_prefix $ROOT/usr" --define "_defaultdocdir $ROOT/usr/share/doc" \
	--define "_defaultlicensedir $ROOT/usr/share/licenses" \
	--define "_build_id_links none" --define "debug_package %{nil}" \
	"$TOP/ipmilan-stonith-$want.tar.gz" >"$IPL_TMP/rrpmbuild.log" 2>&1; then
	ok "relocated rpmbuild (prefix $ROOT/usr)"
else
	tail -30 "$IPL_TMP/rrpmbuild.log"
	fail "relocated rpmbuild failed"
	ipl_finish
fi
RRPM=$(ls "$RTOP"/RPMS/*/ipmilan-stonith-"$want"-*.rpm | head -n 1)
outside=$(rpm -qlp "$RRPM" 2>/dev/null | grep -v "^$ROOT/")
[ -z "$outside" ] || ipl_hard_error "the relocated RPM has files outside $ROOT: $outside"

PD=$ROOT/usr/lib64/stonith/plugins/stonith2
# glue_rpm VERSION: a stand-in cluster-glue RPM owning $PD/ipmilan.so.
glue_rpm() {
	cat >"$IPL_TMP/glue.spec" <<EOF
Name: cluster-glue
Version: $1
Release: 1
Summary: stand-in for the test
License: MIT
BuildArch: noarch
%description
Stand-in owning the old ipmilan.so.
%install
mkdir -p %{buildroot}$PD
echo "old plugin $1" > %{buildroot}$PD/ipmilan.so
echo "another plugin" > %{buildroot}$PD/null.so
%files
%dir $PD
$PD/ipmilan.so
$PD/null.so
EOF
	rpmbuild -bb --define "_topdir $IPL_TMP/glue" "$IPL_TMP/glue.spec" >"$IPL_TMP/glue.log" 2>&1 ||
		ipl_hard_error "the stand-in cluster-glue RPM did not build: $(tail -5 "$IPL_TMP/glue.log")"
	ls "$IPL_TMP"/glue/RPMS/noarch/cluster-glue-"$1"-1.noarch.rpm
}
G1=$(glue_rpm 1)
G2=$(glue_rpm 2)

linked() {
	[ -L "$PD/ipmilan.so" ] && [ "$(readlink -f "$PD/ipmilan.so")" = "$ROOT/usr/lib64/ipmilan-stonith/ipmilan.so" ]
}
R -i --nodeps "$G1" 2>/dev/null
R -i --nodeps "$RRPM" >"$IPL_TMP/ri.log" 2>&1 && ok "rpm -i" || fail "rpm -i: $(cat "$IPL_TMP/ri.log")"
linked && ok "installed: ipmilan.so is a link to this plugin" ||
	fail "installed: $(ls -l "$PD/ipmilan.so")"
[ "$(cat "$PD/ipmilan.so.cluster-glue" 2>/dev/null)" = "old plugin 1" ] &&
	ok "installed: cluster-glue's file is kept as ipmilan.so.cluster-glue" ||
	fail "installed: no ipmilan.so.cluster-glue with cluster-glue's content"
R -qf "$PD/ipmilan.so" 2>/dev/null | grep -q '^ipmilan-stonith-' &&
	ok "installed: rpm -qf names ipmilan-stonith for the link" ||
	fail "installed: rpm -qf does not name ipmilan-stonith"

R -U --nodeps "$G2" 2>/dev/null
linked && ok "cluster-glue update: the link is put back (%triggerin)" ||
	fail "cluster-glue update: $(ls -l "$PD/ipmilan.so")"
[ "$(cat "$PD/ipmilan.so.cluster-glue" 2>/dev/null)" = "old plugin 2" ] &&
	ok "cluster-glue update: its new file is kept as ipmilan.so.cluster-glue" ||
	fail "cluster-glue update: ipmilan.so.cluster-glue is not the new file"

R -e --nodeps ipmilan-stonith >"$IPL_TMP/re.log" 2>&1 && ok "rpm -e" || fail "rpm -e: $(cat "$IPL_TMP/re.log")"
[ ! -L "$PD/ipmilan.so" ] && [ "$(cat "$PD/ipmilan.so" 2>/dev/null)" = "old plugin 2" ] &&
	ok "erased: cluster-glue's ipmilan.so is back" ||
	fail "erased: $(ls -l "$PD"/ipmilan.so* 2>&1)"
[ ! -e "$PD/ipmilan.so.cluster-glue" ] && ok "erased: no ipmilan.so.cluster-glue left" ||
	fail "erased: ipmilan.so.cluster-glue is left"
[ ! -e "$ROOT/usr/lib64/ipmilan-stonith" ] && ok "erased: no file of the package left" ||
	fail "erased: $ROOT/usr/lib64/ipmilan-stonith is left"
R -V cluster-glue >/dev/null 2>&1 && ok "erased: rpm -V cluster-glue is clean" ||
	fail "erased: rpm -V cluster-glue: $(R -V cluster-glue 2>&1)"

ipl_finish
