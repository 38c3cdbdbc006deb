#!/usr/bin/env bash
# t6661-import-two-threads: a plain body big enough to be parsed on two threads (4 MB,
# PARSE_SPLIT_MIN) and sorted on two (store/sort.c) is stored exactly as its gzip form, which
# one thread parses: the same Parquet bytes, every row, in the contract's order (item_id,
# unit price, auction_id) read back by DuckDB. A bad record past the middle (in the second
# thread's half) is one line naming the byte offset, exit 1, and leaves no file and no
# catalog line.
. "$WOWAH_SRC/tests/lib.sh"
DUCKQ=${DUCKQ:?DUCKQ must point at the duckq test tool (meson test sets it)}
D=$TMP/data
N=60000

# body N BAD: N commodities, ids shuffled (the sort's auction id phase runs), few items and
# prices (ties for the merge of the two halves); BAD > 0: auction BAD has a string quantity
body() {
	awk -v n="$1" -v bad="$2" 'BEGIN {
		srand(7)
		printf "{\"auctions\":["
		for (i = 1; i <= n; i++) {
			q = i == bad ? "\"x\"" : int(rand() * 20) + 1
			printf "%s{\"id\":%d,\"item\":{\"id\":%d},\"quantity\":%s,\"unit_price\":%d,\"time_left\":\"LONG\"}\n",
			       (i > 1 ? "," : ""), int(rand() * 1e9), int(rand() * 300), q, int(rand() * 50) * 100
		}
		printf "]}"
	}'
}

mkdir "$D"
body $N 0 >"$TMP/big.json"
gzip -1 -c "$TMP/big.json" >"$TMP/big.json.gz"
[ "$(stat -c %s "$TMP/big.json")" -ge $((4 * 1024 * 1024)) ] || fail "the body is under 4 MB"

run "$WOWAH" import --data-dir "$D/plain" --region us --commodities --at 2026-01-01T00:00:00Z \
	"$TMP/big.json"
assert_eq 0 "$RC" "import of the plain body ($ERR)"
assert_match ": $N rows," "$OUT" "rows of the plain body"
plain=$D/plain/$(sed -n 's/.* -> //p' <<<"$OUT")
run "$WOWAH" import --data-dir "$D/gz" --region us --commodities --at 2026-01-01T00:00:00Z \
	"$TMP/big.json.gz"
assert_eq 0 "$RC" "import of the gzip body ($ERR)"
gz=$D/gz/$(sed -n 's/.* -> //p' <<<"$OUT")
cmp "$plain" "$gz" || fail "two threads and one stored other bytes"

# in file order, no row is before the one ahead of it
unsorted=$("$DUCKQ" "SELECT count(*) FROM (SELECT item_id, unit_price, auction_id,
	lag(item_id) OVER w AS pi, lag(unit_price) OVER w AS pp, lag(auction_id) OVER w AS pa,
	rn FROM (SELECT *, row_number() OVER () AS rn FROM read_parquet('$plain'))
	WINDOW w AS (ORDER BY rn)) WHERE rn > 1 AND (item_id, unit_price, auction_id) < (pi, pp, pa)")
assert_eq 0 "$unsorted" "rows out of order"
assert_eq "$(printf "%s\t%s" $N $N)" "$("$DUCKQ" "SELECT count(*), count(DISTINCT (auction_id, item_id, quantity))
	FROM read_parquet('$plain')")" "rows read back"

# a bad record in the second half: one line, exit 1, nothing stored
catalog=$(cat "$D/plain/catalog.tsv")
files=$(cd "$D/plain" && find . -type f | sort)
body $N $((N * 9 / 10)) >"$TMP/bad.json"
run "$WOWAH" import --data-dir "$D/plain" --region us --commodities --at 2026-01-01T01:00:00Z \
	"$TMP/bad.json"
assert_eq 1 "$RC" "exit status of the bad body"
assert_eq "" "$OUT" "stdout of the bad body"
assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "one line on stderr: $ERR"
assert_match "^wowah: '$TMP/bad.json': auction body: byte [0-9]+, auctions\[$((N * 9 / 10 - 1))\]: .quantity. is a string" "$ERR" \
	"the error line names the byte and the auction"
assert_eq "$catalog" "$(cat "$D/plain/catalog.tsv")" "catalog after the bad body"
assert_eq "$files" "$(cd "$D/plain" && find . -type f | sort)" "files after the bad body"
echo "ok: $N rows on two threads stored as on one; a bad record in the second half refused"
