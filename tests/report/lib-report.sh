# lib-report.sh - sourced after tests/lib.sh by the shell tests that check every report of
# tests/report/cases.txt in every format against tests/report/expected/ (t4001, and the
# upgrade of an older database, t2401). EXPECTED is that directory.
. "$WOWAH_SRC/tests/report/lib-cases.sh"
EXPECTED="$WOWAH_SRC/tests/report/expected"
export COLUMNS=160 # the table width when not on a terminal

# report_cases DATA_DIR [in-turn]: every case, byte for byte (REGEN=1 rewrites the expected
# files). Every case in every format; with in-turn, and in the sanitizers' pass
# (WOWAH_SANITIZED), every case in one format, the formats in turn, so each report and each
# format still runs (in-turn: t2401, whose database's rows one format shows as well as
# three; t4001 checks every case in every format).
report_cases() {
	local line name f all=(table csv json) formats=(table csv json) n=0
	while IFS= read -r line; do
		case_args "$line" || continue
		name=$(printf '%s' "$line" | tr ' /' '__')
		n=$((n + 1))
		[ -z "${WOWAH_SANITIZED:-}" ] && [ "${2:-}" != in-turn ] || formats=("${all[n % 3]}")
		for f in "${formats[@]}"; do
			run "$WOWAH" report "${CASE_ARGS[@]}" --data-dir "$1" --format "$f"
			assert_eq 0 "$RC" "report $line ($f): $ERR"
			if [ "${REGEN:-0}" = 1 ]; then
				printf '%s\n' "$OUT" >"$EXPECTED/$name.$f"
			fi
			cmp -s <(printf '%s\n' "$OUT") "$EXPECTED/$name.$f" ||
				fail "report $line ($f) differs: $(diff <(printf '%s\n' "$OUT") "$EXPECTED/$name.$f" | head -20)"
		done
	done <"$WOWAH_SRC/tests/report/cases.txt"
}
