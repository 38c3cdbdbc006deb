#!/usr/bin/env bash
# Every report in every format on the fixed dataset (dataset.h), byte for byte against
# tests/report/expected/ (regenerate with REGEN=1 after checking a change by hand).
. "$(dirname "$0")/../lib.sh"
EXPECTED="$WOWAH_SRC/tests/report/expected"
export COLUMNS=160 # the table width when not on a terminal

"$WOWAH_BUILD/tests/report/mkdataset" "$TMP/data" 4
run "$WOWAH" load --data-dir "$TMP/data"
assert_eq 0 "$RC" "load: $ERR"

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
		run "$WOWAH" report "${args[@]}" --data-dir "$TMP/data" --format "$f"
		assert_eq 0 "$RC" "report $line ($f): $ERR"
		if [ "${REGEN:-0}" = 1 ]; then
			printf '%s\n' "$OUT" >"$EXPECTED/$name.$f"
		fi
		cmp -s <(printf '%s\n' "$OUT") "$EXPECTED/$name.$f" ||
			fail "report $line ($f) differs: $(diff <(printf '%s\n' "$OUT") "$EXPECTED/$name.$f" | head -20)"
	done
done <"$WOWAH_SRC/tests/report/cases.txt"
echo "ok"
