#!/usr/bin/env bash
# A report on a database of another wowah schema than the binary's is refused in one line
# before any report SQL runs, exit 2: a database no feed made, one of version 2 (before
# flavours: tests/ch/schema-v2.sql) saying to run wowah feed, and one newer than the binary.
# After that feed migrated it, the same report answers.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"

ch_test_start
DATA=$TMP/data
ch_import_houses "$DATA" 10
report() { # DATABASE
	run "$WOWAH" report snapshots --flavor retail,classic --clickhouse "$CH_URL" --database "$1" \
		--format csv
}

chq "CREATE DATABASE empty" >/dev/null
report empty
assert_eq 2 "$RC" "a database no feed made: exit 2"
assert_eq "wowah: ClickHouse database empty holds no wowah tables: run wowah feed into it first (or give the --database it fed)" \
	"$ERR" "a database no feed made: one line"

while IFS= read -r stmt; do
	case "$stmt" in --* | "") continue ;; esac
	chq "${stmt//DB./old.}" >/dev/null || fail "schema-v2.sql: $stmt"
done < <(printf 'CREATE DATABASE old\n'; cat "$WOWAH_SRC/tests/ch/schema-v2.sql")
chq "INSERT INTO old.wowah_schema VALUES ('wowah', 2, now())" >/dev/null
report old
assert_eq 2 "$RC" "a version 2 database: exit 2"
assert_eq "wowah: ClickHouse database old has wowah schema version 2, older than this wowah's 4: run wowah feed, which migrates it in place, then the report again" \
	"$ERR" "a version 2 database: one line, what to run"
assert_eq "" "$OUT" "a version 2 database: no rows"

run "$WOWAH" feed --clickhouse "$CH_URL" --database old --data-dir "$DATA"
assert_eq 0 "$RC" "the feed that migrates it: $ERR"
report old
assert_eq 0 "$RC" "the report once migrated: $ERR"
assert_eq 10 "$(tail -n +2 <<<"$OUT" | wc -l)" "the report once migrated: every snapshot"

chq "INSERT INTO old.wowah_schema VALUES ('wowah', 99, now())" >/dev/null
report old
assert_eq 2 "$RC" "a newer database: exit 2"
assert_eq "wowah: ClickHouse database old has wowah schema version 99, newer than this wowah's 4: use a newer wowah" \
	"$ERR" "a newer database: one line"
echo ok
