/* sightings.c - format 2's sighting numbers and the snapshot times they stand for, both
 * ways: format 2 files read as the relation of LIFETIME_COLUMNS (last_seen and the
 * changes' times found in the covered snapshots), and format 1 files converted.
 *
 * A file holds first_seen, sightings and each change as the number of its sighting. The
 * covered snapshots of each house, numbered in time order (seq), give them back: a
 * lifetime first seen in the house's snapshot seq F and seen N times was last seen in
 * snapshot F + N - 1, and its change at sighting k came in snapshot F + k - 1 (a lifetime
 * is in every snapshot of its house from first_seen to last_seen). The changes' times are
 * looked up once per distinct sighting number of a lifetime, in a map beside its row,
 * rather than by carrying each house's list of times on every lifetime.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lifetime/internal.h"
#include "lifetime/lifetime.h"
#include "util/fs.h"

/* The covered snapshots of the files' houses, numbered per house from 1. */
#define SEQ_CTE                                                                                 \
	"lt_c AS (SELECT region, kind, realm_id, house_id, snapshot_ts, row_number() OVER "     \
	"(PARTITION BY region, kind, realm_id, house_id ORDER BY snapshot_ts)::INTEGER AS seq " \
	"FROM read_parquet(%s, hive_partitioning = false))"

/* c is the house of lifetime x. */
#define SAME_HOUSE(c, x)                                                               \
	c ".region = " x ".region AND " c ".kind = " x ".kind AND " c ".realm_id = " x \
	  ".realm_id AND " c ".house_id = " x ".house_id"

/* m holds the lookups of lifetime l. */
#define SAME_LIFETIME(m, l) \
	SAME_HOUSE(m, l)    \
	" AND " m ".auction_id = " l ".auction_id AND " m ".first_seen = " l ".first_seen"

#define KEY_COLUMNS "region, kind, realm_id, house_id, auction_id, first_seen"

/* The sighting numbers (or times, as key) of every change of lifetime row l. */
#define CHANGE_KEYS(key)                                                          \
	"list_distinct(list_transform(quantity_changes, lambda c: c." key ") || " \
	"list_transform(bid_changes, lambda c: c." key ") || "                    \
	"list_transform(time_left_changes, lambda c: c." key ") || "              \
	"list_transform(bonus_order_changes, lambda c: c." key "))"
#define HAS_CHANGES                                                            \
	"len(quantity_changes) + len(bid_changes) + len(time_left_changes) + " \
	"len(bonus_order_changes) > 0"

/* One list of changes with its key looked up in m.at. */
#define REMAP(col, from, to, type)                                                       \
	"list_transform(l." col "_changes, lambda c: {'" to "': m.at[c." from "], '" col \
	"': c." col "})::" type " AS " col "_changes"

/* clang-format off */
/* The lifetimes of files (%s) with lt_seq, the number of their first sighting; join is
 * JOIN or LEFT JOIN. */
#define LIFETIMES(join)                                                                   \
	"lt_l AS (SELECT l.*, c.seq AS lt_seq FROM read_parquet(%s, hive_partitioning = " \
	"false) l " join " lt_c c ON " SAME_HOUSE("c", "l") " AND c.snapshot_ts = l.first_seen"

/* Every change's key (sighting number or time) of every lifetime. */
#define CHANGE_KEYS_CTE(key)                                                          \
	"lt_k AS (SELECT " KEY_COLUMNS ", lt_seq, "                                     \
	"unnest(" CHANGE_KEYS(key) ") AS k FROM lt_l WHERE " HAS_CHANGES ")"

/* Per lifetime the map m.at from each key to what stands for it: value, of the covered
 * snapshot c found by on. */
#define KEY_MAP_CTE(value, on)                                                                   \
	"lt_m AS (SELECT k.region, k.kind, k.realm_id, k.house_id, k.auction_id, k.first_seen, " \
	"map_from_entries(list({'key': k.k, 'value': " value "})) AS at FROM lt_k k JOIN lt_c "  \
	"c ON " SAME_HOUSE("c", "k") " AND " on " GROUP BY ALL)"

/* A lifetime's columns up to first_seen, as they are in both formats. */
#define KEY_AND_FIRST_SEEN                                                                       \
	"l.region, l.kind, l.realm_id, l.house_id, l.auction_id, l.item_id, l.pet_species_id, "  \
	"l.context, l.bonus_lists, l.modifiers, l.pet_breed_id, l.pet_level, l.pet_quality_id, " \
	"l.rand, l.seed, l.unit_price, l.buyout, l.first_seen, "

/* Its columns from sightings on, the changes' keys looked up (from, to: ts and sighting,
 * one way or the other; the types of the four lists that come out). */
#define SIGHTINGS_AND_CHANGES(from, to, q, b, tl, bo)                                 \
	"l.sightings, l.quantity_first, l.quantity_last, "                              \
	REMAP("quantity", from, to, q) ", "                                             \
	"l.bid, " REMAP("bid", from, to, b) ", "                                        \
	"l.time_left_first, l.time_left_last, " REMAP("time_left", from, to, tl) ", "   \
	REMAP("bonus_order", from, to, bo)

/* The covered snapshot e of a lifetime's last sighting, and its lookups m. */
#define LAST_AND_MAP                                                                  \
	"lt_c e ON " SAME_HOUSE("e", "l") " AND e.seq = l.lt_seq + l.sightings - 1 "    \
	"LEFT JOIN lt_m m ON " SAME_LIFETIME("m", "l")

/* %s: the covered snapshots, the files, the filter on them. */
static const char expand_sql[] =
	"(WITH " SEQ_CTE ", "
	LIFETIMES("JOIN") " WHERE %s), "
	CHANGE_KEYS_CTE("sighting") ", "
	KEY_MAP_CTE("c.snapshot_ts", "c.seq = k.lt_seq + k.k - 1") " "
	"SELECT " KEY_AND_FIRST_SEEN "e.snapshot_ts AS last_seen, "
	SIGHTINGS_AND_CHANGES("sighting", "ts",
	                      LIFETIME_CHANGES_TYPE("quantity", "INTEGER"),
	                      LIFETIME_CHANGES_TYPE("bid", "BIGINT"),
	                      LIFETIME_CHANGES_TYPE("time_left", "VARCHAR"),
	                      LIFETIME_CHANGES_TYPE("bonus_order", "BIGINT"))
	" FROM lt_l l JOIN " LAST_AND_MAP ")";
/* clang-format on */

void lt_expand_sql(struct buf *out, const char *files, const char *snaps, const char *where)
{
	buf_printf(out, expand_sql, snaps, files, where ? where : "true");
}

#define NOT_COVERED "lifetime not within its covered snapshots"

/* Whether a change of lifetime row l found no sighting number. */
#define CHANGE_NOT_FOUND                                                                   \
	"list_contains(list_transform(quantity_changes, lambda c: c.sighting IS NULL) || " \
	"list_transform(bid_changes, lambda c: c.sighting IS NULL) || "                    \
	"list_transform(time_left_changes, lambda c: c.sighting IS NULL) || "              \
	"list_transform(bonus_order_changes, lambda c: c.sighting IS NULL), true)"

/* The conversion of a format 1 file: the same lookups the other way, from a change's time
 * to its sighting number; a time that is no covered snapshot of the house, or a last_seen
 * that is not the sightings-th from first_seen, stops it (error()). %s: the covered
 * snapshots, the file. */
/* clang-format off */
static const char convert_sql[] =
	"WITH " SEQ_CTE ", "
	LIFETIMES("LEFT JOIN") "), "
	CHANGE_KEYS_CTE("ts") ", "
	KEY_MAP_CTE("(c.seq - k.lt_seq + 1)::INTEGER", "c.snapshot_ts = k.k") ", "
	"lt_v AS (SELECT " KEY_AND_FIRST_SEEN
	SIGHTINGS_AND_CHANGES("ts", "sighting", LT_Q_TYPE, LT_B_TYPE, LT_TL_TYPE, LT_BO_TYPE) ", "
	"l.lt_seq IS NULL OR e.snapshot_ts IS DISTINCT FROM l.last_seen AS lt_bad "
	"FROM lt_l l LEFT JOIN " LAST_AND_MAP ") "
	"SELECT " LT_FILE_COLUMNS " FROM lt_v "
	"WHERE CASE WHEN lt_bad OR " CHANGE_NOT_FOUND " THEN error('" NOT_COVERED "') ELSE true END "
	"ORDER BY realm_id, house_id, auction_id, first_seen";
/* clang-format on */

int lt_convert_file(struct duck *d, const char *gdir, const char *old, const char *snaps,
                    const char *name, const char *options, struct err *e)
{
	struct buf sql = BUF_INIT, file = BUF_INIT;
	char *abs = fs_join(gdir, name), *old_abs = fs_join(gdir, old);
	int rc;

	lt_file_list(&file, gdir, old);
	buf_printf(&sql, convert_sql, snaps, file.data);
	rc = duck_copy_to(d, sql.data, options, abs, e);
	if (rc && strstr(e->msg, NOT_COVERED))
		rc = err_set(
		        e, WOWAH_EPARSE,
		        "%s holds a lifetime whose times are not the snapshots its manifest "
		        "covers, so it cannot be converted to lifetimes format 2; remove %s and "
		        "run 'wowah load' to build them again from the raw snapshots",
		        old_abs, gdir);
	free(abs);
	free(old_abs);
	buf_release(&sql);
	buf_release(&file);
	return rc;
}
