#!/bin/sh
# Run the sample call centre through two payroll months.
#
#   samples/run.sh [BINARY] [OUTROOT]
#
# BINARY   the program (default build/payroll-penalty, relative to the repository)
# OUTROOT  where the months are written (default /tmp/payroll-penalty-sample)
#
# September 2026 starts with no ledger (--no-carry-in); October 2026 takes
# September's carryover.csv. Each month's stdout summary is printed; the script
# stops with the program's exit status as soon as a run fails.
set -eu

here=$(pwd)
abs() {  # a path given by the caller is relative to where the caller stands
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$here" "$1" ;;
	esac
}

if [ $# -ge 1 ] && [ -n "$1" ]; then bin=$(abs "$1"); else bin=; fi
if [ $# -ge 2 ] && [ -n "$2" ]; then out=$(abs "$2"); else out=/tmp/payroll-penalty-sample; fi

cd "$(dirname "$0")/.."
[ -n "$bin" ] || bin=$(pwd)/build/payroll-penalty

if [ ! -x "$bin" ]; then
	echo "run.sh: $bin: not an executable (build first: meson setup build && meson compile -C build)" >&2
	exit 66
fi
mkdir -p "$out"

month() {  # month carry-option... -- violation files...
	m=$1
	shift
	echo "== $m -> $out/$m"
	rc=0
	"$bin" run --month "$m" --rules rules/penalties.yaml \
		--wages "samples/$m/wages.csv" --org samples/org.csv \
		--out "$out/$m" --force "$@" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "run.sh: $m failed (exit $rc)" >&2
		exit "$rc"
	fi
}

month 2026-09 --no-carry-in \
	samples/2026-09/qa.csv samples/2026-09/complaints.csv
month 2026-10 --carry-in "$out/2026-09/carryover.csv" \
	samples/2026-10/qa.csv samples/2026-10/complaints.csv
