#!/bin/bash
# The progress line: on a terminal (script(1) gives one), a long read shows
# "reading FILE: N rows, M MB/s" on stderr; without a terminal (cron) and
# with --quiet, nothing.
# usage: test-progress.sh BINARY SRCDIR
set -u
bin=$(realpath "$1")
src=$(realpath "$2")
. "$(dirname "$0")/../tally.sh"
python3 "$src/tests/safety/bigmonth.py" "$tmp/in" 1500000 || exit 1
cd "$tmp/in" || exit 1
cmd="'$bin' check --month 2026-09 --rules rules.yaml --wages wages.csv --org org.csv --no-carry-in violations.csv"

script -qec "$cmd" /dev/null >"$tmp/tty" 2>&1 </dev/null
grep -aq 'reading violations.csv: [0-9]* rows, [0-9]* MB/s' "$tmp/tty" \
	&& ok "a terminal shows the progress line" || { bad "no progress line on a terminal"; head -c 300 "$tmp/tty"; }
grep -aq 'month 2026-09: [0-9]* employees' "$tmp/tty" && ok "and the summary" || bad "no summary on the terminal"

eval "$cmd" >/dev/null 2>"$tmp/err" </dev/null
[ ! -s "$tmp/err" ] && ok "without a terminal: nothing on stderr" || { bad "stderr not empty"; head -c 300 "$tmp/err"; }

script -qec "$cmd --quiet" /dev/null >"$tmp/tty" 2>&1 </dev/null
[ ! -s "$tmp/tty" ] && ok "--quiet on a terminal: nothing at all" || { bad "--quiet printed"; head -c 300 "$tmp/tty"; }
finish
