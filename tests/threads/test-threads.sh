#!/bin/bash
# The same generated month (bench/gen: transfers, ledger, several files,
# Chinese headers) run on one thread and on several gives the same bytes.
# usage: test-threads.sh BINARY GENERATOR
set -u
bin=$(realpath "$1")
gen=$(realpath "$2")
. "$(dirname "$0")/../tally.sh"
"$gen" --records 200000 --employees 20000 --seed 7 --month 2026-10 "$tmp/m" >/dev/null || exit 1
cd "$tmp/m" || exit 1
mapfile -t args < args
for t in 1 2 4; do
	out=()
	for a in "${args[@]}"; do [ "$a" = out ] && a="$tmp/out-$t"; out+=("$a"); done
	"$bin" "${out[@]}" --threads $t -q 2>/dev/null || bad "--threads $t exits $?"
done
for t in 2 4; do
	for f in payroll detail liability carryover; do
		if cmp -s "$tmp/out-1/$f.csv" "$tmp/out-$t/$f.csv"; then ok "--threads $t: $f.csv"
		else bad "--threads $t: $f.csv differs"; fi
	done
done
[ "$(wc -l < "$tmp/out-1/detail.csv")" -gt 200000 ] && ok "detail.csv has every record" \
	|| bad "detail.csv is short"
finish
