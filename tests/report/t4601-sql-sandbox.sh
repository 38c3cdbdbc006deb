#!/usr/bin/env bash
# wowah sql's sandbox (docs/sql.md): by default SQL reads the loaded data and nothing else
# of the file system; it cannot write files, attach databases, install or load extensions,
# nor lift any of that; --out never writes inside the data dir; --unrestricted gives
# DuckDB's own defaults back.
. "$(dirname "$0")/../lib.sh"
D="$TMP/data"
"$WOWAH_BUILD/tests/report/mkdataset" "$D" 4
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load: $ERR"
echo secret >"$TMP/outside.txt"
SNAP="$D/$(awk -F"\t" "NR == 2 { print \$10 }" "$D/catalog.tsv")"
assert_file "$SNAP"
ln -s "$D" "$TMP/link-to-data"
ln -s "$D/catalog.tsv" "$TMP/link-to-catalog.parquet"
mkdir "$TMP/sub"
state() { # every name below $TMP (the data dir in it), every file's content but the
	# database's and run's output
	(cd "$TMP" && find . ! -name out ! -name err | sort &&
		find . -type f ! -name 'wowah.duckdb*' ! -name out ! -name err -print0 | sort -z |
		xargs -0 md5sum) | md5sum
}
BEFORE=$(state)

refused() { # what regex sql...
	local what=$1 re=$2
	shift 2
	run "$WOWAH" sql --data-dir "$D" "$@"
	assert_eq 1 "$RC" "$what: exit ($OUT)"
	assert_match "$re" "$ERR" "$what"
	assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "$what: one line"
}
PERM='^wowah: Permission Error: Cannot access (file|directory) '
NOTALLOWED='is not allowed: this SQL may only read the loaded data'
refused "read_text outside" "$PERM\"/etc/shadow\"" "SELECT content FROM read_text('/etc/shadow')"
refused "read_text of a file near" "$PERM" "SELECT content FROM read_text('$TMP/outside.txt')"
refused "read_text of the catalog" "$PERM" "SELECT content FROM read_text('$D/catalog.tsv')"
refused "read_csv over ../" "$PERM" "SELECT * FROM read_csv('$D/auctions/../catalog.tsv')"
refused "glob of the data dir" "$PERM" "SELECT * FROM glob('$D/*')"
# DuckDB refuses a path it may not touch as it prepares a statement; wowah refuses the
# statement type when the path is one it may read (a snapshot).
refused "COPY TO elsewhere" "$PERM|^wowah: COPY $NOTALLOWED" "COPY (SELECT 1) TO '$TMP/x.csv'"
refused "COPY TO the catalog" "$PERM|^wowah: COPY $NOTALLOWED" "COPY (SELECT 1) TO '$D/catalog.tsv' (FORMAT csv)"
refused "COPY TO a snapshot" "^wowah: COPY $NOTALLOWED" "COPY (SELECT 1) TO '$SNAP'"
refused "EXPORT" "$PERM|^wowah: EXPORT $NOTALLOWED" "EXPORT DATABASE '$TMP/exp'"
refused "ATTACH elsewhere" "$PERM|^wowah: ATTACH $NOTALLOWED" "ATTACH '$TMP/o.duckdb' AS o"
refused "ATTACH in the data dir" "$PERM|^wowah: ATTACH $NOTALLOWED" "ATTACH '$D/o.duckdb' AS o"
refused "INSTALL" "$PERM|^wowah: INSTALL and LOAD $NOTALLOWED" "INSTALL httpfs"
refused "LOAD" "$PERM|^wowah: INSTALL and LOAD $NOTALLOWED" "LOAD httpfs"
refused "PREPARE" "^wowah: PREPARE $NOTALLOWED" "PREPARE p AS COPY (SELECT 1) TO '$SNAP'"
refused "CALL" "^wowah: (CALL|enable_logging) $NOTALLOWED" \
	"CALL enable_logging(level = 'info', storage = 'file', storage_path = '$D/auctions/logs')"
# enable_logging as a table function would write its log files below the allowed auctions/
# directory (and DuckDB 1.4.4 then aborts on the next statement): refused by name.
refused "enable_logging" "^wowah: enable_logging $NOTALLOWED" \
	"SELECT * FROM enable_logging(level = 'info', storage = 'file', storage_path = '$D/auctions/logs')"
refused "enable_logging, quoted" "^wowah: enable_logging $NOTALLOWED" \
	"SELECT * FROM \"ENABLE_LOGGING\"(storage = 'file', storage_path = '$D/auctions/logs')"
refused "a URL" "$PERM" "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')"
LOCKED='^wowah: Invalid Input Error: Cannot change configuration option "%s" - the configuration has been locked$'
# shellcheck disable=SC2059
for set in "SET enable_external_access = true" "RESET enable_external_access" \
	"SET allowed_paths = ['/etc/shadow']" "SET allowed_directories = ['/']" \
	"SET GLOBAL lock_configuration = false" "SET autoinstall_known_extensions = true" \
	"PRAGMA profiling_output = '$TMP/p.txt'"; do
	name=$(printf '%s\n' "$set" | sed -E 's/^(SET GLOBAL|SET|RESET|PRAGMA) ([a-z_]+).*/\2/')
	refused "$set" "$(printf "$LOCKED" "$name")" "$set"
done
# Several statements: the lock holds from the first, and nothing runs past a refusal.
refused "a lift in the same run" "locked" \
	"SET enable_external_access = true; SELECT content FROM read_text('/etc/shadow')"

# What the loaded data needs still works: the auctions view reads the Parquet files,
# TEMP tables, macros, variables.
run "$WOWAH" sql --data-dir "$D" --format csv "SELECT count(*) AS n FROM auctions"
assert_eq 0 "$RC" "auctions view: $ERR"
assert_eq $'n\n42' "$OUT" "auctions view"
run "$WOWAH" sql --data-dir "$D" --format csv "CREATE TEMP TABLE t AS SELECT 7 AS a;
  CREATE TEMP MACRO twice(x) AS 2 * x; SET VARIABLE v = 1; SELECT twice(a) + getvariable('v') AS b FROM t"
assert_eq 0 "$RC" "temp table, macro, variable: $ERR"
assert_eq $'b\n15' "$OUT" "temp table, macro, variable"
run "$WOWAH" sql --data-dir "$D" --format csv "SELECT count(*) AS n FROM read_parquet('$SNAP')"
assert_eq 0 "$RC" "a loaded snapshot file by name: $ERR"

# --out: never inside the data dir, however it is named; exit 2, nothing written.
for out in "$D/catalog.tsv" "$D/wowah.duckdb" "$D/lock" "$D/oauth-token" "$SNAP" \
	"$D/auctions/new.parquet" "$D/new.parquet" "$TMP/sub/../data/catalog.tsv" \
	"$TMP/link-to-data/catalog.tsv" "$TMP/link-to-data/x.parquet" \
	"$TMP/link-to-catalog.parquet" "$D"; do
	run "$WOWAH" sql --data-dir "$D" --out "$out" "SELECT 1 AS a"
	assert_eq 2 "$RC" "--out $out: exit"
	assert_match "^wowah: --out .* is inside the data dir $D, whose files are wowah's own: write it elsewhere$" "$ERR" "--out $out"
done
(cd "$D/auctions" && run "$WOWAH" sql --data-dir .. --out x.parquet "SELECT 1 AS a" &&
	assert_eq 2 "$RC" "--out relative into the data dir")
# The query goes inside COPY (...): text that would close it is no query of its own.
run "$WOWAH" sql --data-dir "$D" --out "$TMP/ok.parquet" "SELECT 1) TO '$D/catalog.tsv' (FORMAT csv) --"
assert_eq 1 "$RC" "--out with a second target"
run "$WOWAH" sql --data-dir "$D" --out "$TMP/ok.parquet" "SELECT 1 AS a --"
assert_eq 0 "$RC" "--out, a query ending in a comment: $ERR"
rm -f "$TMP/ok.parquet"
run "$WOWAH" sql --data-dir "$D" --out "$TMP/ok.parquet" "COPY (SELECT 1) TO '$SNAP'"
assert_eq 1 "$RC" "--out with a COPY"
assert_eq "$BEFORE" "$(state)" "the data dir and \$TMP are unchanged"

run "$WOWAH" sql --data-dir "$D" --out "$TMP/ok.parquet" "SELECT item_id FROM auctions"
assert_eq 0 "$RC" "--out elsewhere: $ERR"
assert_file "$TMP/ok.parquet"
[ -z "$(ls "$TMP"/*.tmp 2>/dev/null)" ] || fail "--out left a temporary file"

# --unrestricted: DuckDB's defaults (still no extensions fetched).
run "$WOWAH" sql --unrestricted --data-dir "$D" --format csv \
	"SELECT content FROM read_text('$TMP/outside.txt'); SELECT count(*) AS n FROM '$TMP/ok.parquet'"
assert_eq 0 "$RC" "--unrestricted reads: $ERR"
assert_eq $'content\n"secret\n"\nn\n42' "$OUT" "--unrestricted reads"
run "$WOWAH" sql --unrestricted --data-dir "$D" "COPY (SELECT 1 AS a) TO '$TMP/free.csv'"
assert_eq 0 "$RC" "--unrestricted COPY: $ERR"
assert_file "$TMP/free.csv"
run "$WOWAH" sql --unrestricted --data-dir "$D" --out "$D/x.parquet" "SELECT 1 AS a"
assert_eq 2 "$RC" "--unrestricted still keeps --out out of the data dir"
echo ok
