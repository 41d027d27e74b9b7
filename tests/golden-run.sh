#!/bin/bash
# Runs one golden case: tests/golden-run.sh BINARY CASEDIR
#
# CASEDIR/args holds the arguments, one per line; the case is copied to a
# scratch folder and run there (so relative paths stay as written).
# CASEDIR/env, if present, holds VAR=value lines exported for the run.
# expected/status is the exit status; expected/stdout and expected/stderr,
# when present, are compared exactly; expected/out/ holds every file the
# output folder `out` must contain (manifest.yaml is not compared, but must
# exist), byte for byte.  A failing case must leave no `out` and no
# temporary folder.
set -u
bin=$(realpath "$1")
case_dir=$(cd "$2" && pwd)
name=$(basename "$case_dir")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/work"
cp -R "$case_dir"/. "$tmp/work/"
rm -rf "$tmp/work/expected" "$tmp/work/NOTES.md"
cd "$tmp/work" || exit 1

mapfile -t args < "$case_dir/args"
if [ -f "$case_dir/env" ]; then
	while IFS= read -r kv; do [ -n "$kv" ] && export "${kv?}"; done < "$case_dir/env"
fi
"$bin" "${args[@]}" >"$tmp/stdout" 2>"$tmp/stderr"
status=$?

fail=0
say() { echo "$name: $*"; fail=1; }
want=$(cat "$case_dir/expected/status")
[ "$status" = "$want" ] || say "exit status $status, expected $want"
if [ -f "$case_dir/expected/stdout" ]; then
	diff -u "$case_dir/expected/stdout" "$tmp/stdout" || say "stdout differs"
fi
if [ -f "$case_dir/expected/stderr" ]; then
	diff -u "$case_dir/expected/stderr" "$tmp/stderr" || say "stderr differs"
fi
if [ -d "$case_dir/expected/out" ]; then
	for f in "$case_dir"/expected/out/*; do
		b=$(basename "$f")
		if [ ! -f "out/$b" ]; then
			say "out/$b was not written"
		else
			cmp -s "$f" "out/$b" || { diff -u "$f" "out/$b" | head -40; say "out/$b differs"; }
		fi
	done
	for f in out/*; do
		b=$(basename "$f")
		[ "$b" = manifest.yaml ] || [ -f "$case_dir/expected/out/$b" ] || say "unexpected output $b"
	done
	[ -f out/manifest.yaml ] || say "out/manifest.yaml was not written"
fi
if [ "$want" != 0 ]; then
	[ -e out ] && [ ! -e "$case_dir/out" ] && say "an output folder was left by a failed run"
	ls -d out.tmp-* >/dev/null 2>&1 && say "a temporary folder was left behind"
fi
if [ $fail != 0 ]; then
	echo "--- stderr:"; head -30 "$tmp/stderr"
	echo "--- stdout:"; head -10 "$tmp/stdout"
fi
exit $fail
