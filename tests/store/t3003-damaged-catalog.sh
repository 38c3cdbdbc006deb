#!/usr/bin/env bash
# t3003-damaged-catalog: a damaged catalog.tsv never costs stored history (issue 12). A data
# dir of 30 snapshots gets its catalog emptied, cut to its header, cut short, converted to
# CRLF, a line deleted (the old advice for a malformed line), a line or the header broken;
# the next `wowah import` deletes nothing and says, on one line, how many files are
# uncatalogued and to run `wowah fsck` (or stops, pointing to it); `wowah fsck` finds the
# problems (exit 1), `wowah fsck --repair` gives back a catalog of every file (exit 0) and
# `wowah load` then counts what the undamaged data dir counts.
. "$WOWAH_SRC/tests/lib.sh"
F=$FIXTURES
REF=$TMP/ref

# 30 snapshots in four imports (16 in the sanitizers' pass): each copy's modification time
# is its snapshot time. Each scenario loads them all: more would only make the loads longer
# (a quarter of the catalog cut short is still several whole lines, line 7 is one).
if [ -n "${WOWAH_SANITIZED:-}" ]; then set -- 8 3 3 2; else set -- 15 6 5 4; fi
TOTAL=$(($1 + $2 + $3 + $4))
MID=$((TOTAL / 2 + 1)) # a catalog line in the middle
copies() { # fixture n first-hour
	local i
	for i in $(seq 1 "$2"); do
		cp "$F/$1" "$TMP/in/$i-$1"
		touch -d "@$((1672531200 + ($3 + i) * 3600))" "$TMP/in/$i-$1"
	done
}
mkdir -p "$TMP/in"
copies apwc_realm_auctions_us4.json "$1" 0
copies apwc_commodities_us.json "$2" 100
copies apwc_realm_auctions_us1146_2020.json "$3" 200
copies classic_tbc_auctions_us4384_ah2.json "$4" 300
imp() { # data-dir args...
	local d=$1
	shift
	run "$WOWAH" import --data-dir "$d" --region us "$@"
	assert_eq 0 "$RC" "import $*: $ERR"
}
imp "$REF" --realm 4 "$TMP"/in/*-apwc_realm_auctions_us4.json
imp "$REF" --commodities "$TMP"/in/*-apwc_commodities_us.json
imp "$REF" --realm 1146 "$TMP"/in/*-apwc_realm_auctions_us1146_2020.json
imp "$REF" --realm 4384 --house 2 "$TMP"/in/*-classic_tbc_auctions_us4384_ah2.json
assert_eq "$TOTAL" "$(tail -n +2 "$REF/catalog.tsv" | wc -l)" "catalogued snapshots"
cp -a "$REF" "$TMP/pristine"

# The command that used to delete: the next import (of a new snapshot).
NEW=(--realm 4 --at 2030-01-01T00:00:00Z "$F/apwc_realm_auctions_us4.json")
imp "$REF" "${NEW[@]}"
# the catalog as stored (the load compacts REF's past days into daily files)
cp "$REF/catalog.tsv" "$TMP/stored-catalog.tsv"
run "$WOWAH" load --data-dir "$REF"
assert_eq 0 "$RC" "load of the undamaged data dir: $ERR"
counts() { # data-dir
	"$WOWAH" sql --data-dir "$1" --format csv \
		"SELECT count(*), sum(rows), (SELECT count(*) FROM auctions), (SELECT count(*) FROM item_snapshots) FROM snapshots" |
		tail -n +2
}
REF_COUNTS=$(counts "$REF")
assert_match "^$((TOTAL + 1)),[0-9]+,[0-9]+,[0-9]+$" "$REF_COUNTS" "reference counts"
# the catalog's facts that do not depend on when a file was fetched
facts() { tail -n +2 "$1" | tr -d '\r' | cut -f1-5,7-10 | sort; }
files() { (cd "$1" && find . \( -path './auctions/*' -o -path './tokens/*' \) -name '*.parquet' | sort | xargs -r md5sum); }
PRISTINE_FILES=$(files "$TMP/pristine")

scenario() { # name damage-command (run in the data dir)
	local name=$1 d=$TMP/$1
	shift
	cp -a "$TMP/pristine" "$d"
	(cd "$d" && eval "$*")
	run "$WOWAH" import --data-dir "$d" --region us "${NEW[@]}"
	if [ "$name" = crlf ]; then
		# the store reads CR LF as LF (docs/storage.md): nothing is uncatalogued, no
		# warning; fsck --repair writes the lines again as the store writes them
		assert_eq 0 "$RC" "$name: import: $ERR"
		assert_eq "" "$ERR" "$name: no warning"
	elif [ "$RC" = 0 ]; then
		assert_eq 1 "$(grep -c . <<<"$ERR")" "$name: one warning line: $ERR"
		assert_match "^wowah: warning: [0-9]+ Parquet files? under .* (is|are) not in catalog.tsv.*wowah fsck" \
			"$ERR" "$name: the warning"
	else
		# a catalog the store cannot read stops the import, with a line pointing to fsck
		assert_eq 1 "$RC" "$name: import exit"
		assert_match "wowah fsck" "$ERR" "$name: the error points to fsck"
	fi
	# nothing stored was deleted or changed
	assert_eq "$PRISTINE_FILES" "$(files "$d" | grep -v 20300101T000000Z)" "$name: files kept"

	run "$WOWAH" fsck --data-dir "$d"
	assert_eq 1 "$RC" "$name: fsck finds problems: $OUT $ERR"
	assert_match "summary: " "$OUT" "$name: fsck summary"
	assert_eq "$PRISTINE_FILES" "$(files "$d" | grep -v 20300101T000000Z)" "$name: fsck changes nothing"

	run "$WOWAH" fsck --repair --data-dir "$d"
	assert_eq 0 "$RC" "$name: fsck --repair: $OUT $ERR"
	ls "$d"/catalog.tsv.*.bak >/dev/null || fail "$name: no backup of the old catalog"
	if [ -f "$d/auctions/region=us/kind=realm/date=2030-01-01/realm_id=4/20300101T000000Z.parquet" ]; then
		assert_eq "$(facts "$TMP/stored-catalog.tsv")" "$(facts "$d/catalog.tsv")" "$name: catalog rebuilt"
	else
		assert_eq "$(facts "$TMP/pristine/catalog.tsv")" "$(facts "$d/catalog.tsv")" "$name: catalog rebuilt"
		imp "$d" "${NEW[@]}"
	fi
	run "$WOWAH" fsck --data-dir "$d"
	assert_eq 0 "$RC" "$name: fsck after the repair: $OUT $ERR"
	# a load is DuckDB's work over the repaired catalog, checked equal above: the sanitizers'
	# pass loads every third scenario's (tests/README), the plain pass every one's
	SCENARIOS=$((SCENARIOS + 1))
	[ -z "${WOWAH_SANITIZED:-}" ] || [ $((SCENARIOS % 3)) = 1 ] || return 0
	run "$WOWAH" load --data-dir "$d"
	assert_eq 0 "$RC" "$name: load after the repair: $ERR"
	assert_eq "$REF_COUNTS" "$(counts "$d")" "$name: load counts"
}

SCENARIOS=0
scenario emptied ': >catalog.tsv'
scenario header-only 'head -n 1 catalog.tsv >c && mv c catalog.tsv'
scenario cut-short 'head -c $(($(wc -c <catalog.tsv) / 4)) catalog.tsv >c && mv c catalog.tsv'
scenario crlf "sed -i 's/\$/\\r/' catalog.tsv"
scenario line-deleted "sed -i ${MID}d catalog.tsv"
scenario line-broken "sed -i '${MID}s/\\t/ /' catalog.tsv"
scenario header-broken "sed -i '1s/.*/garbage/' catalog.tsv"

# a broken line: the store's error names it and points to fsck, not to deleting it
cp -a "$TMP/pristine" "$TMP/broken"
sed -i '7s/\t/ /' "$TMP/broken/catalog.tsv"
run "$WOWAH" import --data-dir "$TMP/broken" --region us "${NEW[@]}"
assert_eq 1 "$RC" "import over a broken line"
assert_match "line 7: .*wowah fsck --repair" "$ERR" "the malformed-line message"
[[ $ERR != *delete* ]] || fail "the malformed-line message still says to delete: $ERR"

# only the store's own interrupted writes (<final>.<pid>.tmp) are removed
d=$TMP/pristine
dir=$d/auctions/region=us/kind=realm/date=2023-01-01/realm_id=4
echo half >"$dir/20230101T010000Z.parquet.4242.tmp"
echo mine >"$dir/notes.tmp"
run "$WOWAH" import --data-dir "$d" --region us "${NEW[@]}"
assert_eq 0 "$RC" "import beside leftovers: $ERR"
[ ! -e "$dir/20230101T010000Z.parquet.4242.tmp" ] || fail "the store's own tmp file was kept"
assert_file "$dir/notes.tmp"
assert_eq "" "$ERR" "no warning when every Parquet file is catalogued"
