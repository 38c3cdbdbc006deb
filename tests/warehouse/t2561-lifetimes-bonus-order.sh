#!/usr/bin/env bash
# The lifetimes stay lossless when an auction's bonus_lists come in another order: the real
# API keeps one order (dumps A and B of 2020, docs/sim.md) and so does the simulator, so
# t2501 never sees a change; here 4,000 auctions of dump A (every 25th) are imported three hours in a
# row, the middle hour with every list of 2 or more ids rotated by one place. Each list of
# 2 to 12 distinct ids is one lifetime with two order changes; one list of 13 ids (longer
# than the order code holds) keys on its order as sent, so it makes three lifetimes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-warehouse.sh"
D="$TMP/data"
: "${DUCKQ:?meson test sets DUCKQ}"

# bodies A (as sent, plus the 13-id auction) and R (rotated); prints the auctions whose
# rotation differs from their order as sent (2 to 12 ids, not all the same)
expected=$(python3 - "$FIXTURES/us5_realm_auctions_2020-09-15_A.json.gz" "$TMP" <<'EOF'
import gzip, json, sys
body = json.load(gzip.open(sys.argv[1]))
body["auctions"] = body["auctions"][::25][:4000]
long = dict(body["auctions"][0], id=1)
long["item"] = dict(long["item"], bonus_lists=list(range(6600, 6613)))
body["auctions"].append(long)
json.dump(body, open(sys.argv[2] + "/A.json", "w"))
n = 0
for a in body["auctions"]:
    bl = a["item"].get("bonus_lists", [])
    if len(bl) >= 2:
        a["item"]["bonus_lists"] = bl[1:] + bl[:1]
        n += 2 <= len(bl) <= 12 and len(set(bl)) > 1
json.dump(body, open(sys.argv[2] + "/R.json", "w"))
print(n)
EOF
)
[ "$expected" -gt 500 ] || fail "auctions of the 4,000 with 2+ bonus ids: $expected"

at=(2020-09-15T10:00:00Z 2020-09-15T11:00:00Z 2020-09-15T12:00:00Z)
body=(A R A)
for i in 0 1 2; do
	run "$WOWAH" import --data-dir "$D" --region us --realm 5 --at "${at[$i]}" "$TMP/${body[$i]}.json"
	assert_eq 0 "$RC" "import ${body[$i]} at ${at[$i]}: $ERR"
done
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load: $ERR"

for i in 0 1 2; do
	run "$WOWAH" snapshot rebuild --data-dir "$D" --region us --realm 5 --at "${at[$i]}" \
		--out "$TMP/rebuilt-$i.parquet"
	assert_eq 0 "$RC" "rebuild at ${at[$i]}: $ERR"
	raw=$(awk -F '\t' -v t="${at[$i]}" 'NR > 1 && $5 == t { print $10 }' "$D/catalog.tsv")
	same_rows "$TMP/rebuilt-$i.parquet" "$D/$raw" "the snapshot at ${at[$i]} rebuilt and its file"
done

got=$("$WOWAH" sql --data-dir "$D" --format csv "SELECT sum(len(bonus_order_changes)) || ' ' ||
	count(*) FILTER (WHERE auction_id = 1) || ' ' || count(*) FILTER (WHERE len(bonus_order_changes)
	> 0 AND sightings <> 3) FROM auction_lifetimes" | tail -n 1)
assert_eq "$((2 * expected)) 3 0" "$got" "order changes, lifetimes of the 13-id auction, changed ones not seen 3 times"
