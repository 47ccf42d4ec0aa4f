#!/usr/bin/env bash
# tests/layout.sh - the source layout keeps the shape doc/design.md shows:
#   1. the module graph (#include "engine/..." and "front/..." between
#      src/ and include/) equals the one listed in doc/design.md, section 2,
#      between the lines "<!-- modules -->" and "<!-- /modules -->";
#   2. the engine knows nothing of cluster-glue: no file of src/engine/ or
#      include/engine/ includes <stonith/...>, <pils/...> or "front/...";
#   3. every engine source has a header of the same name, and every module
#      the graph names exists;
#   4. no source file is longer than 600 lines, and no function is longer
#      than 60 lines (counted from its name to its closing brace).
# Exits 0 pass, 1 fail.  Needs bash, awk, sed, sort.
set -eu
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
fails=0
fail() { printf 'FAIL: %s\n' "$*"; fails=$((fails + 1)); }
pass() { printf 'ok: %s\n' "$*"; }

# module FILE: "engine/session" for src/engine/session.c and
# include/engine/session.h; "stonith/stonith_rc" for src/stonith/stonith_rc.c
# and include/front/stonith_rc.h (a front end's headers live in front/).
module() {
	local f=${1#src/}
	f=${f#include/}
	f=${f%.*}
	case $f in front/*) f=$(front_module "${f#front/}") ;; esac
	printf '%s\n' "$f"
}

# front_module NAME: the module of include/front/NAME.h, the front end's
# directory that has src/*/NAME.c ("stonith/stonith_rc").
front_module() {
	local c
	for c in src/*/"$1".c; do
		[ -f "$c" ] && { c=${c#src/}; printf '%s\n' "${c%.c}"; return; }
	done
	printf 'front/%s\n' "$1"
}

# The graph from the sources: "a -> b" for each quoted include of a module.
actual=$(
	for f in src/*/*.c include/*/*.h; do
		m=$(module "$f")
		sed -n 's/^#include "\(engine\|front\)\/\([a-z0-9_]*\)\.h".*/\1\/\2/p' "$f" |
			while read -r dep; do
				case $dep in front/*) dep=$(front_module "${dep#front/}") ;; esac
				[ "$dep" = "$m" ] || printf '%s -> %s\n' "$m" "$dep"
			done
	done | sort -u
)

documented=$(sed -n '/^<!-- modules -->$/,/^<!-- \/modules -->$/p' doc/design.md |
	sed -n 's/^| *`\([a-z0-9_/]*\)` *| *\(.*\) |$/\1 \2/p' |
	while read -r m deps; do
		for d in $(printf '%s' "$deps" | tr -d '`,' ); do
			[ "$d" = "-" ] || printf '%s -> %s\n' "$m" "$d"
		done
	done | sort -u)

if [ -z "$documented" ]; then
	fail "doc/design.md has no module table between <!-- modules --> markers"
elif [ "$actual" = "$documented" ]; then
	pass "the include graph equals doc/design.md's ($(printf '%s\n' "$actual" | wc -l) arrows)"
else
	fail "the include graph differs from doc/design.md (< sources, > design.md):"
	diff <(printf '%s\n' "$actual") <(printf '%s\n' "$documented") | sed 's/^/    /' || true
fi

bad=$(grep -ln '#include <stonith/\|#include <pils/\|#include "front/' src/engine/*.c include/engine/*.h || true)
if [ -z "$bad" ]; then
	pass "the engine includes nothing of cluster-glue or a front end"
else
	fail "engine files include cluster-glue or a front end: $bad"
fi

for c in src/engine/*.c; do
	h=include/engine/$(basename "${c%.c}").h
	[ -f "$h" ] || fail "$c has no header $h"
done
for m in $(printf '%s\n' "$documented" | tr ' ' '\n' | grep / | sort -u); do
	[ -f "src/$m.c" ] || [ -f "include/$m.h" ] ||
		fail "doc/design.md names $m, which has no source or header"
done
pass "every engine source has its header"

long=$(wc -l src/*/*.c | awk '$2 != "total" && $1 > 600 { print $2 " (" $1 " lines)" }')
[ -z "$long" ] && pass "no source file over 600 lines" || fail "files over 600 lines: $long"

# A function: a line starting with an identifier and "(" at column 0 (the
# name line of this project's style), up to the next "}" at column 0.
funcs=$(awk '
	FNR == 1 { name = "" }
	/^[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/ && !/;[ \t]*$/ { name = $0; sub(/\(.*/, "", name); start = FNR; next }
	/^}/ && name != "" { n = FNR - start + 1; if (n > 60) print FILENAME ": " name " (" n " lines)"; name = "" }
	/^[a-z].*;[ \t]*$/ { if (name != "" && FNR == start + 1) name = "" }
' src/*/*.c)
[ -z "$funcs" ] && pass "no function over 60 lines" || fail "functions over 60 lines: $funcs"

if [ "$fails" -ne 0 ]; then
	printf '%d layout check(s) failed\n' "$fails"
	exit 1
fi
printf 'layout: all checks passed\n'
