#!/bin/bash
# The Simplified Chinese translation changes words, nothing else:
#
#   tests/i18n/test-zh.sh BINARY SRCDIR LOCALEDIR
#
# BINARY is the program, SRCDIR the source tree (its tests/golden cases and
# samples are the inputs), LOCALEDIR the folder holding
# zh_CN/LC_MESSAGES/payroll-penalty.mo (build/po in a build tree).
#
# Every run is made twice, in two copies of the same inputs at the same
# relative paths: once in English (LC_ALL=C.UTF-8) and once in Chinese
# (LC_ALL=zh_CN.UTF-8).  For bad inputs the two must give the same exit
# status, the same number of stderr lines, the same FILE:LINE[:COL]: prefix
# on every line with error/warning/note turned into 错误/警告/提示, and the
# Chinese stderr must really be Chinese.  For good inputs the CSVs must be
# byte-identical and stdout must carry the same numbers in the same order.
# The help texts must differ but keep their lines and numbers.
#
# A missing zh_CN.UTF-8 locale or .mo file is a failure, not a skip: CI
# generates the locale, and a silent skip would hide a lost translation.
# Prints "N passed, M failed"; exits non-zero when anything failed.
set -u
export LC_ALL=C		# the tools of this script (awk, grep, sort) work on bytes

if [ $# -ne 3 ]; then
	echo "usage: $0 BINARY SRCDIR LOCALEDIR" >&2
	exit 2
fi
bin=$(realpath "$1")
src=$(realpath "$2")
localedir=$(realpath "$3")
golden=$src/tests/golden

pass=0
failed=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
	echo "$pass passed, $failed failed"
	[ "$failed" = 0 ] && [ "$pass" -gt 0 ]
	exit $?
}

EN=C.UTF-8
ZH=zh_CN.UTF-8

# ---- preconditions: fail loudly, never skip ------------------------------
if ! locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; then
	bad "the zh_CN.UTF-8 locale is not installed (locale -a does not list it):" \
	    "generate it (e.g. locale-gen zh_CN.UTF-8, or localedef -i zh_CN -f UTF-8 zh_CN.UTF-8)"
	finish
fi
if [ ! -f "$localedir/zh_CN/LC_MESSAGES/payroll-penalty.mo" ]; then
	bad "no $localedir/zh_CN/LC_MESSAGES/payroll-penalty.mo: build the po target first"
	finish
fi
if [ ! -x "$bin" ]; then
	bad "$bin is not an executable"
	finish
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run LOCALE DIR ARG...: runs the program in DIR with only LOCALE for its
# messages; leaves DIR/.stdout, DIR/.stderr and DIR/.status.
run() {
	local loc=$1 dir=$2
	shift 2
	(
		cd "$dir" || exit 1
		env -u LANGUAGE -u LC_MESSAGES LC_ALL="$loc" LANG="$loc" \
		    PAYROLL_PENALTY_LOCALEDIR="$localedir" "$bin" "$@" >.stdout 2>.stderr
		echo $? >.status
	)
}

# both NAME ARG...: runs ARG... in $tmp/NAME/en and $tmp/NAME/zh (made by the caller).
both() {
	local name=$1
	shift
	run "$EN" "$tmp/$name/en" "$@"
	run "$ZH" "$tmp/$name/zh" "$@"
}

nlines() { awk 'END { print NR }' "$1"; }
# the numbers of a file, in order (a full stop ending a sentence is not part of one)
numbers() { grep -o '[0-9][0-9.]*' "$1" | sed 's/\.*$//'; }

# same_status NAME
same_status() {
	local a b
	a=$(cat "$tmp/$1/en/.status")
	b=$(cat "$tmp/$1/zh/.status")
	if [ "$a" = "$b" ]; then ok "$1: same exit status ($a)"
	else bad "$1: exit status $a in English, $b in Chinese"; fi
}

# same_numbers NAME FILE: the numbers of FILE (.stdout) are the same, in order.
same_numbers() {
	local en=$tmp/$1/en/$2 zh=$tmp/$1/zh/$2
	if diff <(numbers "$en") <(numbers "$zh") >"$tmp/numdiff"; then
		ok "$1: same numbers on ${2#.} ($(numbers "$en" | wc -l) of them)"
	else
		bad "$1: the numbers on ${2#.} differ (< English, > Chinese):"
		head -10 "$tmp/numdiff" | sed 's/^/     /'
	fi
}

# translated NAME FILE ZH-PATTERN EN-PATTERN: the Chinese FILE differs from
# the English one and matches ZH-PATTERN; the English one matches EN-PATTERN
# (it really is English: no LANGUAGE or LC_* leaked into the C run).
translated() {
	local en=$tmp/$1/en/$2 zh=$tmp/$1/zh/$2
	if cmp -s "$en" "$zh"; then
		bad "$1: ${2#.} is the same in Chinese as in English (no translation loaded?)"
	elif ! grep -qE "$3" "$zh"; then
		bad "$1: the Chinese ${2#.} has no '$3'"
		head -3 "$zh" | sed 's/^/     /'
	elif ! grep -qE "$4" "$en"; then
		bad "$1: the English ${2#.} has no '$4' (LANGUAGE or LC_* leaking?)"
	else
		ok "$1: ${2#.} translated"
	fi
}

# same_stderr_shape NAME: same line count; on every line the same place
# prefix (the text before the first ": "; none on lines without one) and
# the label after it translated (error -> 错误, warning -> 警告, note -> 提示).
same_stderr_shape() {
	local en=$tmp/$1/en/.stderr zh=$tmp/$1/zh/.stderr a b
	a=$(nlines "$en")
	b=$(nlines "$zh")
	if [ "$a" != "$b" ]; then
		bad "$1: stderr has $a lines in English, $b in Chinese"
		diff "$en" "$zh" | head -10 | sed 's/^/     /'
		return
	fi
	ok "$1: stderr has $a lines in both"
	if awk '
		function split_line(s, part,    i) {
			i = index(s, ": ")
			part["prefix"] = i ? substr(s, 1, i - 1) : ""
			part["rest"] = i ? substr(s, i + 2) : s
		}
		NR == FNR { en[FNR] = $0; next }
		{
			split_line(en[FNR], e)
			split_line($0, z)
			if (e["prefix"] != z["prefix"]) {
				printf "     line %d: prefix \"%s\" became \"%s\"\n", FNR, e["prefix"], z["prefix"]
				bad = 1
				next
			}
			want = ""
			if (e["rest"] ~ /^error: /) want = "错误: "
			else if (e["rest"] ~ /^warning: /) want = "警告: "
			else if (e["rest"] ~ /^note: /) want = "提示: "
			if (want != "" && index(z["rest"], want) != 1) {
				printf "     line %d: \"%s\" is not labelled \"%s\": %s\n", FNR, e["rest"], want, $0
				bad = 1
			}
			if (e["prefix"] ~ /:[0-9]+(:[0-9]+)?$/) places++
		}
		END {
			if (!bad) printf "     (%d lines with FILE:LINE[:COL])\n", places
			exit bad
		}' "$en" "$zh" >"$tmp/shape"; then
		ok "$1: every stderr line keeps its place prefix $(sed 's/^ *//' "$tmp/shape")"
	else
		bad "$1: stderr place prefixes or labels differ:"
		head -10 "$tmp/shape"
	fi
}

# same_csvs NAME OUT: the four CSVs of OUT are byte-identical.
same_csvs() {
	local f
	for f in payroll detail liability carryover; do
		if [ ! -f "$tmp/$1/en/$2/$f.csv" ] || [ ! -f "$tmp/$1/zh/$2/$f.csv" ]; then
			bad "$1: $2/$f.csv was not written in both languages"
		elif cmp -s "$tmp/$1/en/$2/$f.csv" "$tmp/$1/zh/$2/$f.csv"; then
			ok "$1: $2/$f.csv byte-identical"
		else
			bad "$1: $2/$f.csv differs between the languages:"
			diff "$tmp/$1/en/$2/$f.csv" "$tmp/$1/zh/$2/$f.csv" | head -6 | sed 's/^/     /'
		fi
	done
}

# ---- bad inputs, from the golden error cases --------------------------------
cases="e01-unknown-code e-many-errors-many-files e-over-100-errors e-warnings-only
e-bad-amounts e-bad-dates e-bad-bytes e-yaml-unknown-key e-yaml-syntax
e-supervisor-no-wages e-carry-in-origin-month e-missing-input-file
e-usage-unknown-option e-usage-no-carry-in"
for c in $cases; do
	if [ ! -f "$golden/$c/args" ]; then
		bad "$c: no golden case $golden/$c (renamed? update this list)"
		continue
	fi
	for l in en zh; do
		mkdir -p "$tmp/$c/$l"
		cp -R "$golden/$c"/. "$tmp/$c/$l/"
		rm -rf "$tmp/$c/$l/expected" "$tmp/$c/$l/NOTES.md"
	done
	mapfile -t args <"$golden/$c/args"
	# a case's env file may set other variables; the locale is ours to choose
	(
		if [ -f "$golden/$c/env" ]; then
			while IFS= read -r kv; do
				case $kv in
				'' | LC_*=* | LANG=* | LANGUAGE=*) ;;
				*) export "${kv?}" ;;
				esac
			done <"$golden/$c/env"
		fi
		both "$c" "${args[@]}"
	)
	same_status "$c"
	same_stderr_shape "$c"
	if [ -s "$tmp/$c/en/.stderr" ]; then
		if grep -q 'error: ' "$tmp/$c/en/.stderr"; then
			translated "$c" .stderr '错误: ' 'error: '
		else
			translated "$c" .stderr '警告: ' 'warning: '
		fi
	else
		bad "$c: no stderr in English: not a bad-input case any more?"
	fi
	same_numbers "$c" .stdout
	if [ "$(cat "$tmp/$c/en/.status")" = 0 ] && [ -d "$tmp/$c/en/out" ]; then
		same_csvs "$c" out
	fi
done

# ---- a good month: the sample call centre, September then October -------------
s=sample
for l in en zh; do
	mkdir -p "$tmp/$s/$l"
	cp -R "$src/samples" "$src/rules" "$tmp/$s/$l/"
done
both $s run --month 2026-09 --rules rules/penalties.yaml --wages samples/2026-09/wages.csv \
    --org samples/org.csv --no-carry-in --out out-09 samples/2026-09/qa.csv samples/2026-09/complaints.csv
if [ "$(cat "$tmp/$s/en/.status")" = 0 ] && [ "$(cat "$tmp/$s/zh/.status")" = 0 ]; then
	ok "$s 2026-09: exit status 0 in both"
else
	bad "$s 2026-09: exit status $(cat "$tmp/$s/en/.status") in English, $(cat "$tmp/$s/zh/.status") in Chinese"
	sed 's/^/     /' "$tmp/$s/zh/.stderr" | head -5
fi
same_csvs $s out-09
same_numbers $s .stdout
translated $s .stdout '^月份 ' '^month '
same_stderr_shape $s

both $s run --month 2026-10 --rules rules/penalties.yaml --wages samples/2026-10/wages.csv \
    --org samples/org.csv --carry-in out-09/carryover.csv --out out-10 \
    samples/2026-10/qa.csv samples/2026-10/complaints.csv
mkdir -p "$tmp/$s-10"
ln -s "$tmp/$s/en" "$tmp/$s-10/en"
ln -s "$tmp/$s/zh" "$tmp/$s-10/zh"
if [ "$(cat "$tmp/$s/en/.status")" = 0 ] && [ "$(cat "$tmp/$s/zh/.status")" = 0 ]; then
	ok "$s 2026-10 (with carry-in): exit status 0 in both"
else
	bad "$s 2026-10: exit status $(cat "$tmp/$s/en/.status") in English, $(cat "$tmp/$s/zh/.status") in Chinese"
fi
same_csvs $s-10 out-10
same_numbers $s-10 .stdout
translated $s-10 .stdout '^月份 ' '^month '

# explain: the figures of an employee cut by the floor, and of a supervisor
# whose liability is capped, are the same numbers in both languages
for e in E1027 E1004; do
	both $s explain --employee $e --month 2026-09 --rules rules/penalties.yaml \
	    --wages samples/2026-09/wages.csv --org samples/org.csv --no-carry-in \
	    samples/2026-09/qa.csv samples/2026-09/complaints.csv
	mkdir -p "$tmp/explain-$e"
	for l in en zh; do
		cp "$tmp/$s/$l/.stdout" "$tmp/$s/$l/.explain-$e"
		ln -sfn "$tmp/$s/$l" "$tmp/explain-$e/$l"
	done
	same_status "explain-$e"
	same_numbers "explain-$e" ".explain-$e"
	translated "explain-$e" ".explain-$e" '^应发工资 ' '^gross wage '
done

# verify: the month reproduces in both languages, with the same counts
both $s verify out-09
mkdir -p "$tmp/verify"
ln -sfn "$tmp/$s/en" "$tmp/verify/en"
ln -sfn "$tmp/$s/zh" "$tmp/verify/zh"
same_status verify
same_numbers verify .stdout
translated verify .stdout '^校验通过' '^verified: '

# ---- help texts: translated, same lines, same numbers -------------------------
for h in "--help" "run --help" "check --help" "explain --help" "verify --help"; do
	name="help-${h// /-}"
	name=${name%---help}
	mkdir -p "$tmp/$name/en" "$tmp/$name/zh"
	# shellcheck disable=SC2086 # $h is words on purpose
	both "$name" $h
	same_status "$name"
	translated "$name" .stdout '^用法' '^Usage: '
	a=$(nlines "$tmp/$name/en/.stdout")
	b=$(nlines "$tmp/$name/zh/.stdout")
	if [ "$a" = "$b" ]; then ok "$name: $a lines in both"
	else bad "$name: $a lines in English, $b in Chinese"; fi
	same_numbers "$name" .stdout
done

finish
