# Shared by the audit tests: a scratch copy of the repository's sample
# inputs, the sample months run into it, and a pass/fail tally.
bin=$(realpath "$1")
src=$(realpath "$2")
. "$(dirname "${BASH_SOURCE[0]}")/../tally.sh"
mkdir -p "$tmp/repo"
cp -R "$src/samples" "$src/rules" "$tmp/repo/"
cd "$tmp/repo" || exit 1

# month M OUT [more run options]: runs a sample month with the usual inputs
month() {
	local m=$1 out=$2
	shift 2
	"$bin" run --month "$m" --rules rules/penalties.yaml --wages "samples/$m/wages.csv" \
		--org samples/org.csv --out "$out" "$@" "samples/$m/qa.csv" "samples/$m/complaints.csv"
}
