#!/bin/bash
# The progress line: on a terminal (script(1) gives one), a long read shows
# "reading FILE: N rows, M MB/s" on stderr; without a terminal (cron) and
# with --quiet, nothing.  A read is made long by feeding the violations
# through a FIFO that stalls for a second half-way, so that the test does
# not depend on how fast the machine (or the reader) is.
# usage: test-progress.sh BINARY SRCDIR
set -u
bin=$(realpath "$1")
src=$(realpath "$2")
. "$(dirname "$0")/../tally.sh"
python3 "$src/tests/safety/bigmonth.py" "$tmp/in" 200000 || exit 1
cd "$tmp/in" || exit 1
mv violations.csv violations.data
half=$(( $(wc -c < violations.data) / 2 ))
cmd="'$bin' check --month 2026-09 --rules rules.yaml --wages wages.csv --org org.csv --no-carry-in violations.csv"

# (Re)makes violations.csv a FIFO that gives half the file, stalls, then the
# rest; given up after 30 s if the program never opens it (no hang).
slow_feed() {
	rm -f violations.csv
	mkfifo violations.csv || exit 1
	timeout 30 bash -c 'exec >violations.csv; head -c "$1" violations.data; sleep 1;
		tail -c +"$(($1 + 1))" violations.data' feed "$half" &
}

slow_feed
script -qec "$cmd" /dev/null >"$tmp/tty" 2>&1 </dev/null
wait
grep -aq 'reading violations.csv: [0-9]* rows, [0-9]* MB/s' "$tmp/tty" \
	&& ok "a terminal shows the progress line" || { bad "no progress line on a terminal"; head -c 300 "$tmp/tty"; }
grep -aq 'month 2026-09: [0-9]* employees' "$tmp/tty" && ok "and the summary" || bad "no summary on the terminal"

slow_feed
eval "$cmd" >/dev/null 2>"$tmp/err" </dev/null
wait
[ ! -s "$tmp/err" ] && ok "without a terminal: nothing on stderr" || { bad "stderr not empty"; head -c 300 "$tmp/err"; }

slow_feed
script -qec "$cmd --quiet" /dev/null >"$tmp/tty" 2>&1 </dev/null
wait
[ ! -s "$tmp/tty" ] && ok "--quiet on a terminal: nothing at all" || { bad "--quiet printed"; head -c 300 "$tmp/tty"; }
finish
