#!/bin/bash
# Runs every golden case under a folder: tests/golden.sh BINARY FOLDER
# (one loop; each case is run by golden-run.sh).  Prints one line per case
# and "N passed, M failed"; exits 1 when any failed or none ran.
set -u
here=$(cd "$(dirname "$0")" && pwd)
pass=0
failed=0
for c in "$2"/*/; do
	[ -f "$c/args" ] || continue
	if out=$("$here/golden-run.sh" "$1" "$c" 2>&1); then
		pass=$((pass + 1))
		echo "ok   $(basename "$c")"
	else
		failed=$((failed + 1))
		echo "FAIL $(basename "$c")"
		printf '%s\n' "$out" | sed 's/^/     /'
	fi
done
echo "$pass passed, $failed failed"
[ $failed = 0 ] && [ $pass -gt 0 ]
