#!/bin/bash
# verify on outputs of several megabytes (a generated month): the files are
# compared a chunk at a time, so a difference past the first chunk, one on
# a line across a chunk's end, and a file cut short or grown must still be
# named with the right line and both versions.
# usage: test-verify-big.sh BINARY GENERATOR
set -u
bin=$(realpath "$1")
gen=$(realpath "$2")
. "$(dirname "$0")/../tally.sh"
"$gen" --records 40000 --employees 4000 --seed 11 --month 2026-10 "$tmp/m" >/dev/null || exit 1
cd "$tmp/m" || exit 1
mapfile -t args < args
"$bin" "${args[@]}" -q 2>/dev/null || bad "the generated month runs (exit $?)"
d=$tmp/m/out/detail.csv
size=$(stat -c %s "$d")
[ "$size" -gt 3000000 ] && ok "detail.csv spans several chunks ($size bytes)" \
	|| bad "detail.csv is too small to span chunks ($size bytes)"
"$bin" verify out >"$tmp/v" 2>&1 && grep -q '^verified: ' "$tmp/v" \
	&& ok "the untouched month verifies" || { bad "the untouched month"; cat "$tmp/v"; }
cp "$d" "$tmp/detail.bak"

# expect_line N RECORDED RERUN: verify names detail.csv's line N with
# these versions (exit 1); then detail.csv is put back
expect_line() {
	"$bin" verify out >"$tmp/v" 2>&1; rc=$?
	if [ $rc = 1 ] && grep -qx "output differs: $d:$1" "$tmp/v" \
		&& grep -qxF "  recorded: $2" "$tmp/v" && grep -qxF "  re-run:   $3" "$tmp/v"
	then ok "$4"
	else bad "$4 (exit $rc)"; cat "$tmp/v"; fi
	cp "$tmp/detail.bak" "$d"
}

# line_at OFFSET: the 1-based line of detail.csv holding byte OFFSET (0-based)
line_at() { echo $(($(head -c "$1" "$tmp/detail.bak" | wc -l) + 1)); }

# a byte changed far past the first chunk: the last line's record_id
n=$(wc -l < "$tmp/detail.bak")
orig=$(sed -n "${n}p" "$tmp/detail.bak")
sed -i "${n}s/^V/W/" "$d"
expect_line "$n" "W${orig#V}" "$orig" "a change on the last line (past several chunks)"

# the line across the first chunk's end (1 MiB): changed after the boundary
k=$(line_at 1048576)
orig=$(sed -n "${k}p" "$tmp/detail.bak")
start=$(head -n $((k - 1)) "$tmp/detail.bak" | wc -c)
[ "$start" -lt 1048576 ] && [ $((start + $(printf %s "$orig" | wc -c))) -gt 1048577 ] \
	&& ok "line $k begins before the chunk's end and ends after it" \
	|| bad "line $k does not cross the chunk's end (begins at $start)"
# its last character (after the boundary) becomes 'X'
edited="${orig%?}X"
sed -i "${k}s/.\$/X/" "$d"
expect_line "$k" "$edited" "$orig" "a change across the chunk's end"

# the recorded file cut short (its last line gone): the re-run has more
head -n $((n - 1)) "$tmp/detail.bak" > "$d"
expect_line "$n" "(end of file)" "$(sed -n "${n}p" "$tmp/detail.bak")" "a recorded file cut short"

# the recorded file grown by a line: the re-run ends first
{ cat "$tmp/detail.bak"; echo "V0,extra"; } > "$d"
expect_line $((n + 1)) "V0,extra" "(end of file)" "a recorded file grown by a line"
finish
