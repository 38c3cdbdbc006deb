#!/usr/bin/env bash
# Issue 13 on ClickHouse: every row keeps its flavour. A version 2 database (before
# flavours: tests/ch/schema-v2.sql, the tables that version's feed made, holding what it
# fed) is migrated in place by the next feed: its rows read as retail, its Classic
# progression house as classic, exact counts (its token prices, which it could not tell
# apart, fed again); then Era houses (one with a retail realm's
# id), the Classic token at the second of retail's and the realms of every flavour feed
# beside them, and the reports on ClickHouse equal DuckDB's, each house named from its
# own flavour's realms.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"
export COLUMNS=160

ch_sim_test_start
URL=$CH_URL
export WOWAH_CLICKHOUSE_URL=$URL
feed() { # DATABASE
	run "$WOWAH" feed --data-dir "$DATA" --database "$1"
	assert_eq 0 "$RC" "feed into $1: $ERR"
}
start_sim --realms 3 --auctions-per-realm 40 --commodities 50 \
	--classic-realms 1 --classic1x-realms 2 --classicann-realms 0

# --- what a version 2 wowah stored and fed: retail, Classic progression, both tokens ---
run wpull --flavor retail,classic --token
assert_eq 0 "$RC" "pull retail and classic: $ERR"
tokens=$(awk -F'\t' 'NR > 1 && $2 == "token" { print $11 "," $5 }' "$DATA/catalog.tsv" | sort)
assert_eq 2 "$(wc -l <<<"$tokens")" "a retail and a Classic token"
assert_eq 1 "$(cut -d, -f2 <<<"$tokens" | sort -u | wc -l)" "both tokens at one second"

# the version 2 tables, made by its DDL, holding its rows: what this feed sends, without
# the flavor column (fed_files left empty: version 2's fingerprints differ)
feed cur
while IFS= read -r stmt; do
	case "$stmt" in --* | "") continue ;; esac
	chq "${stmt//DB./old.}" >/dev/null || fail "schema-v2.sql: $stmt"
done < <(printf 'CREATE DATABASE old\n'; cat "$WOWAH_SRC/tests/ch/schema-v2.sql")
for t in fed_snapshots auctions item_snapshots tokens realms items; do
	cols=$(chq "SELECT arrayStringConcat(groupArray(concat('\`', name, '\`')), ', ') FROM
		system.columns WHERE database = 'old' AND table = '$t'")
	chq "INSERT INTO old.$t ($cols) SELECT $cols FROM cur.$t" >/dev/null || fail "copying $t"
done
chq "INSERT INTO old.wowah_schema VALUES ('wowah', 2, now())" >/dev/null
v2_rows=$(chq "SELECT count() FROM old.auctions")
[ "$v2_rows" -gt 0 ] || fail "no auctions in the version 2 database"
assert_eq 0 "$(chq "SELECT count() FROM system.columns WHERE database = 'old' AND name = 'flavor'")" \
	"version 2 has no flavor column"

# --- the next wowah stores Era houses, then feeds the version 2 database ---
run wpull --flavor classic1x
assert_eq 0 "$RC" "pull classic1x: $ERR"
era=$(awk -F'\t' 'NR > 1 && $11 == "classic1x"' "$DATA/catalog.tsv" | wc -l)
[ "$era" -gt 0 ] || fail "no Era house pulled"
feed old
# new: the Era houses; and the tokens, which version 2's ledger could not tell apart
assert_match "^fed $((era + 2)) snapshots \(.*, 2 token prices\) .* [0-9]+ were there already" "$OUT" \
	"the Era houses and both tokens fed"
assert_eq 4 "$(chq "SELECT max(version) FROM old.wowah_schema")" "migrated to version 4"
for t in fed_snapshots auctions item_snapshots tokens realms; do
	assert_eq "flavor	Enum8('retail' = 1, 'classic' = 2, 'classic1x' = 3, 'classicann' = 4)" \
		"$(chq "SELECT name, type FROM system.columns WHERE database = 'old' AND table = '$t' AND name = 'flavor' FORMAT TabSeparatedRaw")" \
		"$t's flavor column"
done
ch_assert_exact "$DATA" old

# the old rows read as their flavour, the new ones carry theirs: per flavour and kind,
# auctions as catalogued
want=$(awk -F'\t' 'NR > 1 && $2 != "token" { k = ($11 == "retail" ? $2 : $11); n[$11 "\t" k] += $7 }
	END { for (x in n) print x "\t" n[x] }' "$DATA/catalog.tsv" | sort)
assert_eq "$want" "$(chq "SELECT flavor, kind, count() FROM old.auctions GROUP BY flavor, kind ORDER BY flavor, kind" | sort)" \
	"auctions per flavour and kind"
assert_eq "$want" "$(chq "SELECT flavor, kind, sum(rows) FROM old.snapshots GROUP BY flavor, kind ORDER BY flavor, kind" | sort)" \
	"snapshots per flavour and kind"
assert_eq "$(chq "SELECT flavor, kind, count() FROM old.item_snapshots GROUP BY flavor, kind" | LC_ALL=C sort)" \
	"$(chq "SELECT flavor, kind, count() FROM cur.item_snapshots GROUP BY flavor, kind ORDER BY flavor, kind" |
		cat - <(chq "SELECT flavor, kind, count() FROM old.item_snapshots WHERE flavor = 'classic1x' GROUP BY flavor, kind") |
		LC_ALL=C sort)" "item summaries: the old ones as their flavour, the Era ones added"
assert_eq "$(sed 's/,/\t/' <<<"$tokens")" \
	"$(chq "SELECT toString(flavor) AS f, concat(replaceOne(toString(last_updated, 'UTC'), ' ', 'T'), 'Z')
		FROM old.tokens ORDER BY f")" \
	"both tokens of one second, each its flavour's"
# realms: every flavour's file, each row its flavour
want=$("$DUCKQ" "SELECT coalesce(nullif(regexp_extract(filename, 'realms-([a-z0-9]+)\.parquet$', 1), ''), 'retail') AS f,
	count(*) FROM read_parquet('$DATA/realms/region=*/realms*.parquet', filename = true,
	union_by_name = true) GROUP BY f ORDER BY f" | tr '|' '\t')
assert_match "classic1x" "$want" "an Era realms file"
assert_eq "$want" "$(chq "SELECT toString(flavor) AS f, count() FROM old.realms GROUP BY f ORDER BY f")" \
	"realms of every flavour's file"

# the one realm id retail and Era both have: two houses, apart
shared=$(awk -F'\t' 'NR > 1 && $2 == "realm" { print $3 }' "$DATA/catalog.tsv" | sort -u |
	comm -12 - <(awk -F'\t' 'NR > 1 && $11 == "classic1x" { print $3 }' "$DATA/catalog.tsv" | sort -u))
assert_eq 1 "$(wc -w <<<"$shared")" "one realm id in retail and Era"
assert_eq "$(awk -F'\t' -v r="$shared" 'NR > 1 && $3 == r && $2 != "token" { n[$11] += $7 }
	END { for (f in n) print f "\t" n[f] }' "$DATA/catalog.tsv" | LC_ALL=C sort)" \
	"$(chq "SELECT flavor, count() FROM old.auctions WHERE realm_id = $shared GROUP BY flavor" | LC_ALL=C sort)" \
	"realm $shared: the retail and the Era house's auctions apart"

# a second feed finds everything fed; a fresh database holds the same
feed old
assert_match "^fed 0 snapshots" "$OUT" "nothing left to feed"
feed fresh
ch_assert_exact "$DATA" fresh
for q in "SELECT flavor, kind, realm_id, house_id, count() FROM DB.auctions GROUP BY flavor, kind, realm_id, house_id ORDER BY flavor, kind, realm_id, house_id" \
	"SELECT flavor, last_updated, price FROM DB.tokens ORDER BY flavor" \
	"SELECT flavor, region, connected_realm_id, realm_id, name FROM DB.realms ORDER BY flavor, realm_id"; do
	assert_eq "$(chq "${q//DB./fresh.}")" "$(chq "${q//DB./old.}")" "migrated and fresh: $q"
done

# --- the reports: each house named from its own flavour's realms, as on DuckDB ---
run "$WOWAH" load --data-dir "$DATA"
assert_eq 0 "$RC" "load: $ERR"
# (every flavour's houses named; token without --flavor: retail's)
ch_reports_equal "$DATA" "$URL" old --flavor retail,classic,classic1x,classicann realms houses snapshots
ch_reports_equal "$DATA" "$URL" old token
# token: retail's price alone on both (Classic progression's was fed at the same second)
assert_eq 1 "$(tail -n +2 <<<"$OUT" | wc -l)" "report token: one price, retail's"
run "$WOWAH" report realms --flavor retail,classic1x --clickhouse "$URL" --database old --format json
assert_eq 0 "$RC" "clickhouse report realms (json): $ERR"
retail_name=$(jq -r --argjson r "$shared" 'select(.realm_id == $r and .kind == "realm") | .names' <<<"$OUT")
era_name=$(jq -r --argjson r "$shared" 'select(.realm_id == $r and .kind == "classic1x") | .names' <<<"$OUT" | sort -u)
[ -n "$retail_name" ] && [ -n "$era_name" ] || fail "realm $shared: a house without a name: '$retail_name' '$era_name'"
assert_eq 1 "$(wc -l <<<"$era_name")" "realm $shared: one name for its Era houses"
[ "$retail_name" != "$era_name" ] || fail "realm $shared: retail and Era named alike: $retail_name"
echo ok
