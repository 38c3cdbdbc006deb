#!/usr/bin/env bash
# t6001-import-max-rows: a body holding more auctions than --max-rows (or WOWAH_MAX_ROWS)
# stops `wowah import` with one line naming the file and the limit, exit 1, nothing stored,
# and peak RSS stays at what a body of the limit's size costs (issue 12: 100 M tiny
# auctions in a 42 MB gzip passed 2 GB). The limit is inclusive and can be raised.
. "$WOWAH_SRC/tests/lib.sh"
D=$TMP/data
LIMIT=200000
A='{"id":1,"item":{"id":7},"quantity":1,"unit_price":100,"time_left":"SHORT"}'

# body N FILE: a gzip commodities body of N tiny auctions (1 MB a million)
body() {
	awk -v n="$1" -v a="$A" 'BEGIN {
		printf "{\"auctions\":[%s", a
		for (i = 1; i < n; i++) printf ",\n%s", a
		printf "]}"
	}' | gzip -1 >"$2"
}

# peak_rss: the "Maximum resident set size" (KB) of the last run under /usr/bin/time -v
peak_rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/time"; }

body "$LIMIT" "$TMP/limit.json.gz"
body $((LIMIT * 10)) "$TMP/big.json.gz"

# the baseline: a body of exactly the limit is imported (the limit is inclusive)
run /usr/bin/time -v -o "$TMP/time" "$WOWAH" import --data-dir "$D" --region us \
	--commodities --at 2020-09-15T12:00:00Z --max-rows "$LIMIT" "$TMP/limit.json.gz"
assert_eq 0 "$RC" "import of $LIMIT rows with --max-rows $LIMIT ($ERR)"
assert_match ": $LIMIT rows," "$OUT" "rows stored"
base_rss=$(peak_rss)
catalog=$(cat "$D/catalog.tsv")
files=$(cd "$D" && find . -type f | sort)

# ten times the limit: refused, one line naming the file and the limit, nothing stored
run /usr/bin/time -v -o "$TMP/time" "$WOWAH" import --data-dir "$D" --region us \
	--commodities --at 2020-09-15T13:00:00Z --max-rows "$LIMIT" "$TMP/big.json.gz"
assert_eq 1 "$RC" "exit status past --max-rows"
assert_eq "" "$OUT" "stdout past --max-rows"
assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "one line on stderr: $ERR"
assert_match "^wowah: '$TMP/big.json.gz': .*more than $LIMIT auctions, the most one snapshot may hold .*--max-rows" \
	"$ERR" "the error line"
assert_eq "$catalog" "$(cat "$D/catalog.tsv")" "catalog after the refused import"
assert_eq "$files" "$(cd "$D" && find . -type f | sort)" "files after the refused import"
big_rss=$(peak_rss)
# stopping at the limit costs no more than storing a body of the limit's size
[ "$big_rss" -le $((base_rss * 5 / 4)) ] ||
	fail "peak RSS $big_rss KB past the limit, $base_rss KB for a body of the limit's size"

# the same limit from the environment
WOWAH_MAX_ROWS=$LIMIT run "$WOWAH" import --data-dir "$D" --region us --commodities \
	--at 2020-09-15T13:00:00Z "$TMP/big.json.gz"
assert_eq 1 "$RC" "exit status past WOWAH_MAX_ROWS"
assert_match "more than $LIMIT auctions" "$ERR" "the error line (WOWAH_MAX_ROWS)"

# bonus ids and modifiers count too: 4 per row of the limit
awk 'BEGIN {
	printf "{\"auctions\":[{\"id\":1,\"item\":{\"id\":7,\"bonus_lists\":[1"
	for (i = 1; i < 10000; i++) printf ",1"
	printf "]},\"quantity\":1,\"buyout\":100,\"time_left\":\"SHORT\"}]}"
}' | gzip -1 >"$TMP/bonus.json.gz"
run "$WOWAH" import --data-dir "$D" --region us --realm 5 --at 2020-09-15T12:00:00Z \
	--max-rows 1000 "$TMP/bonus.json.gz"
assert_eq 1 "$RC" "exit status past the lists' limit"
assert_match "^wowah: '$TMP/bonus.json.gz': .*more than 4000 bonus ids and modifiers" "$ERR" \
	"the lists' error line"
assert_eq "$catalog" "$(cat "$D/catalog.tsv")" "catalog after the refused lists"

# raised, the big body is stored whole; the default is documented in --help
run "$WOWAH" import --data-dir "$D" --region us --commodities --at 2020-09-15T13:00:00Z \
	--max-rows $((LIMIT * 10)) "$TMP/big.json.gz"
assert_eq 0 "$RC" "import with the limit raised ($ERR)"
assert_match ": $((LIMIT * 10)) rows," "$OUT" "rows stored with the limit raised"
run "$WOWAH" import --help
assert_match "--max-rows N .*10000000" "$OUT" "--help shows the default limit"
echo "ok: past $LIMIT rows refused at $big_rss KB peak RSS (a body of $LIMIT rows: $base_rss KB)"
