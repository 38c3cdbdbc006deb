#!/usr/bin/env bash
# wowah prune --keep-raw DAYS removes the raw snapshot files older than DAYS only once the
# lifetimes and the database cover them: --dry-run removes nothing and says what it would;
# a snapshot not loaded yet is kept whatever its age; after a prune the catalog, fsck, the
# reports, auction_lifetimes and snapshot rebuild answer as before (a pruned snapshot is
# rebuilt exactly as its removed file held it) and `auctions` covers what is still raw.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-warehouse.sh"
D="$TMP/data"
: "${DUCKQ:?meson test sets DUCKQ}"
day=86400
now=$(date -u +%s)
iso() { date -u -d "@$1" +%Y-%m-%dT%H:00:00Z; }
old=$(iso $((now - 5 * day)))   # A: five days ago
mid=$(iso $((now - 5 * day + 3600)))  # B: an hour later
new=$(iso $((now - 3600)))      # A again, an hour ago
imp() { run "$WOWAH" import --data-dir "$D" "$@"; assert_eq 0 "$RC" "import $*: $ERR"; }
imp --region us --realm 5 --at "$old" "$FIXTURES/us5_realm_auctions_2020-09-15_A.json.gz"
imp --region us --realm 5 --at "$mid" "$FIXTURES/us5_realm_auctions_2020-09-15_B.json.gz"
imp --region us --commodities --at "$old" "$FIXTURES/apwc_commodities_us.json"
path_of() { awk -F '\t' -v k="$1" -v t="$2" '$2 == k && $5 == t { print $10 }' "$D/catalog.tsv"; }
A=$(path_of realm "$old")
B=$(path_of realm "$mid")
C=$(path_of commodity "$old")
cp "$D/$A" "$TMP/A.parquet"

run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "first load: $ERR"
# four days old but not loaded yet: not covered, kept; and one of an hour ago
late=$(iso $((now - 4 * day)))
imp --region us --realm 5 --at "$late" "$FIXTURES/us5_realm_auctions_2020-09-15_B.json.gz"
L=$(path_of realm "$late")
imp --region us --realm 5 --at "$new" "$FIXTURES/us5_realm_auctions_2020-09-15_A.json.gz"
N=$(path_of realm "$new")

# --keep-raw 30: none is that old
run "$WOWAH" prune --data-dir "$D" --keep-raw 30
assert_eq 0 "$RC" "prune --keep-raw 30: $ERR"
assert_eq "removed 0 raw snapshot files (0.0 MB) older than 30 days" "$OUT" "nothing that old"

# --dry-run: says what it would remove, removes nothing
before=$(ls -R "$D/auctions" | md5sum)
cat_before=$(md5sum <"$D/catalog.tsv")
run "$WOWAH" prune --data-dir "$D" --keep-raw 2 --dry-run
assert_eq 0 "$RC" "dry run: $ERR"
kept="; kept 1 older ones that the lifetimes or the database do not cover yet \(run 'wowah load'\)"
assert_match "^would remove 3 raw snapshot files \([0-9.]+ MB\) older than 2 days$kept$" "$OUT" "dry run"
assert_eq "$before" "$(ls -R "$D/auctions" | md5sum)" "dry run removed nothing"
assert_eq "$cat_before" "$(md5sum <"$D/catalog.tsv")" "dry run left the catalog"

# the state the reports, lifetimes and rebuild show before the prune
q="SELECT count(*), sum(sightings), sum(hash(auction_id, first_seen, last_seen)) FROM auction_lifetimes"
life=$("$WOWAH" sql --data-dir "$D" --format csv "$q WHERE last_seen < '$mid'")
item=$("$WOWAH" sql --data-dir "$D" --format csv "SELECT item_id FROM latest_listings WHERE realm_id = 5 LIMIT 1" | tail -n 1)
history() { "$WOWAH" report history "$item" --data-dir "$D" --region us --until "$mid" --format csv; }
hist=$(history)
isq="SELECT count(*), sum(units) FROM item_snapshots WHERE snapshot_ts < '$late'"
snaps=$("$WOWAH" sql --data-dir "$D" --format csv "$isq")

# --keep-raw 2: A, B and the commodities are covered and older: removed; the late one is
# older but not loaded: kept (the load prune runs afterwards loads it)
run "$WOWAH" prune --data-dir "$D" --keep-raw 2
assert_eq 0 "$RC" "prune: $ERR"
assert_match "^removed 3 raw snapshot files \([0-9.]+ MB\) older than 2 days$kept$" "$OUT" "prune"
for f in "$A" "$B" "$C"; do [ ! -e "$D/$f" ] || fail "$f is still there"; done
assert_file "$D/$N"
assert_file "$D/$L"
assert_eq 2 "$(awk 'NR > 1' "$D/catalog.tsv" | wc -l)" "catalog lines left"
run "$WOWAH" fsck --data-dir "$D"
assert_eq 0 "$RC" "fsck after the prune: $OUT $ERR"

# everything keeps answering
assert_eq "$snaps" "$("$WOWAH" sql --data-dir "$D" --format csv "$isq")" "item_snapshots"
assert_eq "$hist" "$(history)" "report history"
run "$WOWAH" snapshot rebuild --data-dir "$D" --region us --realm 5 --at "$old" --out "$TMP/rebuilt.parquet"
assert_eq 0 "$RC" "rebuild of a pruned snapshot: $ERR"
same_rows "$TMP/rebuilt.parquet" "$TMP/A.parquet" "the rebuilt and the pruned file"
# auctions covers the raw that is left: the new snapshot and the late one
assert_eq "$((103505 + 107710))" "$("$WOWAH" sql --data-dir "$D" --format csv "SELECT count(*) FROM auctions" | tail -n 1)" "auctions: the raw left"
assert_eq "$life" "$("$WOWAH" sql --data-dir "$D" --format csv "$q WHERE last_seen < '$mid'")" "lifetimes that ended before B"
# a snapshot older than the pruned ones: refused in one line, nothing lost
imp --region us --realm 5 --at "$(iso $((now - 6 * day)))" "$FIXTURES/us5_realm_auctions_2020-09-15_B.json.gz"
run "$WOWAH" load --data-dir "$D"
assert_eq 1 "$RC" "load of a snapshot older than pruned ones"
assert_match "raw snapshots they cover are pruned" "$ERR" "the message"
