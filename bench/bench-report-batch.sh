#!/usr/bin/env bash
# bench-report-batch.sh - the cost of a report request answered by `wowah report --batch`
# (one process, one open database) against one `wowah report` process per request: every
# case of tests/report/cases.txt in every format (81 requests) on the fixed dataset
# (tests/report/mkdataset). Prints wall and CPU (user + system) per request for each
# way, and the ratio of --batch to the baseline of one process each, measured in the same
# run; best of ROUNDS (default 3) for each.
set -euo pipefail
: "${WOWAH:?}" "${WOWAH_BUILD:?}"
ROUNDS=${ROUNDS:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d "/tmp/wowah-bench-report-batch.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export COLUMNS=160
. "$SRC/tests/report/lib-cases.sh"
fail() { echo "bench-report-batch: $*" >&2; exit 1; }
. "$SRC/tests/report/lib-batch.sh"

"$WOWAH_BUILD/tests/report/mkdataset" "$TMP/data" 4 >/dev/null
"$WOWAH" load --data-dir "$TMP/data" >/dev/null
n=0
while IFS= read -r line; do
	case_args "$line" || continue
	for f in table csv json; do
		batch_line "${CASE_ARGS[@]}" --format "$f"
		n=$((n + 1))
	done
done <"$SRC/tests/report/cases.txt" >"$TMP/requests.txt"

one_each() {
	local line words
	while IFS= read -r line; do
		eval "words=($line)" # batch_line quotes each word in double quotes
		"$WOWAH" report "${words[@]}" --data-dir "$TMP/data" >/dev/null
	done <"$TMP/requests.txt"
}
batch() { "$WOWAH" report --batch "$TMP/requests.txt" --data-dir "$TMP/data" >/dev/null; }

# best WAY: "WALL_MS CPU_MS" of the best of ROUNDS runs (by wall); CPU counts the children
best() {
	local i out wall u s cpu bw=999999999 bc=0 TIMEFORMAT='%R %U %S'
	for ((i = 0; i < ROUNDS; i++)); do
		out=$({ time "$1"; } 2>&1)
		read -r wall u s <<<"$out"
		wall=$(awk -v w="$wall" 'BEGIN { printf "%d", w * 1000 }')
		cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }')
		if [ "$wall" -lt "$bw" ]; then bw=$wall bc=$cpu; fi
	done
	echo "$bw $bc"
}
read -r ow oc <<<"$(best one_each)"
read -r bw bc <<<"$(best batch)"
per() { awk -v t="$1" -v n="$n" 'BEGIN { printf "%.1f", t / n }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b ? a / b : 0 }'; }
echo "$n requests (every case of tests/report/cases.txt in every format), fixed dataset"
printf '%-28s %8s ms wall/request %8s ms CPU/request\n' "one process each (baseline)" "$(per "$ow")" "$(per "$oc")"
printf '%-28s %8s ms wall/request %8s ms CPU/request  %sx wall, %sx CPU of the baseline\n' \
	"--batch, one process" "$(per "$bw")" "$(per "$bc")" "$(ratio "$bw" "$ow")" "$(ratio "$bc" "$oc")"
