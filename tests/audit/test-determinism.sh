#!/bin/bash
# Same inputs, same bytes: the files in another order, another working
# folder, another LANG and TZ all give identical CSVs.
. "$(dirname "$0")/lib.sh"

month 2026-09 "$tmp/a" --no-carry-in >/dev/null 2>&1 || bad "the first run"
# files in the other order
"$bin" run --month 2026-09 --rules rules/penalties.yaml --wages samples/2026-09/wages.csv \
	--org samples/org.csv --no-carry-in --out "$tmp/b" \
	samples/2026-09/complaints.csv samples/2026-09/qa.csv >/dev/null 2>&1 || bad "the second run"
# another locale and time zone
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 TZ=Asia/Shanghai month 2026-09 "$tmp/c" --no-carry-in \
	>/dev/null 2>&1 || bad "the run in another locale"
# another working folder, the same relative paths (a copy of the inputs)
mkdir -p "$tmp/elsewhere" && cp -R samples rules "$tmp/elsewhere/"
(cd "$tmp/elsewhere" && month 2026-09 "$tmp/d" --no-carry-in >/dev/null 2>&1) || bad "the run elsewhere"
for v in b c d; do
	for f in payroll detail liability carryover; do
		if cmp -s "$tmp/a/$f.csv" "$tmp/$v/$f.csv"; then ok "$v: $f.csv identical"
		else bad "$v: $f.csv differs"; diff "$tmp/a/$f.csv" "$tmp/$v/$f.csv" | head -5; fi
	done
done
finish
