# lib-report.sh - sourced after tests/lib.sh by the shell tests that check every report of
# tests/report/cases.txt in every format against tests/report/expected/ (t4001, and the
# upgrade of an older database, t2401). EXPECTED is that directory.
EXPECTED="$WOWAH_SRC/tests/report/expected"
export COLUMNS=160 # the table width when not on a terminal

report_cases() { # DATA_DIR: every case, byte for byte (REGEN=1 rewrites the expected files)
	local line name words args item w f
	while IFS= read -r line; do
		[[ -z $line || $line == \#* ]] && continue
		name=$(printf '%s' "$line" | tr ' /' '__')
		# the item names hold spaces: an ITEM of several words is one argument
		read -r -a words <<<"$line"
		args=("${words[0]}")
		item=()
		for w in "${words[@]:1}"; do
			if [[ $w == --* || ${#args[@]} -gt 1 ]]; then args+=("$w"); else item+=("$w"); fi
		done
		[ ${#item[@]} -gt 0 ] && args=("${words[0]}" "${item[*]}" "${args[@]:1}")
		for f in table csv json; do
			run "$WOWAH" report "${args[@]}" --data-dir "$1" --format "$f"
			assert_eq 0 "$RC" "report $line ($f): $ERR"
			if [ "${REGEN:-0}" = 1 ]; then
				printf '%s\n' "$OUT" >"$EXPECTED/$name.$f"
			fi
			cmp -s <(printf '%s\n' "$OUT") "$EXPECTED/$name.$f" ||
				fail "report $line ($f) differs: $(diff <(printf '%s\n' "$OUT") "$EXPECTED/$name.$f" | head -20)"
		done
	done <"$WOWAH_SRC/tests/report/cases.txt"
}
