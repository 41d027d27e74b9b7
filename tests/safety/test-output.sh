#!/bin/bash
# The output folder is written whole or not at all (SPEC §2): a read-only
# parent and a write error exit 73 with nothing left; a second run while one
# holds DIR.lock exits 75 naming the first's pid; a run killed with SIGKILL
# mid-write leaves the previous folder as it was, and the next run removes
# its temporary folder.
# usage: test-output.sh BINARY SRCDIR
set -u
bin=$(realpath "$1")
src=$(realpath "$2")
. "$(dirname "$0")/../tally.sh"
chmod 755 "$tmp"
python3 "$src/tests/safety/bigmonth.py" "$tmp/in" 300000 || exit 1
chmod -R a+rX "$tmp/in"
cd "$tmp/in" || exit 1
args=(run --month 2026-09 --rules rules.yaml --wages wages.csv --org org.csv --no-carry-in -q)
run() { "$bin" "${args[@]}" "$@" violations.csv; }
leftovers() { ls -d "$1".tmp-* 2>/dev/null; }

# 1. a read-only parent folder: 73, nothing created
mkdir -p "$tmp/ro" && chmod 555 "$tmp/ro"
if [ "$(id -u)" = 0 ]; then as_other=(setpriv --reuid=65534 --regid=65534 --clear-groups); else as_other=(); fi
"${as_other[@]}" "$bin" run --month 2026-09 --rules rules.yaml --wages wages.csv --org org.csv \
	--no-carry-in -q --out "$tmp/ro/out" violations.csv 2>"$tmp/err"; rc=$?
[ $rc = 73 ] && [ ! -e "$tmp/ro/out" ] && [ -z "$(ls "$tmp/ro")" ] \
	&& ok "read-only parent: exit 73, nothing left" || { bad "read-only parent (rc=$rc)"; cat "$tmp/err"; }

# 2. a write error half way (the file size limit stands in for a full disk)
(trap '' XFSZ; ulimit -f 2000; run --out "$tmp/full") 2>"$tmp/err"; rc=$?
[ $rc = 73 ] && [ ! -e "$tmp/full" ] && [ -z "$(leftovers "$tmp/full")" ] \
	&& grep -q 'cannot write' "$tmp/err" \
	&& ok "write error: exit 73, no folder, no temporary" || { bad "write error (rc=$rc)"; cat "$tmp/err"; }

# the previous month's output, to be protected below
run --out "$tmp/out" 2>/dev/null || bad "first run"
rm -rf "$tmp/before"; cp -R "$tmp/out" "$tmp/before"

# 3. two runs at once: the second exits 75 naming the first's pid
"$bin" "${args[@]}" --out "$tmp/out" --force violations.csv 2>/dev/null &
first=$!
for _ in $(seq 500); do [ -n "$(leftovers "$tmp/out")" ] && break; sleep 0.01; done
run --out "$tmp/out" --force 2>"$tmp/err"; rc=$?
wait $first; rc1=$?
[ $rc = 75 ] && grep -q "another run (pid $first)" "$tmp/err" \
	&& ok "a second run exits 75 naming pid $first" || { bad "concurrent run (rc=$rc)"; cat "$tmp/err"; }
[ $rc1 = 0 ] && ok "the first run finishes" || bad "the first run failed ($rc1)"

# 4. SIGKILL mid-write: the previous folder is intact, the next run cleans up
rm -rf "$tmp/before"; cp -R "$tmp/out" "$tmp/before"
"$bin" "${args[@]}" --out "$tmp/out" --force violations.csv 2>/dev/null &
victim=$!
for _ in $(seq 2000); do
	ls "$tmp"/out.tmp-*/detail.csv >/dev/null 2>&1 && break
	sleep 0.005
done
kill -9 $victim 2>/dev/null
wait $victim 2>/dev/null
if diff -r "$tmp/before" "$tmp/out" >/dev/null; then ok "killed mid-write: the old folder is unchanged"
else bad "killed mid-write: the old folder changed"; fi
[ -n "$(leftovers "$tmp/out")" ] && ok "the killed run left its temporary folder" \
	|| echo "note: the run finished before the kill; the leftover check is moot"
run --out "$tmp/out" --force 2>/dev/null && [ -z "$(leftovers "$tmp/out")" ] \
	&& ok "the next run removes stale temporaries" || bad "stale temporaries remain"
cmp -s "$tmp/before/payroll.csv" "$tmp/out/payroll.csv" && ok "and writes the same payroll.csv" \
	|| bad "payroll.csv changed"

# 5. --force with bad input keeps the old folder
rm -rf "$tmp/before"; cp -R "$tmp/out" "$tmp/before"
echo "R99999999,A1,2026-09-31,A01,qa,C,," >> violations.csv
run --out "$tmp/out" --force 2>/dev/null; rc=$?
[ $rc = 65 ] && diff -r "$tmp/before" "$tmp/out" >/dev/null && [ -z "$(leftovers "$tmp/out")" ] \
	&& ok "--force with bad input: exit 65, old folder kept" || bad "--force with bad input (rc=$rc)"
finish
