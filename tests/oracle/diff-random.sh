#!/usr/bin/env bash
# Randomized differential test: payroll-penalty BINARY against oracle.py.
#
#   tests/oracle/diff-random.sh BINARY N [FIRST_SEED]
#
# For seeds FIRST_SEED..FIRST_SEED+N-1 (default 1..N): randmonth.py writes a
# valid month into a temp dir; BINARY runs there with the exact `args` file
# (output to `out`), the oracle with the same args but `--out oracle-out`;
# the four CSVs must be byte-identical.  On a difference (or when BINARY
# exits non-zero or cannot run) the seed, the diff (first 40 lines) and the
# kept directory are printed and the script exits 1.
#
# Environment: PLAIN=1 passes --plain to the generator (plain UTF-8/LF/English
# headers: isolates computation from parsing); KEEP=1 keeps every directory;
# PYTHON (default python3).
set -u

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 BINARY N [FIRST_SEED]" >&2
    exit 2
fi
bin=$1 n=$2 first=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-python3}

# resolve BINARY before we cd anywhere
if [[ "$bin" == */* ]]; then
    bin=$(cd "$(dirname "$bin")" 2>/dev/null && pwd)/$(basename "$bin")
else
    bin=$(command -v "$bin") || bin=''
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "diff-random: cannot run BINARY '$1'" >&2
    exit 1
fi

files="payroll.csv detail.csv liability.csv carryover.csv"
passed=0
for ((seed = first; seed < first + n; seed++)); do
    dir=$(mktemp -d "${TMPDIR:-/tmp}/pp-diff-$seed.XXXXXX")
    fail() {
        echo "seed $seed: $1"
        [ -n "${2:-}" ] && head -n 40 "$2"
        echo "kept: $dir"
        echo "$passed passed, 1 failed"
        exit 1
    }
    "$py" "$here/randmonth.py" "$seed" "$dir" ${PLAIN:+--plain} ||
        fail "generator failed"
    mapfile -t args < "$dir/args"
    oargs=("${args[@]}")
    for i in "${!oargs[@]}"; do
        if [ "${oargs[$i]}" = --out ]; then oargs[$((i + 1))]=oracle-out; fi
    done

    (cd "$dir" && "$py" "$here/oracle.py" "${oargs[@]}") \
        >"$dir/oracle.stdout" 2>"$dir/oracle.stderr" ||
        fail "oracle failed (a generator or oracle bug)" "$dir/oracle.stderr"

    (cd "$dir" && "$bin" "${args[@]}") >"$dir/bin.stdout" 2>"$dir/bin.stderr"
    rc=$?
    if [ $rc -ne 0 ]; then
        fail "BINARY exited $rc; its stderr:" "$dir/bin.stderr"
    fi

    : >"$dir/diff"
    for f in $files; do
        if [ ! -f "$dir/out/$f" ]; then
            echo "missing out/$f" >>"$dir/diff"
        else
            diff -u "$dir/oracle-out/$f" "$dir/out/$f" \
                --label "oracle-out/$f" --label "out/$f" >>"$dir/diff"
        fi
    done
    if [ -s "$dir/diff" ]; then
        fail "outputs differ (- oracle, + BINARY)" "$dir/diff"
    fi
    passed=$((passed + 1))
    [ -n "${KEEP:-}" ] || rm -rf "$dir"
done
echo "$passed passed, 0 failed"
