/* tokens.c - the tokens table: the WoW Token prices of the tokens/ files (their columns),
 * each file verified against its catalog line before it is read. A price is new when its
 * (region, flavor, last_updated) is not in tokens yet. The flavour is the catalog line's:
 * files written before flavours have no flavor column.
 */
#include "warehouse/registry.h"

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT, list = BUF_INIT;
	int64_t n = 0;
	int rc;

	(void)full; /* rebuilt, the table is empty: every catalogued price is new */
	rc = duck_exec(w->d,
	               "CREATE OR REPLACE TEMP TABLE new_tokens AS SELECT * FROM catalog_in c "
	               "WHERE kind = 'token' AND NOT EXISTS (SELECT 1 FROM tokens t WHERE "
	               "t.region = c.region AND t.flavor = c.flavor AND "
	               "t.last_updated = to_timestamp(c.ts))",
	               e);
	if (!rc)
		rc = warehouse_files(w,
		                     "SELECT path, bytes, crc32 FROM new_tokens ORDER BY ts, path",
		                     &list, &n, e);
	w->st->new_tokens = n;
	if (!rc && n > 0) {
		buf_printf(&sql,
		           "INSERT INTO tokens BY NAME SELECT t.region, n.flavor, t.last_updated, "
		           "t.price, t.fetched_at FROM read_parquet(%s, hive_partitioning = false, "
		           "filename = true) t JOIN new_tokens n ON ends_with(t.filename, '/' || "
		           "n.path)",
		           list.data);
		rc = duck_exec(w->d, sql.data, e);
	}
	buf_release(&sql);
	buf_release(&list);
	return rc;
}

const struct warehouse_table warehouse_tokens = {
        .name = "tokens",
        .version = 2,
        .reads_catalog = 1,
        .create = "CREATE TABLE tokens (region VARCHAR, flavor VARCHAR, "
                  "last_updated TIMESTAMPTZ, price BIGINT, fetched_at TIMESTAMPTZ)",
        .refresh = refresh,
};
