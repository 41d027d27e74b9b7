#!/bin/sh
# close-month.sh: the cron job that closes last month's quality deductions.
#
#   close-month.sh --root OUTROOT --input INDIR [--month YYYY-MM] [--first-month]
#                  [--rules RULES.yaml] [--org ORG.csv] [--bin PROGRAM]
#                  [--force] [--bom]
#
# It works out the month to close (last month by `date`, unless --month
# says otherwise), finds that month's sheets and the month before's ledger,
# runs `payroll-penalty run` once and exits with its exit status.  Meant for
# cron (crontab: `5 1 1 * * .../close-month.sh --root ... --input ...`) or a
# systemd timer: it never prompts, prints nothing on success (one line goes
# to syslog through logger(1)), and what goes wrong goes to stderr, which
# cron mails, and to syslog.
#
# Layout (M is the month closed, P the month before it):
#
#   INDIR/M/wages.csv      the month's wages sheet
#   INDIR/M/org.csv        the org chart, if the month has its own;
#   INDIR/org.csv            otherwise this one (or --org FILE)
#   INDIR/M/*.csv          every other .csv of the month's folder is a
#                          violations file (qa.csv, complaints.csv, ...);
#                          Excel's ~$*.csv owner files are skipped
#   OUTROOT/P/carryover.csv  the ledger written when P was closed
#   OUTROOT/M/             written by this run (payroll.csv, detail.csv,
#                          liability.csv, carryover.csv, manifest.yaml)
#
# The program is started in INDIR with paths relative to it (M/wages.csv,
# M/qa.csv, ...), so detail.csv's `file` column and the manifest name the
# sheets the same way wherever INDIR lives, and `payroll-penalty verify`
# finds them again from the manifest's recorded folder.
#
# When OUTROOT/P/carryover.csv is missing the run is refused (exit 66): a
# forgotten ledger must never drop debts.  --first-month says there is no
# ledger (the program's --no-carry-in); it is refused (exit 64) when the
# ledger exists.
#
# Options:
#   --root OUTROOT     where each month's output folder is made (required)
#   --input INDIR      where the months' sheets are (required)
#   --month YYYY-MM    the month to close (default: last month, local time;
#                      for tests and catching up)
#   --first-month      the first month closed: no carry-in ledger
#   --rules FILE       the rule table (default: penalties.yaml beside this
#                      script: PREFIX/share/payroll-penalty/penalties.yaml
#                      for the installed script)
#   --org FILE         the org chart (default: INDIR/M/org.csv, else
#                      INDIR/org.csv, else none)
#   --bin PROGRAM      the program (default: PREFIX/bin/payroll-penalty when
#                      this script is PREFIX/share/payroll-penalty/close-month.sh,
#                      as installed: cron's PATH is only /usr/bin:/bin; else
#                      payroll-penalty on PATH)
#   --force            replace OUTROOT/M if it exists (a deliberate re-run)
#   --bom              write the CSVs with a UTF-8 byte-order mark (Excel)
#   -h, --help         show this help
#
# Exit status: the program's (0, 64, 65, 66, 70, 73, 75; see
# payroll-penalty(1)); and, from this script, 64 for a usage error or
# --first-month with a ledger present, 66 for a missing ledger or month
# folder, 73 when OUTROOT is not a folder (it is never created: a missing
# mount must not look like a first month), 127 when the program cannot be
# found.

prog=close-month
tag=payroll-penalty

usage() {  # the comment at the top of this file
	awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
}

# log PRIORITY MESSAGE: one line to syslog (if logger works); to stderr too
# when PRIORITY is err or stderr is a terminal.
log() {
	if command -v logger >/dev/null 2>&1; then
		logger -t "$tag" -p "user.$1" -- "$prog: $2" >/dev/null 2>&1 || :
	fi
	if [ "$1" = err ] || [ -t 2 ]; then
		printf '%s: %s\n' "$prog" "$2" >&2
	fi
}

die() {  # die STATUS MESSAGE
	log err "$2"
	exit "$1"
}

usage_error() {
	printf '%s: %s\nTry %s --help.\n' "$prog" "$1" "$0" >&2
	log err "usage error: $1" 2>/dev/null
	exit 64
}

# abs PATH: PATH made absolute against the folder the script was started in.
here=$(pwd)
abs() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$here" "$1" ;;
	esac
}

# valid_month YYYY-MM
valid_month() {
	case $1 in
	[0-9][0-9][0-9][0-9]-0[1-9] | [0-9][0-9][0-9][0-9]-1[0-2]) return 0 ;;
	*) return 1 ;;
	esac
}

# month_before YYYY-MM: prints the month before.
month_before() {
	y=${1%-*}
	m=${1#*-}
	m=${m#0}
	y=${y#"${y%%[!0]*}"}	# no leading zeros: $(( )) would read octal
	if [ "$m" -eq 1 ]; then
		y=$((y - 1))
		m=12
	else
		m=$((m - 1))
	fi
	printf '%04d-%02d\n' "$y" "$m"
}

need_arg() {  # need_arg OPTION COUNT
	[ "$2" -ge 2 ] || usage_error "option '$1' needs a value"
}

root='' indir='' month='' first=no rules='' org='' bin='' force='' bom=''
while [ $# -gt 0 ]; do
	case $1 in
	--root) need_arg "$1" $#; root=$2; shift 2 ;;
	--root=*) root=${1#*=}; shift ;;
	--input) need_arg "$1" $#; indir=$2; shift 2 ;;
	--input=*) indir=${1#*=}; shift ;;
	--month) need_arg "$1" $#; month=$2; shift 2 ;;
	--month=*) month=${1#*=}; shift ;;
	--rules) need_arg "$1" $#; rules=$2; shift 2 ;;
	--rules=*) rules=${1#*=}; shift ;;
	--org) need_arg "$1" $#; org=$2; shift 2 ;;
	--org=*) org=${1#*=}; shift ;;
	--bin) need_arg "$1" $#; bin=$2; shift 2 ;;
	--bin=*) bin=${1#*=}; shift ;;
	--first-month) first=yes; shift ;;
	--force) force=--force; shift ;;
	--bom) bom=--bom; shift ;;
	-h | --help) usage; exit 0 ;;
	*) usage_error "unknown argument '$1'" ;;
	esac
done

[ -n "$root" ] || usage_error "--root OUTROOT is required"
[ -n "$indir" ] || usage_error "--input INDIR is required"
if [ -z "$month" ]; then
	# last month, from one reading of the clock (no race at midnight)
	month=$(month_before "$(date +%Y-%m)") || die 70 "cannot work out last month from date(1)"
fi
valid_month "$month" || usage_error "--month must be YYYY-MM, not '$month'"
prev=$(month_before "$month")

root=$(abs "$root")
indir=$(abs "$indir")
scriptdir=$(cd "$(dirname "$0")" && pwd)
if [ -z "$bin" ]; then
	# installed: PREFIX/share/payroll-penalty/close-month.sh -> PREFIX/bin
	bin=payroll-penalty
	if [ -x "$scriptdir/../../bin/payroll-penalty" ]; then
		bin=$(cd "$scriptdir/../../bin" && pwd)/payroll-penalty
	fi
fi
if [ -z "$rules" ]; then
	rules=$scriptdir/penalties.yaml
	[ -f "$rules" ] || usage_error "no rule table beside the script ($rules): give --rules FILE"
fi
rules=$(abs "$rules")
[ -z "$org" ] || org=$(abs "$org")
case $bin in
*/*) bin=$(abs "$bin") ;;
esac
command -v "$bin" >/dev/null 2>&1 || die 127 "$month: program '$bin' not found (PATH=$PATH; give --bin)"

[ -d "$root" ] || die 73 "$month: no output folder $root (mount it or create it first)"
[ -d "$indir/$month" ] || die 66 "$month: no folder $indir/$month with the month's sheets"

ledger=$root/$prev/carryover.csv
if [ "$first" = yes ]; then
	[ ! -e "$ledger" ] ||
		die 64 "$month: --first-month, but $ledger exists: its debts would be dropped; leave --first-month out"
	set -- --no-carry-in
else
	[ -f "$ledger" ] ||
		die 66 "$month: refusing to run: last month's ledger $ledger is missing (close $prev first, or say --first-month if $month is the first month)"
	set -- --carry-in "$ledger"
fi

# The org chart: --org, else the month's own, else INDIR's.
if [ -n "$org" ]; then
	set -- "$@" --org "$org"
elif [ -f "$indir/$month/org.csv" ]; then
	set -- "$@" --org "$month/org.csv"
elif [ -f "$indir/org.csv" ]; then
	set -- "$@" --org org.csv
fi
[ -z "$force" ] || set -- "$@" "$force"
[ -z "$bom" ] || set -- "$@" "$bom"

# The violations files: every .csv of the month's folder but wages and org.
nviol=0
for f in "$indir/$month"/*.csv; do
	[ -f "$f" ] || continue
	case ${f##*/} in
	wages.csv | org.csv | '~$'*) continue ;;  # ~$...: Excel's owner files
	esac
	set -- "$@" "$month/${f##*/}"
	nviol=$((nviol + 1))
done
[ "$nviol" -gt 0 ] ||
	die 66 "$month: no violations files in $indir/$month (a month without violations needs one file with only the header row)"

cd "$indir" || die 66 "$month: cannot enter $indir"
summary=$("$bin" run --month "$month" --rules "$rules" --wages "$month/wages.csv" \
	--out "$root/$month" "$@" </dev/null)
rc=$?
if [ "$rc" -eq 0 ]; then
	# the program's summary, on one line
	summary=$(printf '%s\n' "$summary" | awk 'NR <= 3 { printf "%s%s", sep, $0; sep = " / " }')
	log notice "$month: closed into $root/$month ($summary)"
else
	log err "$month: payroll-penalty run failed with exit status $rc (its messages went to stderr)"
fi
exit "$rc"
