#!/bin/bash
# tests/fuzz_replay.sh - replay the committed fuzz corpora (fuzz/corpus/)
# through the fuzz targets built without libFuzzer (fuzz/replay_main.c),
# under valgrind when it is installed: every input a fuzzer ever found
# stays a regression test in "make check".
. "$(dirname "$0")/lib.sh"
ipl_init --no-plugin
corpus=$IPL_TESTS_SRCDIR/../fuzz/corpus
vg=()
if [ "${IPL_NO_VALGRIND:-0}" != 1 ] && command -v valgrind >/dev/null 2>&1; then
	vg=(valgrind --quiet --error-exitcode=97 --leak-check=full
		--errors-for-leak-kinds=definite --show-leak-kinds=definite)
fi
for t in config chassis; do
	prog=$IPL_BUILDDIR/tests/fuzz_${t}_replay
	[ -x "$IPL_BUILDDIR/tests/.libs/fuzz_${t}_replay" ] &&
		prog=$IPL_BUILDDIR/tests/.libs/fuzz_${t}_replay
	[ -x "$prog" ] || ipl_hard_error "$prog is not built (run make check)"
	n=$(ls "$corpus/$t" | wc -l)
	if out=$("${vg[@]}" "$prog" "$corpus/$t" 2>&1); then
		ok "fuzz_$t: $n corpus inputs replayed${vg:+ under valgrind} ($out)"
	else
		fail "fuzz_$t: replay failed: $out"
	fi
done
ipl_finish
