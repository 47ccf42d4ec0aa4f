#!/bin/bash
# fuzz/run.sh - build the libFuzzer targets with clang (AddressSanitizer,
# UndefinedBehaviorSanitizer) and run each for a bounded time, starting
# from the committed corpus (fuzz/corpus/<target>/, never modified here).
#
# Usage: fuzz/run.sh [BUILDDIR]   (BUILDDIR: the configured build tree that
#        holds config.h; default: $abs_top_builddir, else the current one)
# FUZZ_SECONDS: seconds per target (default 60).  FUZZ_TARGETS: the list.
#
# A crash, leak or sanitizer report fails the run and leaves the input in
# the artifact directory printed at the end: add it to
# fuzz/corpus/<target>/ so that "make check" (tests/fuzz_replay.sh) replays
# it for ever after, and fix the bug.
#
# Why only the pure modules: the engine loads OpenIPMI with
# dlopen(RTLD_DEEPBIND), which AddressSanitizer refuses, so the targets link
# the pure modules of src/engine/ (the list below) and nothing else: no
# secret-file reader, no session.
set -u
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-${abs_top_builddir:-$PWD}}
[ -f "$build/config.h" ] || { echo "fuzz/run.sh: no config.h in $build (configure first)" >&2; exit 99; }
secs=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"config chassis"}

CLANG=
for c in clang-14 clang; do
	command -v "$c" >/dev/null 2>&1 && { CLANG=$c; break; }
done
[ -n "$CLANG" ] || { echo "SKIP: clang is not installed (clang-14, libclang-rt-14-dev)"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ipl-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
flags=(-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=undefined -I"$build" -I"$src/include"
	-isystem /usr/include/heartbeat
	$(pkg-config --cflags glib-2.0 OpenIPMI))
libs=$(pkg-config --libs glib-2.0)
pure=()
for m in result log text parse cipher params metadata config chassis; do
	pure+=("$src/src/engine/$m.c")
done
pure+=("$src/src/stonith/stonith_rc.c")

status=0
for t in $targets; do
	bin=$work/fuzz_$t
	if ! "$CLANG" "${flags[@]}" -o "$bin" "$src/fuzz/fuzz_$t.c" "${pure[@]}" $libs \
		>"$work/build_$t.log" 2>&1; then
		cat "$work/build_$t.log"
		if grep -q "libclang_rt.fuzzer\|cannot find.*fuzzer" "$work/build_$t.log"; then
			echo "SKIP: clang cannot link libFuzzer (install libclang-rt-14-dev)"
			exit 77
		fi
		echo "FAIL: fuzz_$t does not build"
		status=1
		continue
	fi
	mkdir -p "$work/corpus_$t" "$work/artifacts_$t"
	cp "$src/fuzz/corpus/$t/"* "$work/corpus_$t/" 2>/dev/null
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
		-print_final_stats=1 -artifact_prefix="$work/artifacts_$t/" \
		-dict="$src/fuzz/config.dict" \
		"$work/corpus_$t" >"$work/run_$t.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/run_$t.log")
	cov=$(grep -o 'cov: [0-9]*' "$work/run_$t.log" | tail -n 1)
	corpus=$(ls "$work/corpus_$t" | wc -l)
	if [ "$rc" = 0 ]; then
		echo "PASS: fuzz_$t: ${execs:-?} executions in ${secs} s, $cov, corpus $corpus inputs"
	else
		tail -n 60 "$work/run_$t.log"
		mkdir -p "$build/fuzz-artifacts"
		cp "$work/artifacts_$t/"* "$build/fuzz-artifacts/" 2>/dev/null
		echo "FAIL: fuzz_$t (exit $rc): inputs kept in $build/fuzz-artifacts/;" \
			"add them to fuzz/corpus/$t/"
		status=1
	fi
done
exit $status
