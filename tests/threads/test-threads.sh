#!/bin/bash
# The same generated month (bench/gen: transfers, ledger, several files,
# Chinese headers) run on one thread and on several gives the same bytes.
# usage: test-threads.sh BINARY GENERATOR
set -u
bin=$(realpath "$1")
gen=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
failed=0
"$gen" --records 200000 --employees 20000 --seed 7 --month 2026-10 "$tmp/m" >/dev/null || exit 1
cd "$tmp/m" || exit 1
mapfile -t args < args
for t in 1 2 4; do
	out=()
	for a in "${args[@]}"; do [ "$a" = out ] && a="$tmp/out-$t"; out+=("$a"); done
	"$bin" "${out[@]}" --threads $t -q 2>/dev/null || { echo "FAIL --threads $t exits $?"; failed=$((failed + 1)); }
done
for t in 2 4; do
	for f in payroll detail liability carryover; do
		if cmp -s "$tmp/out-1/$f.csv" "$tmp/out-$t/$f.csv"; then pass=$((pass + 1)); echo "ok   --threads $t: $f.csv"
		else failed=$((failed + 1)); echo "FAIL --threads $t: $f.csv differs"; fi
	done
done
[ "$(wc -l < "$tmp/out-1/detail.csv")" -gt 200000 ] && pass=$((pass + 1)) || { failed=$((failed + 1)); echo "FAIL detail.csv is short"; }
echo "$pass passed, $failed failed"
[ "$failed" = 0 ]
