#!/usr/bin/env bash
# Every Metabase card of dashboards/metabase/ runs on a real ClickHouse with its variables
# substituted ({{item_id}}, {{percent}}, {{region}}; an optional [[...]] clause kept), and
# answers with the columns, names and types, its "-- columns:" line promises, and rows.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"
. "$(dirname "$0")/lib-reports.sh"
trap 'rc=$?; ch_stop "$TMP/ch" kill >/dev/null 2>&1 || true; set +e; (exit $rc); cleanup' EXIT

URL=$(ch_start "$TMP/ch") || fail "clickhouse did not start"
"$WOWAH_BUILD/tests/report/mkdataset" "$TMP/data" 4
run "$WOWAH" load --data-dir "$TMP/data"
assert_eq 0 "$RC" "load: $ERR"
ch_feed_reports "$TMP/data" "$URL" wowah || fail "filling clickhouse"

cards=0
for card in "$WOWAH_SRC"/dashboards/metabase/*.sql; do
	name=$(basename "$card")
	want=$(sed -n 's/^-- columns: //p' "$card")
	[ -n "$want" ] || fail "$name has no '-- columns:' line"
	# Metabase's substitution: a variable becomes a literal, an optional clause is kept
	sql=$(sed -e 's/{{item_id}}/2770/g' -e 's/{{percent}}/100/g' -e "s/{{region}}/'EU'/g" \
		-e 's/\[\[//g' -e 's/\]\]//g' "$card")
	case $sql in *'{{'*) fail "$name has a variable the test does not know" ;; esac
	body=$(curl -sS "$URL/?database=wowah&readonly=1" --data-binary "$sql
FORMAT TSVWithNamesAndTypes") || fail "$name: no answer"
	case $body in "Code: "*) fail "$name: $(head -1 <<<"$body")" ;; esac
	names=$(sed -n 1p <<<"$body")
	types=$(sed -n 2p <<<"$body" | sed "s/\\\\'/'/g")
	got=$(paste -d' ' <(tr '\t' '\n' <<<"$names") <(tr '\t' '\n' <<<"$types") | paste -sd, - | sed 's/,/, /g')
	assert_eq "$want" "$got" "$name: columns and types"
	rows=$(($(wc -l <<<"$body") - 2))
	[ "$rows" -gt 0 ] || fail "$name: no rows"
	# the values are of their types: no NULL in a column that is not Nullable, numbers parse
	awk -F'\t' -v name="$name" 'NR == 2 { for (i = 1; i <= NF; i++) t[i] = $i }
		NR > 2 { for (i = 1; i <= NF; i++) {
			if ($i == "\\N" && t[i] !~ /^Nullable/) { print name ": NULL in " t[i]; exit 1 }
			if (t[i] ~ /^(Nullable\()?(U?Int|Float)/ && $i != "\\N" && $i !~ /^-?[0-9.e+-]+$/) {
				print name ": " $i " is no " t[i]; exit 1 } } }' <<<"$body" || fail "$name: a value of the wrong type"
	cards=$((cards + 1))
done
assert_eq 8 "$cards" "cards run"
echo "ok: $cards cards"
