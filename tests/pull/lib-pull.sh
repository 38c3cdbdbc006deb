# lib-pull.sh - helpers for the pull/watch shell tests (source after ../lib.sh).
# The simulator serves the truth; these read it with curl + jq and compare it with what
# real DuckDB reads back from the Parquet files ($DUCKQ).

: "${DUCKQ:?DUCKQ must point at the duckq test tool (meson test sets it)}"
DATA=$TMP/data
export BLIZZARD_API_CLIENT_ID=wowah-sim
export BLIZZARD_API_CLIENT_SECRET=wowah-sim-secret
unset WOWAH_API_URL WOWAH_OAUTH_URL WOWAH_DATA_DIR BLIZZARD_API_REGION

# wpull [pull options...]: wowah pull against the simulator, into $DATA.
wpull() {
	"$WOWAH" pull --api-url "$SIM_URL" --oauth-url "$SIM_URL/token" --data-dir "$DATA" "$@"
}

sim_post() { curl -sf -X POST "$SIM_URL$1" >/dev/null; }

# sim_get PATH NAMESPACE: a whole, valid body from the simulator (its fault injection
# applies to curl too, so this asks until one comes through).
sim_get() {
	local body i
	for i in $(seq 1 40); do
		if body=$(curl -sf --compressed -H "Authorization: Bearer $(sim_token)" \
			"$SIM_URL$1?namespace=$2") && jq -e . >/dev/null 2>&1 <<<"$body"; then
			printf '%s' "$body"
			return 0
		fi
		sleep 0.1
	done
	fail "the simulator gave no valid body for $1 in 40 tries"
}

sim_realm_ids() {
	sim_get /data/wow/connected-realm/index dynamic-eu |
		jq -r '.connected_realms[].href' | sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p'
}

# flav_houses FLAVOUR: "realm house" of every house the simulator serves in that flavour
flav_houses() {
	local id h
	for id in $(sim_get /data/wow/connected-realm/index "dynamic-$1-eu" |
		jq -r '.connected_realms[].href' | sed -n 's|.*/connected-realm/\([0-9]*\)?.*|\1|p'); do
		for h in $(sim_get "/data/wow/connected-realm/$id/auctions/index" "dynamic-$1-eu" |
			jq -r '.auctions[].id'); do
			echo "$id $h"
		done
	done
}

# One canonical line per auction, from a JSON body on stdin.
JQ_CANON='
def n: if . == null then "NULL" else tostring end;
def list: if . == null then "NULL" else map(tostring) | join(",") end;
.auctions[] | [.id, .item.id, .quantity, (.unit_price|n), (.buyout|n), (.bid|n), .time_left,
  (.item.context|n), (.item.bonus_lists|list),
  (if .item.modifiers == null then "NULL" else (.item.modifiers | map("\(.type):\(.value)") | join(",")) end),
  (.item.pet_species_id|n), (.item.pet_breed_id|n), (.item.pet_level|n), (.item.pet_quality_id|n),
  (.item.rand|n), (.item.seed|n)] | map(tostring) | join("\t")'
canon_json() { jq -r "$JQ_CANON" | LC_ALL=C sort; }

# canon_parquet FILE: the same lines from a Parquet file.
canon_parquet() {
	"$DUCKQ" "select auction_id, item_id, quantity, coalesce(unit_price::varchar, 'NULL'),
	  coalesce(buyout::varchar, 'NULL'), coalesce(bid::varchar, 'NULL'), time_left,
	  coalesce(context::varchar, 'NULL'),
	  coalesce(array_to_string(bonus_lists, ','), 'NULL'),
	  coalesce(array_to_string(list_transform(modifiers, m -> m.type || ':' || m.value), ','), 'NULL'),
	  coalesce(pet_species_id::varchar, 'NULL'), coalesce(pet_breed_id::varchar, 'NULL'),
	  coalesce(pet_level::varchar, 'NULL'), coalesce(pet_quality_id::varchar, 'NULL'),
	  coalesce(rand::varchar, 'NULL'), coalesce(seed::varchar, 'NULL')
	  from read_parquet('$1', hive_partitioning = false)" | LC_ALL=C sort
}

# latest_file KIND REALM_ID: the catalogued file of the newest snapshot of a house.
latest_file() {
	awk -F'\t' -v k="$1" -v r="$2" 'NR > 1 && $2 == k && $3 == r { print $5 "\t" $10 }' \
		"$DATA/catalog.tsv" | LC_ALL=C sort | tail -n 1 | cut -f 2
}

# expect_same KIND REALM_ID PATH: the newest stored snapshot equals the body served now.
expect_same() {
	local f want got
	f=$(latest_file "$1" "$2")
	[ -n "$f" ] || fail "no $1 $2 snapshot in the catalog"
	want=$(sim_get "$3" dynamic-eu | canon_json)
	got=$(canon_parquet "$DATA/$f")
	[ -n "$want" ] || fail "$1 $2: the simulator served no auctions"
	if [ "$want" != "$got" ]; then
		diff <(echo "$want") <(echo "$got") | head -n 5 >&2
		fail "$1 $2: stored rows differ from the served body ($f)"
	fi
}

# expect_all_same: every realm and the commodities match what the simulator serves now.
expect_all_same() {
	local id
	for id in $(sim_realm_ids); do
		expect_same realm "$id" "/data/wow/connected-realm/$id/auctions"
	done
	expect_same commodity 0 /data/wow/auctions/commodities
}

# catalog_lines: the catalog's complete lines, header excluded (a torn last line, without
# its newline, is not a line: the next writer truncates it).
catalog_lines() { head -n "$(wc -l <"$DATA/catalog.tsv")" "$DATA/catalog.tsv" | tail -n +2; }

# check_catalog_lines: every catalogued file exists, whole (size and row count), and no
# snapshot is catalogued twice. Holds at every moment, even right after a kill -9.
check_catalog_lines() {
	local cat=$DATA/catalog.tsv path rows bytes n files="" want got
	assert_file "$cat"
	n=$(catalog_lines | cut -f 1-5,11 | sort | uniq -d | wc -l)
	assert_eq 0 "$n" "duplicate snapshot keys in the catalog"
	while IFS=$'\t' read -r _ kind _ _ _ _ rows bytes _ path _; do
		[ -f "$DATA/$path" ] || fail "catalogued file missing: $path"
		assert_eq "$bytes" "$(stat -c %s "$DATA/$path")" "size of $path"
		[ "$kind" = token ] || files="$files${files:+, }'$DATA/$path'"
	done < <(catalog_lines)
	[ -n "$files" ] || return 0
	# the row counts, all files in one DuckDB query
	want=$(catalog_lines | awk -F'\t' -v d="$DATA/" '$2 != "token" { print d $10 "\t" $7 }' | LC_ALL=C sort)
	got=$("$DUCKQ" "select filename, count(*) from read_parquet([$files], filename = true)
		group by filename" | LC_ALL=C sort)
	assert_eq "$want" "$got" "row counts of the catalogued files"
}

# check_catalog: the above, plus no tmp file and no Parquet file without a catalog line.
check_catalog() {
	local cat=$DATA/catalog.tsv line path
	check_catalog_lines
	[ -z "$(find "$DATA" -name '*.tmp')" ] || fail "leftover tmp files: $(find "$DATA" -name '*.tmp')"
	find "$DATA/auctions" -name '*.parquet' 2>/dev/null | while read -r line; do
		path=${line#"$DATA"/}
		grep -qF "$path" "$cat" || fail "orphan file without a catalog line: $path"
	done
}

# catalog_count KIND: catalogued snapshots of a kind.
catalog_count() { awk -F'\t' -v k="$1" 'NR > 1 && $2 == k' "$DATA/catalog.tsv" | wc -l; }

# watch_until CMD...: runs CMD every 0.1 s until it succeeds (30 s at most), failing at once
# when the watcher ($WATCH_PID) has exited; returns 1 when time ran out, for the caller to
# say what was not reached.
watch_until() {
	local i
	for i in $(seq 1 300); do
		"$@" && return 0
		kill -0 "$WATCH_PID" 2>/dev/null || fail "watch exited: $(cat "$TMP/watch.err")"
		sleep 0.1
	done
	return 1
}

# renamed_item DIR FLAVOR: sets item, retail_name and flavor_name: the item of DIR's
# wowah.duckdb listed most in retail and in FLAVOR, no reagent tier, whose name in
# FLAVOR's items is not retail's (the simulator's Classic static namespaces rename some:
# docs/flavours.md).
renamed_item() {
	local row
	row=$("$WOWAH" sql --data-dir "$1" --format csv "SELECT s.item_id, r.name, c.name
		FROM item_snapshots s JOIN items r ON r.item_id = s.item_id AND r.flavor = 'retail'
		JOIN items c ON c.item_id = s.item_id AND c.flavor = '$2'
		WHERE r.name <> c.name AND s.pet_species_id = 0
		  AND (SELECT count(*) FROM items x WHERE x.flavor = 'retail' AND x.name = r.name) = 1
		GROUP BY ALL HAVING count(DISTINCT s.kind) = 2 ORDER BY count(*) DESC, 1 LIMIT 1" |
		tail -n +2)
	[ -n "$row" ] || fail "no item of retail and $2 named otherwise by $2"
	IFS=, read -r item retail_name flavor_name <<<"$row"
}
