#!/bin/bash
# meson install into a DESTDIR puts the binary, the man pages, the default
# rules and the cron wrapper in place; the installed binary runs the sample
# month with the installed rules.
# usage: test-install.sh BUILDDIR SRCDIR
set -u
build=$(realpath "$1")
src=$(realpath "$2")
. "$(dirname "$0")/../tally.sh"

if ! meson install -C "$build" --destdir "$tmp/root" --no-rebuild >"$tmp/log" 2>&1; then
	bad "meson install"; cat "$tmp/log"
	echo "$pass passed, $failed failed"; exit 1
fi
prefix=$(meson introspect "$build" --buildoptions | python3 -c \
	'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
root="$tmp/root$prefix"
for f in bin/payroll-penalty share/man/man1/payroll-penalty.1 share/man/man5/payroll-penalty-rules.5 \
	share/payroll-penalty/penalties.yaml share/payroll-penalty/close-month.sh \
	share/locale/zh_CN/LC_MESSAGES/payroll-penalty.mo; do
	[ -f "$root/$f" ] && ok "installed $f" || bad "missing $f"
done
[ -x "$root/share/payroll-penalty/close-month.sh" ] && ok "the wrapper is executable" || bad "wrapper not executable"
cmp -s "$root/share/payroll-penalty/penalties.yaml" "$src/rules/penalties.yaml" \
	&& ok "the installed rules are the repository's" || bad "installed rules differ"

cd "$src" || exit 1
if "$root/bin/payroll-penalty" run --month 2026-09 --rules "$root/share/payroll-penalty/penalties.yaml" \
	--wages samples/2026-09/wages.csv --org samples/org.csv --no-carry-in --out "$tmp/out" \
	samples/2026-09/qa.csv samples/2026-09/complaints.csv >"$tmp/stdout" 2>"$tmp/stderr"; then
	grep -q '^deducted 4629.00, carried out 295.00, waived 1061.00$' "$tmp/stdout" \
		&& ok "the installed binary runs the sample month" || { bad "unexpected summary"; cat "$tmp/stdout"; }
else
	bad "the installed binary failed"; cat "$tmp/stderr"
fi
for f in payroll detail liability carryover; do
	[ -s "$tmp/out/$f.csv" ] && ok "wrote $f.csv" || bad "no $f.csv"
done
finish
