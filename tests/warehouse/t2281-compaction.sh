#!/usr/bin/env bash
# Compaction (docs/storage.md): a data dir of hourly files, as every wowah before it made,
# is compacted by the next `wowah load` (each house's past days one daily file each) and
# every reader answers as over the hourly files: the auctions view (same rows, same
# columns), the derived tables, reports, auction_lifetimes, an incremental load after it,
# a database built again from the data dir, snapshot rebuild of a compacted snapshot (row
# for row against its hourly file), fsck, prune --keep-raw and pull (a compacted hour is
# not fetched again). The reference is a copy of the same data dir whose compaction is not
# due (compact-stamp), loaded by the same binary.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-warehouse.sh"
D="$TMP/data"
R="$TMP/ref"
: "${DUCKQ:?meson test sets DUCKQ}"
export BLIZZARD_API_CLIENT_ID=wowah-sim BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret
start_sim --realms 2 --auctions-per-realm 40 --commodities 150 --classic-realms 1 --seed 28
pull() { run "$WOWAH" pull --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$1" \
	--flavor retail,classic; assert_eq 0 "$RC" "pull: $ERR"; }
advance() { curl -sf -X POST "$SIM_URL/sim/advance?hours=1" >/dev/null; }
# 27 simulated hours: at least one whole past day for every house
for h in $(seq 1 27); do pull "$D"; advance; done
files() { find "$1/auctions" -name '*.parquet' | wc -l; }
hourly=$(files "$D")
cp -a "$D" "$TMP/hourly"
cp -a "$D" "$R"
awk -F'\t' 'NR > 1 { print $5 }' "$R/catalog.tsv" | sort | tail -n 1 |
	xargs -I{} date -u -d {} +%s >"$R/compact-stamp"

run "$WOWAH" load --data-dir "$R"
assert_eq 0 "$RC" "reference load: $ERR"
assert_eq "$hourly" "$(files "$R")" "the reference is not compacted"
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load: $ERR"
assert_match "^compacted [0-9]+ hourly files of [0-9]+ snapshots into [0-9]+ daily files" "$OUT" "load compacts"
daily=$(find "$D/auctions" -name '*-day*.parquet' | wc -l)
[ "$daily" -gt 0 ] || fail "no daily file"
[ "$(files "$D")" -lt "$hourly" ] || fail "$(files "$D") files after compaction, $hourly before"
assert_eq "" "$(find "$D" -name '*.tmp' -o -name compact-pending.tsv)" "leftovers"
assert_eq "$(wc -l <"$R/catalog.tsv")" "$(wc -l <"$D/catalog.tsv")" "one catalog line per snapshot"
# every path the catalog names is there, and each file is named
assert_eq "$(cut -f10 "$D/catalog.tsv" | tail -n +2 | sort -u | sed "s|^|$D/|")" \
	"$(find "$D/auctions" -name '*.parquet' | sort)" "catalogued files = files"

# the same answers as over the hourly files
SQLS=(
	"SELECT count(*), sum(hash(COLUMNS(*))) FROM auctions"
	"SELECT string_agg(column_name || ' ' || column_type, ',') FROM (DESCRIBE auctions)"
	"SELECT count(*), sum(hash(region, kind, realm_id, house_id, snapshot_ts, rows)) FROM snapshots"
	"SELECT count(*), sum(hash(COLUMNS(*))) FROM item_snapshots"
	"SELECT count(*), sum(hash(COLUMNS(*))) FROM latest_listings"
	"SELECT count(*), sum(hash(COLUMNS(*))) FROM auction_lifetimes"
	"SELECT count(*) FROM auctions WHERE date = (SELECT min(date) FROM auctions)"
)
same_answers() { # same_answers WHAT
	local q
	for q in "${SQLS[@]}"; do
		assert_eq "$("$WOWAH" sql --data-dir "$R" --format csv "$q")" \
			"$("$WOWAH" sql --data-dir "$D" --format csv "$q")" "$1: $q"
	done
	item=$("$WOWAH" sql --data-dir "$R" --format csv "SELECT item_id FROM item_snapshots WHERE kind = 'realm' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1" | tail -n 1)
	for rep in "price $item" "history $item" top deals movers snapshots; do
		# shellcheck disable=SC2086
		assert_eq "$("$WOWAH" report $rep --data-dir "$R" --format csv 2>&1)" \
			"$("$WOWAH" report $rep --data-dir "$D" --format csv 2>&1)" "$1: report $rep"
	done
}
same_answers "compacted"

# an incremental load over compacted days, then a database built again from the data dir
pull "$D"
pull "$R"
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "incremental load: $ERR"
run "$WOWAH" load --data-dir "$R"
assert_eq 0 "$RC" "incremental reference load: $ERR"
same_answers "incremental"
rm -f "$D"/wowah.duckdb*
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load from scratch: $ERR"
same_answers "rebuilt"

# a compacted snapshot rebuilt from the lifetimes is its hourly file, row for row
IFS=$'\t' read -r region _ realm house ts _ _ _ _ path _ < <(grep -- '-day' "$D/catalog.tsv" | grep kind=realm | head -n 1)
hourly_file=$(awk -F'\t' -v r="$realm" -v t="$ts" '$3 == r && $5 == t { print $10 }' "$TMP/hourly/catalog.tsv")
run "$WOWAH" snapshot rebuild --data-dir "$D" --region "$region" --realm "$realm" --at "$ts" \
	--out "$TMP/rebuilt.parquet"
assert_eq 0 "$RC" "rebuild: $ERR"
same_rows "$TMP/rebuilt.parquet" "$TMP/hourly/$hourly_file" "the rebuilt snapshot and its hourly file"
# and the daily file holds that snapshot's rows in the hourly file's order
o="hive_partitioning = false, file_row_number = true"
n=$("$DUCKQ" "SELECT count(*) FROM (SELECT * EXCLUDE (file_row_number), row_number() OVER (ORDER BY file_row_number) FROM read_parquet('$D/$path', $o) WHERE snapshot_ts = '$ts'
	EXCEPT ALL SELECT * EXCLUDE (file_row_number), file_row_number + 1 FROM read_parquet('$TMP/hourly/$hourly_file', $o))")
assert_eq 0 "$n" "rows of the daily file out of the hourly order"

run "$WOWAH" fsck --data-dir "$D"
assert_eq 0 "$RC" "fsck: $OUT $ERR"

# pull: the newest stored hour (pull asks for what is newer than it) is not stored again
before=$(wc -l <"$D/catalog.tsv")
pull "$D"
assert_eq "$before" "$(wc -l <"$D/catalog.tsv")" "pull of the same hour stores nothing"

# prune --keep-raw: a daily file goes whole or not at all; what stays answers
cutoff_days=$(( ($(date -u +%s) - $(date -u -d "$ts" +%s)) / 86400 - 1 ))
run "$WOWAH" prune --data-dir "$D" --keep-raw "$cutoff_days"
assert_eq 0 "$RC" "prune: $ERR"
run "$WOWAH" fsck --data-dir "$D"
assert_eq 0 "$RC" "fsck after prune: $OUT $ERR"
assert_eq "$(cut -f10 "$D/catalog.tsv" | tail -n +2 | sort -u | sed "s|^|$D/|")" \
	"$(find "$D/auctions" -name '*.parquet' | sort)" "catalogued files = files after prune"
assert_eq "$("$WOWAH" sql --data-dir "$R" --format csv "SELECT count(*), sum(hash(COLUMNS(*))) FROM auction_lifetimes")" \
	"$("$WOWAH" sql --data-dir "$D" --format csv "SELECT count(*), sum(hash(COLUMNS(*))) FROM auction_lifetimes")" \
	"lifetimes after prune"
stop_sim
echo ok
