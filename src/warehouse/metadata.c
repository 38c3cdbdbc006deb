/* metadata.c - the realm, item and pet tables (the columns of the realms/ files, one per
 * region and flavour, of the items files, one set per flavour, and of the pets files) and
 * loaded_files, the bookkeeping of which of those files were read (path, size, mtime).
 *
 * Realm files are replaced by each pull, item and pet files are new ones: all are (re)read when
 * their size or mtime differs from what loaded_files remembers, or all of them when the
 * table is rebuilt. A realm file replaces its region's rows, an items file its items' of
 * its flavour.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/layout.h"
#include "util/fs.h"
#include "warehouse/registry.h"

/* What differs between the two tables. */
struct meta_kind {
	const char *pattern; /* the files, under the data dir */
	/* DELETE the rows the file q (quoted; rel its path in the data dir) replaces, then
	 * INSERT them */
	void (*replace)(struct buf *sql, const char *q, const char *rel);
};

/* A realms file replaces its region's realms of its flavour. The flavour is the file's
 * name's (model_realms_path): a file written before flavours has no flavor column. */
static void replace_realms(struct buf *sql, const char *q, const char *rel)
{
	const char *dash = strrchr(rel, '-'), *slash = strrchr(rel, '/');
	char flavor[16] = "retail";

	if (dash && (!slash || dash > slash))
		snprintf(flavor, sizeof(flavor), "%.*s", (int)strcspn(dash + 1, "."), dash + 1);
	buf_printf(sql,
	           "DELETE FROM realms WHERE flavor = '%s' AND region IN (SELECT DISTINCT region "
	           "FROM read_parquet(%s, hive_partitioning = false));"
	           "INSERT INTO realms BY NAME SELECT COLUMNS(c -> c <> 'flavor'), '%s' AS flavor "
	           "FROM read_parquet(%s, hive_partitioning = false);",
	           flavor, q, flavor, q);
}

/* An items file's flavour is its directory's (model_items_path): the files of a data dir
 * made before flavours, at the top of items/, are retail's. */
static void replace_items(struct buf *sql, const char *q, const char *rel)
{
	const char *flavor = model_flavor_name(model_items_flavor(rel));

	buf_printf(sql,
	           "DELETE FROM items WHERE flavor = '%s' AND item_id IN (SELECT item_id FROM "
	           "read_parquet(%s, hive_partitioning = false));"
	           "INSERT INTO items BY NAME SELECT *, '%s' AS flavor FROM read_parquet(%s, "
	           "hive_partitioning = false);",
	           flavor, q, flavor, q);
}

/* A pets file adds species (a species is in one file only, as an item of a flavour). */
static void replace_pets(struct buf *sql, const char *q, const char *rel)
{
	(void)rel;
	buf_printf(sql,
	           "DELETE FROM pets WHERE species_id IN (SELECT species_id FROM read_parquet(%s, "
	           "hive_partitioning = false));"
	           "INSERT INTO pets BY NAME SELECT * FROM read_parquet(%s, hive_partitioning = "
	           "false);",
	           q, q);
}

static const struct meta_kind realm_files = {MODEL_REALMS_GLOB, replace_realms};
static const struct meta_kind item_files = {MODEL_ITEMS_GLOB, replace_items};
static const struct meta_kind flavor_item_files = {MODEL_FLAVOR_ITEMS_GLOB, replace_items};
static const struct meta_kind pet_files = {MODEL_PETS_GLOB, replace_pets};

/* path is absolute (read_parquet is given it); loaded_files keeps it relative to the data
 * dir, so that a moved data dir reads nothing again. */
static int load_file(struct warehouse_run *w, const char *path, const struct meta_kind *k, int full,
                     struct err *e)
{
	struct stat sb;
	struct buf sql = BUF_INIT;
	char *q, *rel;
	int64_t seen = 0;
	int rc = WOWAH_OK;

	if (stat(path, &sb) != 0)
		return err_errno(e, WOWAH_EIO, errno, "%s", path);
	q = duck_quote(path);
	rel = duck_quote(path + strlen(w->dir) + 1); /* the glob was joined to w->dir */
	if (!full) {
		buf_printf(&sql,
		           "SELECT count(*) FROM loaded_files WHERE path = %s AND bytes = %lld AND "
		           "mtime = %lld",
		           rel, (long long)sb.st_size, (long long)sb.st_mtime);
		rc = warehouse_query_i64(w->d, sql.data, &seen, e);
		if (rc || seen)
			goto out;
		buf_reset(&sql);
	}
	k->replace(&sql, q, path + strlen(w->dir) + 1);
	buf_printf(&sql,
	           "DELETE FROM loaded_files WHERE path = %s;"
	           "INSERT INTO loaded_files VALUES (%s, %lld, %lld);",
	           rel, rel, (long long)sb.st_size, (long long)sb.st_mtime);
	rc = duck_exec(w->d, sql.data, e);
	if (!rc)
		w->st->new_files++;
out:
	buf_release(&sql);
	free(q);
	free(rel);
	return rc;
}

static int load_files(struct warehouse_run *w, const struct meta_kind *k, int full, struct err *e)
{
	char *pat = fs_join(w->dir, k->pattern);
	glob_t g;
	int rc = WOWAH_OK;

	if (glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc && rc == WOWAH_OK; i++)
			rc = load_file(w, g.gl_pathv[i], k, full, e);
		globfree(&g);
	}
	free(pat);
	return rc;
}

static int refresh_realms(struct warehouse_run *w, int full, struct err *e)
{
	return load_files(w, &realm_files, full, e);
}

static int refresh_items(struct warehouse_run *w, int full, struct err *e)
{
	int rc = load_files(w, &item_files, full, e);

	return rc ? rc : load_files(w, &flavor_item_files, full, e);
}

static int refresh_pets(struct warehouse_run *w, int full, struct err *e)
{
	return load_files(w, &pet_files, full, e);
}

/* Filled by the refreshes of realms, items and pets; rebuilt, it makes them read every file.
 * Version 2: paths relative to the data dir (1: absolute). */
const struct warehouse_table warehouse_loaded_files = {
        .name = "loaded_files",
        .version = 2,
        .create = "CREATE TABLE loaded_files (path VARCHAR, bytes BIGINT, mtime BIGINT)",
};

const struct warehouse_table warehouse_realms = {
        .name = "realms",
        .version = 2,
        .from = {"loaded_files"},
        .create = "CREATE TABLE realms (region VARCHAR, flavor VARCHAR, "
                  "connected_realm_id INTEGER, "
                  "realm_id INTEGER, name VARCHAR, names MAP(VARCHAR, VARCHAR), slug VARCHAR, "
                  "locale VARCHAR, timezone VARCHAR, type VARCHAR, category VARCHAR, "
                  "population VARCHAR, status VARCHAR, has_queue BOOLEAN, "
                  "is_tournament BOOLEAN, fetched_at TIMESTAMPTZ)",
        .refresh = refresh_realms,
};

/* Version 2: the flavour whose static namespace named the item (1: none, all retail's). */
const struct warehouse_table warehouse_items = {
        .name = "items",
        .version = 2,
        .from = {"loaded_files"},
        .create = "CREATE TABLE items (item_id INTEGER, name VARCHAR, "
                  "names MAP(VARCHAR, VARCHAR), quality VARCHAR, level INTEGER, "
                  "required_level INTEGER, item_class_id INTEGER, item_class VARCHAR, "
                  "item_subclass_id INTEGER, item_subclass VARCHAR, inventory_type VARCHAR, "
                  "purchase_price BIGINT, sell_price BIGINT, max_count INTEGER, "
                  "is_stackable BOOLEAN, is_equippable BOOLEAN, icon VARCHAR, "
                  "fetched_at TIMESTAMPTZ, flavor VARCHAR)",
        .refresh = refresh_items,
};

/* The battle pet species (retail's static namespace), by which reports name a Pet Cage's
 * auctions. */
const struct warehouse_table warehouse_pets = {
        .name = "pets",
        .version = 1,
        .from = {"loaded_files"},
        .create = "CREATE TABLE pets (species_id INTEGER, name VARCHAR, "
                  "names MAP(VARCHAR, VARCHAR), battle_pet_type VARCHAR, is_tradable BOOLEAN, "
                  "is_battlepet BOOLEAN, fetched_at TIMESTAMPTZ)",
        .refresh = refresh_pets,
};
