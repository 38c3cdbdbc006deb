/* test-store.c - the data dir: Parquet read back by DuckDB, idempotence, catalog repair,
 * leftovers, the lock, and the realm / item / token tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duck/duck.h"
#include "model/auction.h"
#include "parse/auctions.h"
#include "parse/file.h"
#include "parse/meta.h"
#include "store/internal.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/fs.h"

#define SNAP 1600000000 /* 2020-09-13T12:26:40Z */

static char *fixture(const char *name)
{
	const char *dir = getenv("FIXTURES");
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%s", dir ? dir : "tests/fixtures/blizzard", name);
	return buf_detach(&b, NULL);
}

static char *tmpdir(void)
{
	char *d = xstrdup("/tmp/wowah-test-store.XXXXXX");
	assert_non_null(mkdtemp(d));
	return d;
}

static void rm_rf(const char *dir)
{
	struct buf cmd = BUF_INIT;
	buf_printf(&cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd.data), 0);
	buf_release(&cmd);
}

static struct batch *realm_batch(void)
{
	char *path = fixture("apwc_realm_auctions_us4.json");
	struct batch *b = batch_new();
	struct err e = {0};
	uint64_t bytes;

	assert_int_equal(parse_auctions_file(path, b, &bytes, &e), 0);
	b->meta.kind = BATCH_REALM;
	strcpy(b->meta.region, "us");
	b->meta.realm_id = 4;
	b->meta.snapshot_ts = SNAP;
	free(path);
	return b;
}

/* One value of a query as text (the caller frees it), or NULL for SQL NULL. */
static char *query1(const char *fmt, ...)
{
	struct duck d;
	struct err e = {0};
	duckdb_result r;
	struct buf sql = BUF_INIT;
	va_list ap;
	char *v;

	va_start(ap, fmt);
	buf_reserve(&sql, 4096);
	sql.len = (size_t)vsnprintf(sql.data, 4096, fmt, ap);
	va_end(ap);
	assert_int_equal(duck_open(&d, NULL, &e), 0);
	if (duck_query(&d, sql.data, &r, &e))
		fail_msg("%s: %s", sql.data, e.msg);
	v = duckdb_value_is_null(&r, 0, 0) ? NULL : duckdb_value_varchar(&r, 0, 0);
	duckdb_destroy_result(&r);
	duck_close(&d);
	buf_release(&sql);
	if (!v)
		return NULL;
	char *copy = xstrdup(v);
	duckdb_free(v);
	return copy;
}

static void expect(const char *want, char *got)
{
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* name in the directory of file */
static char *sibling(const char *file, const char *name)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%.*s/%s", (int)(strrchr(file, '/') - file), file, name);
	return buf_detach(&b, NULL);
}

static size_t count_lines(const char *path)
{
	char *data;
	size_t len, n = 0;
	struct err e = {0};

	assert_int_equal(fs_read_file(path, &data, &len, &e), 0);
	for (size_t i = 0; i < len; i++)
		n += data[i] == '\n';
	free(data);
	return n;
}

static void write_and_read_back(void **state)
{
	char *dir = tmpdir(), *file;
	struct batch *b = realm_batch();
	struct store *s;
	struct store_result res;
	struct err e = {0};
	(void)state;

	assert_int_equal(store_open(dir, &s, &e), 0);
	assert_int_equal(store_write_auctions(s, b, SNAP + 60, &res, &e), 0);
	assert_int_equal(res.duplicate, 0);
	assert_int_equal(res.rows, 6);
	assert_string_equal(res.path, "auctions/region=us/kind=realm/date=2020-09-13/realm_id=4/"
	                              "20200913T122640Z.parquet");
	file = fs_join(dir, res.path);
	assert_true(fs_exists(file));
#define RP "read_parquet('%s', hive_partitioning = false)"
#define SCHEMA                                                                          \
	"snapshot_ts:TIMESTAMP WITH TIME ZONE,region:VARCHAR,realm_id:INTEGER,"         \
	"auction_house_id:SMALLINT,auction_id:BIGINT,item_id:INTEGER,quantity:INTEGER," \
	"unit_price:BIGINT,buyout:BIGINT,bid:BIGINT,time_left:VARCHAR,context:INTEGER," \
	"bonus_lists:INTEGER[],modifiers:STRUCT(\"type\" INTEGER, \"value\" BIGINT)[]," \
	"pet_species_id:INTEGER,pet_breed_id:INTEGER,pet_level:INTEGER,"                \
	"pet_quality_id:INTEGER,rand:BIGINT,seed:BIGINT"
	expect(SCHEMA, query1("SELECT string_agg(column_name || ':' || column_type, ',') FROM "
	                      "(DESCRIBE SELECT * FROM " RP ")",
	                      file));
	/* the columns of model/auction.h, as the loader's view over no file has them */
	expect(SCHEMA, query1("SELECT string_agg(column_name || ':' || column_type, ',') FROM "
	                      "(DESCRIBE SELECT " MODEL_AUCTION_NULL_COLUMNS "0 AS last_) "
	                      "WHERE column_name <> 'last_'"));
#undef SCHEMA
	/* sorted by item_id */
	expect("36131,39507,67127,82265,82800,86280",
	       query1("SELECT string_agg(item_id::VARCHAR, ',') FROM " RP, file));
	expect("1|2020-09-13 12:26:40+00|us|4|true|6",
	       query1("SELECT count(DISTINCT snapshot_ts) || '|' || any_value(snapshot_ts) || '|' "
	              "|| "
	              "any_value(region) || '|' || any_value(realm_id) || '|' || "
	              "bool_and(auction_house_id IS NULL) || '|' || count(*) FROM " RP,
	              file));
	expect("0|2|194|21|1|2|[{'type': 6, 'value': 62217}]|NULL|LONG|1008500",
	       query1("SELECT context || '|' || 2 || '|' || pet_species_id || '|' || pet_breed_id "
	              "|| "
	              "'|' || pet_level || '|' || pet_quality_id || '|' || modifiers::VARCHAR || "
	              "'|' "
	              "|| coalesce(bonus_lists::VARCHAR, 'NULL') || '|' || time_left || '|' || "
	              "buyout FROM " RP " WHERE auction_id = 37885614",
	              file));
	expect("[6654, 1708]|500000|1003700|true",
	       query1("SELECT bonus_lists::VARCHAR || '|' || bid || '|' || buyout || '|' || "
	              "(unit_price IS NULL AND rand IS NULL AND pet_level IS NULL) FROM " RP
	              " WHERE auction_id = 38040082",
	              file));
	store_close(s);
	free(file);
	batch_free(b);
	rm_rf(dir);
	free(dir);
}

static void idempotent_and_repaired(void **state)
{
	char *dir = tmpdir(), *cat = fs_join(dir, "catalog.tsv"), *file, *stray, *tmp;
	char *pending_tmp, *stamp_tmp, *foreign_tmp;
	struct batch *b = realm_batch();
	struct store *s, *other;
	struct store_result res, res2;
	struct batch_meta key;
	struct err e = {0};
	struct stat st;
	int64_t ts;
	FILE *f;
	(void)state;

	assert_int_equal(store_open(dir, &s, &e), 0);
	key = b->meta;
	assert_int_equal(store_latest(s, &key, &ts), 0);
	assert_int_equal(store_write_auctions(s, b, SNAP, &res, &e), 0);
	assert_int_equal(store_write_auctions(s, b, SNAP + 5, &res2, &e), 0);
	assert_int_equal(res2.duplicate, 1);
	assert_string_equal(res2.path, res.path);
	assert_int_equal(count_lines(cat), 2);
	assert_int_equal(store_has(s, &key), 1);
	assert_int_equal(store_latest(s, &key, &ts), 1);
	assert_int_equal(ts, SNAP);

	/* the lock refuses a second writer */
	assert_int_equal(store_open(dir, &other, &e), WOWAH_ELOCKED);
	assert_non_null(strstr(e.msg, "locked by another wowah process"));
	assert_null(other);
	store_close(s);

	/* a torn last line, a tmp file of the store's own and an uncatalogued Parquet file:
	 * the torn line and the tmp file go, the Parquet file is kept and counted (a damaged
	 * catalog must not cost stored history: issue 12) */
	assert_int_equal(stat(cat, &st), 0);
	f = fopen(cat, "a");
	fputs("us\trealm\t4\t0\t2020-09-13T13:26:40Z\t2020", f);
	fclose(f);
	file = fs_join(dir, res.path);
	stray = sibling(file, "20200913T152640Z.parquet");
	tmp = sibling(file, "20200913T142640Z.parquet.999.tmp");
	assert_int_equal(link(file, stray), 0);
	f = fopen(tmp, "w");
	fputs("half", f);
	fclose(f);
	/* at the top: compaction's pending list and stamp half written go (ci19: a kill
	 * there left one), a tmp name of a file the store does not write stays */
	pending_tmp = fs_join(dir, "compact-pending.tsv.998.tmp");
	stamp_tmp = fs_join(dir, "compact-stamp.997.tmp");
	foreign_tmp = fs_join(dir, "notes.txt.996.tmp");
	for (int i = 0; i < 3; i++) {
		f = fopen(i == 0 ? pending_tmp : i == 1 ? stamp_tmp : foreign_tmp, "w");
		fputs("half", f);
		fclose(f);
	}

	assert_int_equal(store_open(dir, &s, &e), 0);
	assert_false(fs_exists(pending_tmp));
	assert_false(fs_exists(stamp_tmp));
	assert_true(fs_exists(foreign_tmp));
	unlink(foreign_tmp);
	assert_int_equal(count_lines(cat), 2);
	{
		struct stat now;
		assert_int_equal(stat(cat, &now), 0);
		assert_int_equal(now.st_size, st.st_size);
	}
	assert_true(fs_exists(stray));
	assert_int_equal(store_orphans(s), 1);
	assert_false(fs_exists(tmp));
	assert_true(fs_exists(file));
	assert_int_equal(store_has(s, &key), 1);
	/* a later snapshot of the same realm is new; latest follows it */
	b->meta.snapshot_ts = SNAP + 3600;
	assert_int_equal(store_write_auctions(s, b, SNAP + 3700, &res2, &e), 0);
	assert_int_equal(res2.duplicate, 0);
	assert_int_equal(store_latest(s, &key, &ts), 1);
	assert_int_equal(ts, SNAP + 3600);
	store_close(s);
	assert_int_equal(count_lines(cat), 3);

	free(file);
	free(stray);
	free(tmp);
	free(pending_tmp);
	free(stamp_tmp);
	free(foreign_tmp);
	free(cat);
	batch_free(b);
	rm_rf(dir);
	free(dir);
}

static void bad_catalog_and_meta(void **state)
{
	char *dir = tmpdir(), *cat = fs_join(dir, "catalog.tsv");
	struct batch *b = realm_batch();
	struct store *s;
	struct store_result res;
	struct err e = {0};
	FILE *f;
	(void)state;

	assert_int_equal(store_open(dir, &s, &e), 0);
	strcpy(b->meta.region, "xx");
	assert_int_equal(store_write_auctions(s, b, SNAP, &res, &e), WOWAH_EUSAGE);
	strcpy(b->meta.region, "us");
	b->meta.kind = BATCH_COMMODITY;
	assert_int_equal(store_write_auctions(s, b, SNAP, &res, &e), WOWAH_EUSAGE);
	store_close(s);
	assert_int_equal(count_lines(cat), 1);

	/* a malformed complete line is not repaired silently */
	f = fopen(cat, "a");
	fputs("us\trealm\tfour\n", f);
	fclose(f);
	assert_int_equal(store_open(dir, &s, &e), WOWAH_EPARSE);
	assert_non_null(strstr(e.msg, "/catalog.tsv' line 2: 3 fields, expected 11; 'wowah fsck "
	                              "--repair' rebuilds it from the files"));
	free(cat);
	batch_free(b);
	rm_rf(dir);
	free(dir);
}

/* A catalog whose lines end in CRLF (issue 12: a pass through unix2dos) is the same
 * catalog: its snapshots are known, their files are kept, and a new line is appended
 * with a plain LF after them. */
static void crlf_catalog(void **state)
{
	char *dir = tmpdir(), *cat = fs_join(dir, "catalog.tsv"), *file, *text;
	struct batch *b = realm_batch();
	struct store *s;
	struct store_result res, res2;
	struct batch_meta key;
	struct err e = {0};
	struct buf crlf = BUF_INIT;
	size_t len;
	FILE *f;
	(void)state;

	assert_int_equal(store_open(dir, &s, &e), 0);
	key = b->meta;
	assert_int_equal(store_write_auctions(s, b, SNAP, &res, &e), 0);
	store_close(s);
	assert_int_equal(fs_read_file(cat, &text, &len, &e), 0);
	for (size_t i = 0; i < len; i++)
		buf_puts(&crlf, text[i] == '\n' ? "\r\n" : (char[]){text[i], 0});
	free(text);
	f = fopen(cat, "w");
	fputs(crlf.data, f);
	fclose(f);

	assert_int_equal(store_open(dir, &s, &e), 0);
	file = fs_join(dir, res.path);
	assert_true(fs_exists(file));
	assert_int_equal(store_has(s, &key), 1);
	assert_int_equal(store_write_auctions(s, b, SNAP, &res2, &e), 0);
	assert_int_equal(res2.duplicate, 1);
	b->meta.snapshot_ts = SNAP + 3600;
	assert_int_equal(store_write_auctions(s, b, SNAP + 3700, &res2, &e), 0);
	assert_int_equal(res2.duplicate, 0);
	store_close(s);
	assert_int_equal(fs_read_file(cat, &text, &len, &e), 0);
	assert_int_equal(len, crlf.len + strlen(text + crlf.len));
	assert_memory_equal(text, crlf.data, crlf.len);
	assert_null(strchr(text + crlf.len, '\r'));
	free(text);
	assert_int_equal(store_open(dir, &s, &e), 0);
	assert_int_equal(store_has(s, &key), 1);
	store_close(s);

	free(file);
	free(cat);
	buf_release(&crlf);
	batch_free(b);
	rm_rf(dir);
	free(dir);
}

static void tables(void **state)
{
	char *dir = tmpdir(), *json, *path, *file;
	struct store *s;
	struct store_result res;
	struct meta_connected_realm cr;
	struct meta_item items[2];
	struct meta_token t = {1594853730, 1203380000};
	int32_t ids[] = {19019, 5, 5, 7, 19019}, *missing;
	size_t len, n;
	struct err e = {0};
	(void)state;

	assert_int_equal(store_open(dir, &s, &e), 0);
	path = fixture("apwc_connected_realm_11.json");
	assert_int_equal(fs_read_file(path, &json, &len, &e), 0);
	assert_int_equal(meta_parse_connected_realm(json, len, &cr, &e), 0);
	free(json);
	free(path);
	assert_int_equal(store_write_realms(s, "us", MODEL_FLAVOR_RETAIL, &cr, 1, SNAP, &res, &e),
	                 0);
	assert_string_equal(res.path, "realms/region=us/realms.parquet");
	file = fs_join(dir, res.path);
	expect("us|11|11|Tichondrius|{}|FULL|UP|false|United States",
	       query1("SELECT region || '|' || connected_realm_id || '|' || realm_id || '|' || "
	              "name "
	              "|| '|' || names::VARCHAR || '|' || population || '|' || status || '|' || "
	              "is_tournament || '|' || category FROM " RP,
	              file));
	free(file);
	meta_connected_realm_release(&cr);

	path = fixture("apwc_item_19019.json");
	assert_int_equal(fs_read_file(path, &json, &len, &e), 0);
	assert_int_equal(meta_parse_item(json, len, &items[0], &e), 0);
	assert_int_equal(meta_parse_item(json, len, &items[1], &e), 0);
	free(json);
	free(path);
	assert_int_equal(store_write_items(s, MODEL_FLAVOR_RETAIL, items, 2, SNAP, &res, &e), 0);
	assert_int_equal(res.rows, 1);
	file = fs_join(dir, res.path);
	expect("19019|LEGENDARY|162276|false|Sword",
	       query1("SELECT item_id || '|' || quality || '|' || purchase_price || '|' || "
	              "is_stackable || '|' || item_subclass FROM " RP,
	              file));
	/* the contract's columns, no more (no icon: nothing fetches item media) */
	expect("item_id:INTEGER,name:VARCHAR,names:MAP(VARCHAR, VARCHAR),quality:VARCHAR,"
	       "level:INTEGER,required_level:INTEGER,item_class_id:INTEGER,item_class:VARCHAR,"
	       "item_subclass_id:INTEGER,item_subclass:VARCHAR,inventory_type:VARCHAR,"
	       "purchase_price:BIGINT,sell_price:BIGINT,max_count:INTEGER,is_stackable:BOOLEAN,"
	       "is_equippable:BOOLEAN,fetched_at:TIMESTAMP WITH TIME ZONE",
	       query1("SELECT string_agg(column_name || ':' || column_type, ',') FROM "
	              "(DESCRIBE SELECT * FROM " RP ")",
	              file));
	free(file);
	assert_int_equal(store_write_items(s, MODEL_FLAVOR_RETAIL, items, 2, SNAP + 1, &res, &e),
	                 0);
	assert_int_equal(res.rows, 0);
	/* Era's static namespace keeps items of its own: the id retail holds is new to it */
	assert_int_equal(store_write_items(s, MODEL_FLAVOR_CLASSIC1X, items, 2, SNAP + 1, &res, &e),
	                 0);
	assert_int_equal(res.rows, 1);
	assert_string_equal(res.path, "items/flavor=classic1x/items-20200913T122641Z.parquet");
	meta_item_release(&items[0]);
	meta_item_release(&items[1]);
	store_close(s);

	/* a new store reads the ids back from the files */
	assert_int_equal(store_open(dir, &s, &e), 0);
	assert_int_equal(store_missing_items(s, MODEL_FLAVOR_RETAIL, ids, 5, &missing, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(missing[0], 5);
	assert_int_equal(missing[1], 7);
	free(missing);
	assert_int_equal(store_missing_items(s, MODEL_FLAVOR_CLASSIC1X, ids, 5, &missing, &n, &e),
	                 0);
	assert_int_equal(n, 2);
	free(missing);
	/* Classic progression has none: every id is missing */
	assert_int_equal(store_missing_items(s, MODEL_FLAVOR_CLASSIC, ids, 5, &missing, &n, &e), 0);
	assert_int_equal(n, 3);
	free(missing);

	assert_int_equal(store_write_token(s, "us", MODEL_FLAVOR_RETAIL, &t, SNAP, &res, &e), 0);
	assert_string_equal(res.path, "tokens/region=us/20200715T225530Z.parquet");
	file = fs_join(dir, res.path);
	expect("2020-07-15 22:55:30+00|1203380000",
	       query1("SELECT last_updated || '|' || price FROM " RP, file));
	free(file);
	assert_int_equal(store_write_token(s, "us", MODEL_FLAVOR_RETAIL, &t, SNAP + 60, &res, &e),
	                 0);
	assert_int_equal(res.duplicate, 1);
	store_close(s);
	rm_rf(dir);
	free(dir);
}

/* ---- row order ---- */

static const struct batch *cmp_batch;

/* The contract's order, as a comparison: item_id, unit price, auction_id, then row. */
static int row_cmp(const void *x, const void *y)
{
	const struct batch *b = cmp_batch;
	uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
	int64_t pi = batch_unit_buyout(b, i), pj = batch_unit_buyout(b, j);

	if (b->item_id[i] != b->item_id[j])
		return b->item_id[i] < b->item_id[j] ? -1 : 1;
	if (pi != pj)
		return pi < pj ? -1 : 1;
	if (b->auction_id[i] != b->auction_id[j])
		return b->auction_id[i] < b->auction_id[j] ? -1 : 1;
	return (i > j) - (i < j);
}

/* n random rows: ids ascending or shuffled, few or many items, unit prices, buyouts,
 * bid-only rows, and (wide) prices and ids that do not fit one 64-bit radix key. */
static struct batch *random_batch(size_t n, unsigned seed, int ascending, int wide)
{
	struct batch *b = batch_new();

	srand(seed);
	for (size_t i = 0; i < n; i++) {
		size_t r = batch_add_row(b);
		b->auction_id[r] = ascending ? (int64_t)(i / 3) : (int64_t)(rand() % 5000) - 100;
		b->item_id[r] =
		        wide ? (rand() % 2 ? INT32_MIN + rand() % 3 : INT32_MAX - rand() % 3)
		             : rand() % 40;
		b->quantity[r] = rand() % 4; /* 0 too: buyout / quantity must not divide by 0 */
		switch (rand() % 3) {
		case 0:
			b->unit_price[r] = wide ? INT64_MAX - rand() % 5 : rand() % 70;
			batch_mark(b, r, BCOL_UNIT_PRICE);
			break;
		case 1:
			b->buyout[r] = rand() % 200;
			batch_mark(b, r, BCOL_BUYOUT);
			break;
		default:
			break; /* bid only: price -1, first */
		}
	}
	return b;
}

static void sort_order(void **state)
{
	static const struct {
		size_t n;
		int ascending, wide;
	} cases[] = {{0, 1, 0},    {1, 1, 0},    {17, 0, 0},    {5000, 1, 0},
	             {5000, 0, 0}, {5000, 0, 1}, {70000, 0, 0}, {70000, 1, 1}};
	(void)state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct batch *b = random_batch(cases[c].n, (unsigned)c + 1, cases[c].ascending,
		                               cases[c].wide);
		uint32_t *got = store_sort_rows(b), *want = xmalloc((b->n + 1) * sizeof(*want));

		for (size_t i = 0; i < b->n; i++)
			want[i] = (uint32_t)i;
		cmp_batch = b;
		qsort(want, b->n, sizeof(*want), row_cmp);
		for (size_t i = 0; i < b->n; i++)
			if (got[i] != want[i])
				fail_msg("case %zu: row %zu is %u, want %u", c, i, got[i], want[i]);
		free(got);
		free(want);
		batch_free(b);
	}
}

/* ---- rows gathered ahead (store/gather.c) ---- */

/* Row r's value of column c as DuckDB prints it ("NULL" when absent); the lists too. */
static void row_value(const struct batch *b, size_t r, int c, struct buf *out)
{
	static const char *const tl[] = {"SHORT", "MEDIUM", "LONG", "VERY_LONG"};
	const int64_t *i64[BCOL_NCOLS] = {[BCOL_AUCTION_ID] = b->auction_id,
	                                  [BCOL_UNIT_PRICE] = b->unit_price,
	                                  [BCOL_BUYOUT] = b->buyout,
	                                  [BCOL_BID] = b->bid,
	                                  [BCOL_RAND] = b->rand,
	                                  [BCOL_SEED] = b->seed};
	const int32_t *i32[BCOL_NCOLS] = {[BCOL_ITEM_ID] = b->item_id,
	                                  [BCOL_QUANTITY] = b->quantity,
	                                  [BCOL_CONTEXT] = b->context,
	                                  [BCOL_PET_SPECIES_ID] = b->pet_species_id,
	                                  [BCOL_PET_BREED_ID] = b->pet_breed_id,
	                                  [BCOL_PET_LEVEL] = b->pet_level,
	                                  [BCOL_PET_QUALITY_ID] = b->pet_quality_id};
	int nullable = c != BCOL_AUCTION_ID && c != BCOL_ITEM_ID && c != BCOL_QUANTITY &&
	               c != BCOL_TIME_LEFT;

	if (nullable && !batch_has(b, r, (enum batch_col)c)) {
		buf_puts(out, "NULL");
	} else if (c == BCOL_TIME_LEFT) {
		buf_puts(out, tl[b->time_left[r]]);
	} else if (c == BCOL_BONUS_LISTS) {
		buf_puts(out, "[");
		for (uint32_t k = b->bonus_off[r]; k < b->bonus_off[r + 1]; k++)
			buf_printf(out, "%s%d", k > b->bonus_off[r] ? ", " : "", b->bonus[k]);
		buf_puts(out, "]");
	} else if (c == BCOL_MODIFIERS) {
		buf_puts(out, "[");
		for (uint32_t k = b->mod_off[r]; k < b->mod_off[r + 1]; k++)
			buf_printf(out, "%s{'type': %d, 'value': %lld}",
			           k > b->mod_off[r] ? ", " : "", b->mod_type[k],
			           (long long)b->mod_value[k]);
		buf_puts(out, "]");
	} else if (i64[c]) {
		buf_printf(out, "%lld", (long long)i64[c][r]);
	} else {
		buf_printf(out, "%d", i32[c][r]);
	}
}

/* A snapshot of more rows than the table function's vectors times the gatherer's
 * threshold, every nullable column present in some rows only, and lists: its file holds
 * every value of every row, in the contract's order. */
static void gathered_rows(void **state)
{
	char *dir = tmpdir(), *file;
	struct batch *b = batch_new();
	uint32_t *want;
	struct store *s;
	struct store_result res;
	struct err e = {0};
	struct buf sql = BUF_INIT, got = BUF_INIT;
	struct duck d;
	duckdb_result r;
	(void)state;

	srand(7);
	for (size_t i = 0; i < 30000; i++) {
		size_t r = batch_add_row(b);
		b->auction_id[r] = (int64_t)(rand() % 50000);
		b->item_id[r] = rand() % 300;
		b->quantity[r] = 1 + rand() % 4;
		b->time_left[r] = (uint8_t)(rand() % 4);
#define SOMETIMES(col, arr, v)                \
	if (rand() % 3) {                     \
		b->arr[r] = v;                \
		batch_mark(b, r, BCOL_##col); \
	}
		SOMETIMES(UNIT_PRICE, unit_price, rand() % 5000)
		SOMETIMES(BUYOUT, buyout, rand() % 90000)
		SOMETIMES(BID, bid, rand() % 1000)
		SOMETIMES(CONTEXT, context, rand() % 50)
		SOMETIMES(PET_SPECIES_ID, pet_species_id, rand() % 900)
		SOMETIMES(PET_BREED_ID, pet_breed_id, rand() % 20)
		SOMETIMES(PET_LEVEL, pet_level, rand() % 25)
		SOMETIMES(PET_QUALITY_ID, pet_quality_id, rand() % 4)
		SOMETIMES(RAND, rand, (int64_t)rand() * 7)
		SOMETIMES(SEED, seed, -(int64_t)rand())
#undef SOMETIMES
		for (int k = rand() % 4 - 1; k > 0; k--)
			batch_push_bonus(b, rand() % 9000);
		for (int k = rand() % 3 - 1; k > 0; k--)
			batch_push_modifier(b, rand() % 30, (int64_t)rand() * 3);
	}
	want = xmalloc(b->n * sizeof(*want));
	b->meta.kind = BATCH_REALM;
	strcpy(b->meta.region, "us");
	b->meta.realm_id = 4;
	b->meta.snapshot_ts = SNAP;
	for (size_t i = 0; i < b->n; i++)
		want[i] = (uint32_t)i;
	cmp_batch = b;
	qsort(want, b->n, sizeof(*want), row_cmp);
	assert_int_equal(store_open(dir, &s, &e), 0);
	assert_int_equal(store_write_auctions(s, b, SNAP, &res, &e), 0);
	file = fs_join(dir, res.path);
	buf_puts(&sql, "SELECT ");
	for (int c = 0; c < BCOL_NCOLS; c++)
		buf_printf(&sql, "%scoalesce(%s::VARCHAR, 'NULL')", c ? ", " : "",
		           (const char *[]){
#define COL_NAME(NAME, name, kind, type, nullable, json) #name,
		                   MODEL_AUCTION_ROW_COLUMNS(COL_NAME)
#undef COL_NAME
		           }[c]);
	buf_printf(&sql,
	           " FROM read_parquet('%s', file_row_number = true) ORDER BY file_row_number",
	           file);
	assert_int_equal(duck_open(&d, NULL, &e), 0);
	if (duck_query(&d, sql.data, &r, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(duckdb_row_count(&r), b->n);
	for (size_t i = 0; i < b->n; i++)
		for (int c = 0; c < BCOL_NCOLS; c++) {
			char *v = duckdb_value_varchar(&r, (idx_t)c, (idx_t)i);
			got.len = 0;
			row_value(b, want[i], c, &got);
			if (strcmp(v, got.data) != 0)
				fail_msg("row %zu column %d: %s, want %s", i, c, v, got.data);
			duckdb_free(v);
		}
	duckdb_destroy_result(&r);
	duck_close(&d);
	store_close(s);
	buf_release(&sql);
	buf_release(&got);
	free(file);
	free(want);
	batch_free(b);
	rm_rf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(write_and_read_back),
	        cmocka_unit_test(idempotent_and_repaired),
	        cmocka_unit_test(bad_catalog_and_meta),
	        cmocka_unit_test(crlf_catalog),
	        cmocka_unit_test(tables),
	        cmocka_unit_test(sort_order),
	        cmocka_unit_test(gathered_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
