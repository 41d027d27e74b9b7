#!/bin/bash
# Builds the libFuzzer harnesses (if needed) and runs each one for a bounded
# time on a copy of its seed corpus.  Exits non-zero when a fuzzer found a
# crash, a leak, undefined behaviour, a timeout or an out-of-memory, or when
# a reproducer of fuzz/regress/ fails again.  This is what CI calls.
#
#   fuzz/run.sh                  every harness, FUZZ_SECONDS (60) each
#   fuzz/run.sh fuzz_rules       only the ones named
#
# Environment:
#   FUZZ_SECONDS   seconds per harness (default 60)
#   FUZZ_BUILD     build folder (default build-fuzz, in the source tree)
#   FUZZ_OUT       where corpora, logs and crash artifacts go (default: a
#                  new folder under ${TMPDIR:-/tmp}; kept, and printed)
#   FUZZ_ARGS      more libFuzzer flags, e.g. "-jobs=4 -workers=4"
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
seconds=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD:-build-fuzz}
case $build in /*) ;; *) build=$top/$build ;; esac

all=(fuzz_csv fuzz_rules fuzz_tables fuzz_manifest)
if [ $# -gt 0 ]; then harnesses=("$@"); else harnesses=("${all[@]}"); fi

corpus_of() {
	case $1 in
	fuzz_csv) echo csv ;;
	fuzz_rules) echo rules ;;
	fuzz_tables) echo tables ;;
	fuzz_manifest) echo manifest ;;
	*) echo "run.sh: unknown harness '$1' (want one of: ${all[*]})" >&2; exit 64 ;;
	esac
}
dict_of() {
	case $1 in
	fuzz_rules | fuzz_manifest) echo "$here/rules.dict" ;;
	*) echo "$here/csv.dict" ;;
	esac
}
for h in "${harnesses[@]}"; do corpus_of "$h" >/dev/null || exit 64; done

# ---- build ---------------------------------------------------------------
if ! grep -q "subdir('fuzz')" "$top/meson.build"; then
	echo "run.sh: $top/meson.build has no \"if get_option('fuzz') subdir('fuzz') endif\"" >&2
	exit 70
fi
if [ ! -f "$build/build.ninja" ]; then
	echo "== configuring $build"
	CC=${CC:-clang} meson setup "$build" "$top" -Dfuzz=true -Db_lundef=false || exit 70
elif ! grep -q "fuzz_csv" "$build/build.ninja"; then
	meson configure "$build" -Dfuzz=true || exit 70
fi
echo "== building the harnesses"
ninja -C "$build" "${harnesses[@]/#/fuzz/}" || exit 70

out=${FUZZ_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/pp-fuzz.XXXXXX")}
mkdir -p "$out"

# ---- regression: seeds and saved reproducers -----------------------------
status=0
echo "== regression run over fuzz/corpus and fuzz/regress"
for h in "${harnesses[@]}"; do
	c=$(corpus_of "$h")
	dirs=("$here/corpus/$c")
	[ -d "$here/regress/$h" ] && dirs+=("$here/regress/$h")
	# files, not folders: each runs whole, and the log names the one that fails
	mapfile -t files < <(find "${dirs[@]}" -type f ! -name '.*' | sort)
	if "$build/fuzz/$h" -rss_limit_mb=4096 -timeout=60 "${files[@]}" \
	    >"$out/$h-regress.log" 2>&1; then
		echo "$h: regression OK"
	else
		echo "$h: REGRESSION FAILED (log: $out/$h-regress.log)"
		grep 'Running:' "$out/$h-regress.log" | tail -1
		grep -E 'ERROR|SUMMARY|broken promise|runtime error|differ:$' "$out/$h-regress.log" | head -10
		status=1
	fi
done

# ---- fuzz ------------------------------------------------------------------
declare -A runs
for h in "${harnesses[@]}"; do
	c=$(corpus_of "$h")
	work=$out/$h
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/artifacts"
	cp -R "$here/corpus/$c/." "$work/corpus/"
	echo "== $h: fuzzing for ${seconds}s (corpus copy: $work/corpus)"
	# shellcheck disable=SC2086
	"$build/fuzz/$h" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
	    -dict="$(dict_of "$h")" -print_final_stats=1 \
	    -artifact_prefix="$work/artifacts/" ${FUZZ_ARGS:-} \
	    "$work/corpus" >"$work/log" 2>&1
	rc=$?
	n=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$work/log" | tail -1)
	[ -n "$n" ] || n="$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1) runs (stopped)"
	runs[$h]=$n
	arts=$(find "$work/artifacts" -type f | sort)
	if [ $rc -ne 0 ] || [ -n "$arts" ]; then
		status=1
		echo "$h: FOUND A PROBLEM (exit $rc): $n"
		# from the first report on: the sanitizer's stack, or what broke
		awk '/^==[0-9]+==|runtime error|broken promise|ALARM|out-of-memory|differ:$/ { on = 1 }
		    on && n++ < 60' "$work/log"
		for a in $arts; do
			echo "  reproducer: $a"
			echo "    rerun: $build/fuzz/$h $a"
			echo "    keep:  mkdir -p fuzz/regress/$h && cp $a fuzz/regress/$h/"
		done
		echo "  full log: $work/log"
	else
		echo "$h: OK, $n"
	fi
done

echo "== summary (logs, corpora and artifacts in $out)"
for h in "${harnesses[@]}"; do
	printf '%-12s %s\n' "$h" "${runs[$h]}"
done
exit $status
