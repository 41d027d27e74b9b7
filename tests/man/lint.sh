#!/bin/sh
# Lints the manual pages:
#
#   tests/man/lint.sh [PAGE...]
#
# (default: man/payroll-penalty.1 and man/payroll-penalty-rules.5 of this
# source tree).  Each page must make `mandoc -Tlint -W warning` print
# nothing.  Then payroll-penalty(1) must name every long option of the
# program (the `struct option` tables under src/, as `.Fl -NAME`), so a new
# option cannot go undocumented.  mandoc is required: without it the test fails, it does not
# skip (CI installs mandoc).  Prints one line per check and
# "N passed, M failed"; exits 1 when any failed.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
if [ $# -eq 0 ]; then
	set -- "$top/man/payroll-penalty.1" "$top/man/payroll-penalty-rules.5"
fi

if ! command -v mandoc >/dev/null 2>&1; then
	echo "FAIL mandoc is not installed: cannot lint the manual pages (apt-get install mandoc)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

pass=0
failed=0
for page in "$@"; do
	if [ ! -r "$page" ]; then
		echo "FAIL $page: cannot read"
		failed=$((failed + 1))
		continue
	fi
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	rc=$?
	if [ -z "$out" ] && [ "$rc" -eq 0 ]; then
		echo "ok   mandoc -Tlint -W warning $(basename "$page")"
		pass=$((pass + 1))
	else
		echo "FAIL mandoc -Tlint -W warning $(basename "$page") (exit $rc)"
		printf '%s\n' "$out" | sed 's/^/     /'
		failed=$((failed + 1))
	fi
done

# Every long option of the program is in payroll-penalty(1).
page1=''
for page in "$@"; do
	case $page in *.1) page1=$page ;; esac
done
if [ -n "$page1" ] && [ -d "$top/src" ]; then
	opts=''
	for f in "$top"/src/*.c "$top"/src/*/*.c; do
		grep -q 'struct option' "$f" 2>/dev/null || continue
		opts="$opts$(sed -n 's/^[[:space:]]*{ "\([a-z][a-z-]*\)", [a-z_]*_argument,.*/\1/p' "$f")
"
	done
	opts=$(printf '%s' "$opts" | sed '/^$/d')
	if [ -z "$opts" ]; then
		echo "FAIL no long options found in $top/src (struct option)"
		failed=$((failed + 1))
	fi
	missing=''
	for o in $opts; do
		grep -Eq "^\.(It|Op|Fl|Oo|Pq).*Fl -$o( |$)" "$page1" || missing="$missing --$o"
	done
	if [ -z "$missing" ]; then
		echo "ok   $(basename "$page1") documents every long option ($(printf "%s\n" "$opts" | wc -l | tr -d " "))"
		pass=$((pass + 1))
	else
		echo "FAIL $(basename "$page1") does not document:$missing"
		failed=$((failed + 1))
	fi
fi

echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$pass" -gt 0 ]
