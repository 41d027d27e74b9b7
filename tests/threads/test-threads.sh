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

# Every SHA-256 in the manifests is sha256sum's: inputs hashed as read,
# outputs (several buffers each here) as written, on several threads two
# outputs at a time.
for t in 1 2 4; do
	awk '/^  [a-z]+\.csv:$/ { f = "'"$tmp/out-$t/"'" substr($1, 1, length($1) - 1) }
	     /path: / { f = $NF } /sha256: / { print $2 "  " f }' "$tmp/out-$t/manifest.yaml" \
		> "$tmp/sums-$t"
	if [ "$(wc -l < "$tmp/sums-$t")" -eq 12 ] && sha256sum --quiet -c "$tmp/sums-$t" >/dev/null 2>&1
	then ok "--threads $t: the manifest's digests"
	else bad "--threads $t: the manifest's digests differ from sha256sum's"; fi
done

# The same month with errors only the computation finds (charged
# employees and supervisors without a wages row, charged records without
# an org row): the same messages, in the same order, on any number of
# threads, and nothing written.
cp -r "$tmp/m" "$tmp/e" || exit 1
cd "$tmp/e" || exit 1
awk 'NR == 1 || NR % 499 != 0' ../m/wages.csv > wages.csv
awk 'NR == 1 || NR % 4999 != 0' ../m/org.csv > org.csv
for t in 1 2 4; do
	out=()
	for a in "${args[@]}"; do [ "$a" = out ] && a="$tmp/eout-$t"; out+=("$a"); done
	# (in English, whatever the caller's locale: the messages are grepped)
	env -u LANGUAGE -u LC_MESSAGES LC_ALL=C.UTF-8 LANG=C.UTF-8 \
		"$bin" "${out[@]}" --threads $t -q 2> "$tmp/err-$t"
	echo $? > "$tmp/status-$t"
	[ -e "$tmp/eout-$t" ] && bad "--threads $t: wrote eout-$t despite errors"
done
[ "$(cat "$tmp/status-1")" = 65 ] && ok "errors: exit 65" || bad "errors: exit $(cat "$tmp/status-1")"
grep -q "but no wages row" "$tmp/err-1" && grep -q "is charged but has no wages row" "$tmp/err-1" &&
	grep -q "no org row covers" "$tmp/err-1" && ok "errors: all three kinds met" ||
	bad "errors: not every kind met: $(head -3 "$tmp/err-1")"
for t in 2 4; do
	if cmp -s "$tmp/err-1" "$tmp/err-$t" && cmp -s "$tmp/status-1" "$tmp/status-$t"; then
		ok "--threads $t: the same errors"
	else
		bad "--threads $t: other errors: $(diff "$tmp/err-1" "$tmp/err-$t" | head -5)"
	fi
done
finish
