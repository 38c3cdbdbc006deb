/* test-import.c - ingest/import.h: option checks before the disk is touched, plain and
 * gzip bodies stored and read back by DuckDB, snapshot times, duplicates, a bad file
 * that leaves nothing behind and does not stop the next, and the data dir's lock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>
#include <zlib.h>

#include "duck/duck.h"
#include "ingest/import.h"
#include "util/buf.h"

#define AT    "2020-09-15T12:00:00Z"
#define AT_TS 1600171200
#define BODY                                                                               \
	"{\"auctions\":[{\"id\":7,\"item\":{\"id\":19019},\"buyout\":1500,\"quantity\":1," \
	"\"time_left\":\"LONG\"},{\"id\":8,\"item\":{\"id\":2589},\"buyout\":2500,"        \
	"\"quantity\":20,\"time_left\":\"SHORT\"}]}"
#define COMMODITIES                                                                        \
	"{\"auctions\":[{\"id\":1,\"item\":{\"id\":2589},\"quantity\":200,\"unit_price\":" \
	"300,\"time_left\":\"VERY_LONG\"}]}"

struct fx {
	char dir[64];
	struct buf data; /* the data dir */
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/wowah-test-import.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	buf_printf(&f->data, "%s/data", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	struct buf cmd = BUF_INIT;
	buf_printf(&cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd.data), 0);
	buf_release(&cmd);
	buf_release(&f->data);
	free(f);
	return 0;
}

/* Writes body to dir/name, gzipped when gz; returns the path (caller frees). */
static char *write_file(const struct fx *f, const char *name, const char *body, int gz)
{
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", f->dir, name);
	if (gz) {
		gzFile z = gzopen(p.data, "wb");
		assert_non_null(z);
		assert_int_equal(gzwrite(z, body, (unsigned)strlen(body)), (int)strlen(body));
		assert_int_equal(gzclose(z), Z_OK);
	} else {
		FILE *fp = fopen(p.data, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(body, 1, strlen(body), fp), strlen(body));
		assert_int_equal(fclose(fp), 0);
	}
	return buf_detach(&p, NULL);
}

/* One value of a query over the data dir's Parquet, as text (caller frees). */
static char *query1(const struct fx *f, const char *rel, const char *expr)
{
	struct duck d;
	struct err e = {0};
	duckdb_result r;
	struct buf sql = BUF_INIT;
	char *v;

	buf_printf(&sql, "SELECT %s FROM read_parquet('%s/%s')", expr, f->data.data, rel);
	assert_int_equal(duck_open(&d, NULL, &e), 0);
	if (duck_query(&d, sql.data, &r, &e))
		fail_msg("%s: %s", sql.data, e.msg);
	v = duckdb_value_varchar(&r, 0, 0);
	duckdb_destroy_result(&r);
	duck_close(&d);
	buf_release(&sql);
	return v;
}

static void expect_query(const struct fx *f, const char *rel, const char *expr, const char *want)
{
	char *got = query1(f, rel, expr);
	assert_non_null(got);
	assert_string_equal(got, want);
	duckdb_free(got);
}

static void expect_usage(const struct fx *f, struct ingest_opts o, size_t nfiles,
                         const char *msg_part)
{
	struct ingest *in = NULL;
	struct err e = {0};
	struct stat st;

	o.data_dir = f->data.data;
	assert_int_equal(ingest_open(&o, nfiles, &in, &e), WOWAH_EUSAGE);
	assert_null(in);
	if (!strstr(e.msg, msg_part))
		fail_msg("'%s' does not say '%s'", e.msg, msg_part);
	/* a usage error never creates the data dir */
	assert_int_not_equal(stat(f->data.data, &st), 0);
}

static void options_checked_first(void **state)
{
	struct fx *f = *state;
	const struct ingest_opts realm = {.region = "us", .realm = 5};

	expect_usage(f, realm, 0, "no FILE");
	expect_usage(f, (struct ingest_opts){.realm = 5}, 1, "--region is required");
	expect_usage(f, (struct ingest_opts){.region = "mars", .realm = 5}, 1, "mars");
	expect_usage(f, (struct ingest_opts){.region = "us"}, 1, "--realm ID or --commodities");
	expect_usage(f, (struct ingest_opts){.region = "us", .commodities = 1, .realm = 5}, 1,
	             "region-wide");
	expect_usage(f, (struct ingest_opts){.region = "us", .realm = 5, .at = AT}, 2,
	             "one snapshot time");
	expect_usage(f, (struct ingest_opts){.region = "us", .realm = 5, .at = "yesterday"}, 1,
	             "'yesterday' is not an ISO 8601");
}

static void stores_and_reads_back(void **state)
{
	struct fx *f = *state;
	char *plain = write_file(f, "us5.json", BODY, 0);
	char *gz = write_file(f, "us5.json.gz", BODY, 1);
	struct ingest_opts o = {.region = "us", .realm = 5, .at = AT, .data_dir = f->data.data};
	struct ingest *in;
	struct ingest_result r;
	struct err e = {0};

	assert_int_equal(ingest_open(&o, 1, &in, &e), WOWAH_OK);
	assert_int_equal(ingest_file(in, plain, &r, &e), WOWAH_OK);
	assert_false(r.stored.duplicate);
	assert_int_equal(r.stored.rows, 2);
	assert_int_equal(r.snapshot_ts, AT_TS);
	assert_int_equal(r.body_bytes, strlen(BODY));
	assert_non_null(strstr(r.stored.path, "kind=realm/date=2020-09-15/realm_id=5/"));
	expect_query(f, r.stored.path, "count(*) || ' ' || sum(buyout) || ' ' || max(quantity)",
	             "2 4000 20");
	expect_query(f, r.stored.path, "string_agg(DISTINCT region, ',')", "us");

	/* the same snapshot again, gzipped this time: told apart by content, stored once */
	assert_int_equal(ingest_file(in, gz, &r, &e), WOWAH_OK);
	assert_true(r.stored.duplicate);
	assert_int_equal(r.stored.rows, 2);
	assert_int_equal(r.body_bytes, strlen(BODY));
	ingest_close(in);
	free(plain);
	free(gz);
}

static void commodities_at_mtime(void **state)
{
	struct fx *f = *state;
	char *path = write_file(f, "c.json.gz", COMMODITIES, 1);
	struct utimbuf t = {.actime = AT_TS + 3600, .modtime = AT_TS + 3600};
	struct ingest_opts o = {.region = "eu", .commodities = 1, .data_dir = f->data.data};
	struct ingest *in;
	struct ingest_result r;
	struct err e = {0};

	assert_int_equal(utime(path, &t), 0);
	assert_int_equal(ingest_open(&o, 1, &in, &e), WOWAH_OK);
	assert_int_equal(ingest_file(in, path, &r, &e), WOWAH_OK);
	assert_int_equal(r.snapshot_ts, AT_TS + 3600);
	assert_non_null(strstr(r.stored.path, "region=eu/kind=commodity/"));
	expect_query(f, r.stored.path, "sum(quantity * unit_price)", "60000");
	ingest_close(in);
	free(path);
}

static void bad_file_then_good(void **state)
{
	struct fx *f = *state;
	char *cut = write_file(f, "cut.json", "{\"auctions\":[{\"id\":7,\"item\":{\"id\":1", 0);
	char *good = write_file(f, "good.json", BODY, 0);
	struct buf missing = BUF_INIT;
	struct ingest_opts o = {.region = "us", .realm = 5, .at = AT, .data_dir = f->data.data};
	struct ingest *in;
	struct ingest_result r;
	struct err e = {0};
	struct buf catalog = BUF_INIT;
	FILE *fp;
	char line[512];
	int lines = 0;

	buf_printf(&missing, "%s/missing.json", f->dir);
	assert_int_equal(ingest_open(&o, 1, &in, &e), WOWAH_OK);
	assert_int_equal(ingest_file(in, cut, &r, &e), WOWAH_EPARSE);
	assert_non_null(strstr(e.msg, "cut.json"));
	assert_int_equal(ingest_file(in, missing.data, &r, &e), WOWAH_EIO);
	assert_non_null(strstr(e.msg, "missing.json"));
	assert_int_equal(ingest_file(in, good, &r, &e), WOWAH_OK);
	assert_false(r.stored.duplicate);
	ingest_close(in);

	/* the catalog names the good snapshot only */
	buf_printf(&catalog, "%s/catalog.tsv", f->data.data);
	fp = fopen(catalog.data, "r");
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp))
		lines += line[0] != '#' && strstr(line, "realm_id=5/") != NULL;
	fclose(fp);
	assert_int_equal(lines, 1);
	buf_release(&catalog);
	buf_release(&missing);
	free(cut);
	free(good);
}

static void locked_data_dir(void **state)
{
	struct fx *f = *state;
	struct ingest_opts o = {.region = "us", .realm = 5, .data_dir = f->data.data};
	struct ingest *a, *b = NULL;
	struct err e = {0};

	assert_int_equal(ingest_open(&o, 1, &a, &e), WOWAH_OK);
	assert_int_equal(ingest_open(&o, 1, &b, &e), WOWAH_ELOCKED);
	assert_null(b);
	ingest_close(a);
	assert_int_equal(ingest_open(&o, 1, &b, &e), WOWAH_OK);
	ingest_close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(options_checked_first, setup, teardown),
	        cmocka_unit_test_setup_teardown(stores_and_reads_back, setup, teardown),
	        cmocka_unit_test_setup_teardown(commodities_at_mtime, setup, teardown),
	        cmocka_unit_test_setup_teardown(bad_file_then_good, setup, teardown),
	        cmocka_unit_test_setup_teardown(locked_data_dir, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
