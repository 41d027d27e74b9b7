#!/bin/sh
# The cron wrapper samples/close-month.sh, run the way cron runs it:
#
#   tests/cron/test-close-month.sh BINARY SRCDIR
#
# BINARY is the built payroll-penalty, SRCDIR the source tree (with
# samples/ and rules/).  Every run has stdin from /dev/null, no terminal
# (setsid when there is one, every output to a file) and only
# `env -i PATH=/usr/bin:/bin` for environment.  The two sample months are
# closed in order: 2026-10 first must be refused (66, nothing written),
# 2026-09 with --first-month and then 2026-10 (finding 2026-09's ledger)
# must succeed quietly with the outputs the sample README gives.  A few
# more runs check the default month, the log line, usage errors and a
# missing program.  Prints one line per check and "N passed, M failed";
# exits 1 when any check failed.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BINARY SRCDIR" >&2
	exit 64
fi
case $1 in /*) bin=$1 ;; *) bin=$(pwd)/$1 ;; esac
src=$(cd "$2" && pwd) || exit 66
script=$src/samples/close-month.sh
rules=$src/rules/penalties.yaml
input=$src/samples

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-close-month.XXXXXX") || exit 70
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

pass=0
failed=0
ok() {
	pass=$((pass + 1))
	echo "ok   $1"
}
fail() {
	failed=$((failed + 1))
	echo "FAIL $1"
	shift
	for line in "$@"; do
		printf '     %s\n' "$line"
	done
	if [ -s "$tmp/err" ]; then
		echo "     stderr:"
		sed 's/^/       /' "$tmp/err"
	fi
}

# detach from any controlling terminal, as cron has none (setsid -w waits)
nosess=''
if command -v setsid >/dev/null 2>&1 && setsid -w true </dev/null >/dev/null 2>&1; then
	nosess='setsid -w'
fi

# cron ARGS...: runs the wrapper as cron would; sets $rc, output in
# $tmp/out and $tmp/err.
cron() {
	rc=0
	# shellcheck disable=SC2086 # $nosess is a command and its option
	$nosess env -i PATH=/usr/bin:/bin /bin/sh "$script" "$@" \
		</dev/null >"$tmp/out" 2>"$tmp/err" || rc=$?
}

# expect NAME STATUS: checks the last run's exit status.
expect() {
	if [ "$rc" -eq "$2" ]; then
		ok "$1 (exit $rc)"
		return 0
	fi
	fail "$1" "exit status $rc, expected $2"
	return 1
}

# has_line NAME FILE LINE: checks that FILE holds LINE exactly.
has_line() {
	if grep -qxF -- "$3" "$2" 2>/dev/null; then
		ok "$1"
	else
		fail "$1" "$2 has no line '$3'"
	fi
}

# payroll_field FILE EMPLOYEE COLUMN: prints a column of an employee's row.
payroll_field() {
	awk -F, -v e="$2" -v c="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$2 == e { print $(col[c]) }' "$1"
}

root=$tmp/out-root
# cronc ARGS...: cron with the sample's root, input, rules and program.
cronc() {
	cron --root "$root" --input "$input" --rules "$rules" --bin "$bin" "$@"
}

if [ ! -x "$bin" ]; then
	echo "FAIL $bin is not an executable"
	echo "0 passed, 1 failed"
	exit 1
fi

# 1. October first, into an empty root: refused, nothing written.
mkdir -p "$root"
cronc --month 2026-10
expect "2026-10 without September's ledger is refused" 66
if [ ! -e "$root/2026-10" ] && [ -z "$(ls "$root")" ]; then
	ok "refused run wrote nothing"
else
	fail "refused run wrote nothing" "$(ls "$root")"
fi
if grep -q "2026-09/carryover.csv" "$tmp/err"; then
	ok "refusal names the missing ledger on stderr"
else
	fail "refusal names the missing ledger on stderr"
fi

# 2. September, the first month.
cronc --month 2026-09 --first-month
expect "2026-09 --first-month" 0
for f in payroll.csv detail.csv liability.csv carryover.csv manifest.yaml; do
	if [ -s "$root/2026-09/$f" ]; then ok "2026-09/$f exists"; else fail "2026-09/$f exists"; fi
done
if [ ! -s "$tmp/out" ]; then ok "2026-09: nothing on stdout"; else fail "2026-09: nothing on stdout" "$(cat "$tmp/out")"; fi
if [ ! -s "$tmp/err" ]; then ok "2026-09: nothing on stderr"; else fail "2026-09: nothing on stderr"; fi
has_line "2026-09 carries E1024's 155.00" "$root/2026-09/carryover.csv" "E1024,2026-09,own,155.00"
has_line "2026-09 carries E1027's 140.00" "$root/2026-09/carryover.csv" "E1027,2026-09,own,140.00"
v=$(payroll_field "$root/2026-09/payroll.csv" E1004 waived)
if [ "$v" = 1061.00 ]; then ok "2026-09 E1004 waived 1061.00"; else fail "2026-09 E1004 waived 1061.00" "got '$v'"; fi
if grep -q ',2026-09/qa.csv,' "$root/2026-09/detail.csv"; then
	ok "detail.csv names the sheets relative to INDIR"
else
	fail "detail.csv names the sheets relative to INDIR" "$(sed -n 2p "$root/2026-09/detail.csv")"
fi

# 3. --first-month again for October, with September's ledger there: refused.
cronc --month 2026-10 --first-month
expect "2026-10 --first-month with September's ledger present is refused" 64
if [ ! -e "$root/2026-10" ]; then ok "refused run wrote nothing"; else fail "refused run wrote nothing"; fi

# 4. October, taking September's ledger.
cronc --month 2026-10
expect "2026-10 with September's ledger" 0
for f in payroll.csv detail.csv liability.csv carryover.csv manifest.yaml; do
	if [ -s "$root/2026-10/$f" ]; then ok "2026-10/$f exists"; else fail "2026-10/$f exists"; fi
done
if [ ! -s "$tmp/out" ]; then ok "2026-10: nothing on stdout"; else fail "2026-10: nothing on stdout" "$(cat "$tmp/out")"; fi
if [ "$(grep -c 'warning: late finding' "$tmp/err")" = 2 ]; then
	ok "2026-10: the two late findings are warned on stderr"
else
	fail "2026-10: the two late findings are warned on stderr"
fi
v=$(payroll_field "$root/2026-10/payroll.csv" E1024 carry_in)
if [ "$v" = 155.00 ]; then ok "2026-10 E1024 carry_in 155.00 (the ledger was read)"; else fail "2026-10 E1024 carry_in 155.00" "got '$v'"; fi
if [ "$(cat "$root/2026-10/carryover.csv")" = "employee_id,origin_month,kind,amount
E1027,2026-10,own,30.00" ]; then
	ok "2026-10 carryover.csv is E1027's 30.00"
else
	fail "2026-10 carryover.csv is E1027's 30.00" "$(cat "$root/2026-10/carryover.csv")"
fi
if grep -q "path: $root/2026-09/carryover.csv" "$root/2026-10/manifest.yaml"; then
	ok "2026-10 manifest records September's ledger as carry_in"
else
	fail "2026-10 manifest records September's ledger as carry_in"
fi

# 5. October again: the program refuses to overwrite (73), passed through.
cronc --month 2026-10
expect "2026-10 again without --force" 73

# 6. Usage errors.
cron --input "$input" --month 2026-10
expect "no --root" 64
cronc --month 2026-13
expect "--month 2026-13" 64
cronc --month 2026-10 --frobnicate
expect "unknown option" 64

# 7. A program that is not there.
cron --root "$root" --input "$input" --rules "$rules" --bin "$tmp/no-such-program" --month 2026-10
expect "missing program" 127

# 8. An output root that is not there (an unmounted disk): never created.
cron --root "$tmp/no-such-root" --input "$input" --rules "$rules" --bin "$bin" --month 2026-10
expect "missing --root folder" 73
if [ ! -e "$tmp/no-such-root" ]; then ok "missing root not created"; else fail "missing root not created"; fi

# 9. A month without its folder.
cronc --month 2026-11
expect "2026-11 has no folder of sheets" 66

# 10. The default month and the log line: date(1) and logger(1) replaced
# on PATH (the only runs not under cron's bare PATH).
mkdir -p "$tmp/fake"
cat >"$tmp/fake/date" <<'EOF'
#!/bin/sh
case $* in
*%Y-%m*) echo 2026-11 ;;
*) exec /bin/date "$@" ;;
esac
EOF
cat >"$tmp/fake/logger" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >>"$tmp/log"
EOF
chmod +x "$tmp/fake/date" "$tmp/fake/logger"
root2=$tmp/out-root-2
mkdir -p "$root2"
: >"$tmp/log"
rc=0
env -i PATH="$tmp/fake:/usr/bin:/bin" /bin/sh "$script" --root "$root2" --input "$input" \
	--rules "$rules" --bin "$bin" </dev/null >"$tmp/out" 2>"$tmp/err" || rc=$?
expect "no --month on 2026-11-xx closes 2026-10 (refused: no ledger)" 66
if grep -q "2026-10: refusing" "$tmp/log" && grep -q "user.err" "$tmp/log"; then
	ok "refusal logged through logger at user.err"
else
	fail "refusal logged through logger at user.err" "$(cat "$tmp/log")"
fi
: >"$tmp/log"
rc=0
env -i PATH="$tmp/fake:/usr/bin:/bin" /bin/sh "$script" --root "$root2" --input "$input" \
	--rules "$rules" --bin "$bin" --month 2026-09 --first-month </dev/null >"$tmp/out" 2>"$tmp/err" || rc=$?
expect "2026-09 with logger on PATH" 0
if grep -q -- "-t payroll-penalty -p user.notice -- close-month: 2026-09: closed into $root2/2026-09" "$tmp/log"; then
	ok "success logged through logger -t payroll-penalty"
else
	fail "success logged through logger -t payroll-penalty" "$(cat "$tmp/log")"
fi
if [ "$(wc -l <"$tmp/log")" -eq 1 ]; then ok "one log line"; else fail "one log line" "$(cat "$tmp/log")"; fi

echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$pass" -gt 0 ]
