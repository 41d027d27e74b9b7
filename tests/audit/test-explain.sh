#!/bin/bash
# explain: for every employee of both sample months, the Result figures
# equal that employee's payroll.csv row; an unknown ID is a usage error.
. "$(dirname "$0")/lib.sh"

month 2026-09 "$tmp/09" --no-carry-in >/dev/null 2>&1 || bad "September runs"
month 2026-10 "$tmp/10" --carry-in "$tmp/09/carryover.csv" >/dev/null 2>&1 || bad "October runs"
for m in 2026-09 2026-10; do
	if [ $m = 2026-09 ]; then carry=(--no-carry-in); else carry=(--carry-in "$tmp/09/carryover.csv"); fi
	n=0
	while IFS=, read -r _ id rest; do
		row=$(grep "^$m,$id," "$tmp/${m#2026-}/payroll.csv")
		IFS=, read -r -a f <<<"$row"
		# columns: 10 carry_in, 14 deduction, 15 net_pay, 16 carry_out, 17 waived, 18 flags
		want="carry_in ${f[10]}|deduction ${f[14]}|net_pay ${f[15]}|carry_out ${f[16]}|waived ${f[17]}|flags ${f[18]:-}"
		want=${want% }
		got=$("$bin" explain --employee "$id" --month $m --rules rules/penalties.yaml \
			--wages samples/$m/wages.csv --org samples/org.csv "${carry[@]}" \
			samples/$m/qa.csv samples/$m/complaints.csv 2>/dev/null |
			sed -n '/^Result$/,$p' | sed -n 's/^  \([a-z_]*\) *\(.*\)$/\1 \2/p' | sed 's/ *$//' | paste -sd'|')
		if [ "$got" = "$want" ]; then n=$((n + 1)); else bad "$m $id: explain says '$got', payroll.csv '$want'"; fi
	done < <(tail -n +2 "$tmp/${m#2026-}/payroll.csv")
	[ $n -gt 40 ] && ok "$m: explain agrees with payroll.csv for all $n employees" || bad "$m: only $n agreed"
done
"$bin" explain --employee NOBODY --month 2026-09 --rules rules/penalties.yaml \
	--wages samples/2026-09/wages.csv --org samples/org.csv --no-carry-in \
	samples/2026-09/qa.csv >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 64 ] && grep -q "unknown employee 'NOBODY'" "$tmp/err" && ok "an unknown ID is a usage error" \
	|| bad "unknown ID (rc=$rc)"
finish
