# Sourced by the shell tests: a scratch folder removed on exit ($tmp), and a
# tally of checks printed as "N passed, M failed" by finish, which fails
# when any check failed or none ran.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
failed=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() { echo "$pass passed, $failed failed"; [ "$failed" = 0 ] && [ "$pass" -gt 0 ]; }
