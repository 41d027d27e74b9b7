#!/bin/bash
# verify: a run reproduces; a changed wage, rule or output is named (exit 1).
. "$(dirname "$0")/lib.sh"

month 2026-09 "$tmp/out" --no-carry-in >/dev/null 2>&1 || bad "the sample month runs"
"$bin" verify "$tmp/out" >"$tmp/v" 2>&1 && grep -q '^verified: ' "$tmp/v" \
	&& ok "an untouched run verifies" || { bad "an untouched run verifies"; cat "$tmp/v"; }

# from another folder: the recorded cwd resolves the relative paths
(cd / && "$bin" verify "$tmp/out" >/dev/null 2>&1) && ok "verify from another folder" \
	|| bad "verify from another folder"

# a wage changed by one fen
cp samples/2026-09/wages.csv "$tmp/wages.bak"
sed -i '0,/5000\.00/s//5000.01/' samples/2026-09/wages.csv
"$bin" verify "$tmp/out" >"$tmp/v" 2>&1; rc=$?
[ $rc = 1 ] && grep -q '^input changed: samples/2026-09/wages.csv' "$tmp/v" \
	&& grep -q "^output differs: $tmp/out/payroll.csv:" "$tmp/v" \
	&& ok "a changed wage is named, exit 1" || { bad "a changed wage (rc=$rc)"; cat "$tmp/v"; }
cp "$tmp/wages.bak" samples/2026-09/wages.csv

# a rule changed: 5 yuan per point becomes 6
cp rules/penalties.yaml "$tmp/rules.bak"
sed -i 's/^yuan_per_point: 5/yuan_per_point: 6/' rules/penalties.yaml
"$bin" verify "$tmp/out" >"$tmp/v" 2>&1; rc=$?
[ $rc = 1 ] && grep -q '^input changed: rules/penalties.yaml' "$tmp/v" \
	&& ok "a changed rule is named, exit 1" || { bad "a changed rule (rc=$rc)"; cat "$tmp/v"; }
cp "$tmp/rules.bak" rules/penalties.yaml

# an output edited by hand: named with its line and both versions
sed -i '3s/^\(2026-09,[^,]*,[^,]*,[^,]*,\)[0-9]*/\19999/' "$tmp/out/payroll.csv"
"$bin" verify "$tmp/out" >"$tmp/v" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "^output differs: $tmp/out/payroll.csv:3\$" "$tmp/v" \
	&& grep -q '^  recorded: 2026-09,.*,9999' "$tmp/v" && grep -q '^  re-run:   2026-09,' "$tmp/v" \
	&& ok "an edited payroll.csv is named with its line" || { bad "an edited output (rc=$rc)"; cat "$tmp/v"; }

# the folder moved and the inputs with it: --base
month 2026-09 "$tmp/out2" --no-carry-in >/dev/null 2>&1
mv "$tmp/repo" "$tmp/moved"
"$bin" verify "$tmp/out2" >/dev/null 2>&1 && bad "verify without --base after a move should fail" \
	|| ok "a moved input folder fails without --base"
"$bin" verify "$tmp/out2" --base "$tmp/moved" >"$tmp/v" 2>&1 \
	&& ok "--base resolves the recorded paths" || { bad "--base"; cat "$tmp/v"; }
mv "$tmp/moved" "$tmp/repo"
cd "$tmp/repo"

# --out=DIR as one argument: the re-run still goes to a temporary folder
"$bin" run --month 2026-09 --rules rules/penalties.yaml --wages samples/2026-09/wages.csv \
	--org samples/org.csv --no-carry-in --out="$tmp/out3" samples/2026-09/qa.csv \
	samples/2026-09/complaints.csv >/dev/null 2>&1
"$bin" verify "$tmp/out3" >/dev/null 2>&1 && [ ! -e "$tmp/out3.tmp" ] \
	&& ok "verify of a run given --out=DIR" || bad "verify of a run given --out=DIR"

# no manifest: 66
"$bin" verify "$tmp/nothing-here" >/dev/null 2>&1; rc=$?
[ $rc = 66 ] && ok "a missing manifest exits 66" || bad "a missing manifest (rc=$rc)"

# a missing input is named
rm samples/2026-09/complaints.csv
"$bin" verify "$tmp/out2" >"$tmp/v" 2>&1; rc=$?
[ $rc = 1 ] && grep -q '^input missing: samples/2026-09/complaints.csv' "$tmp/v" \
	&& ok "a missing input is named" || { bad "a missing input (rc=$rc)"; cat "$tmp/v"; }
finish
