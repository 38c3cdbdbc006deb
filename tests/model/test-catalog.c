/* test-catalog.c - the one parser of catalog.tsv: header, fields, line ends, torn tails,
 * and the read-only reader. */
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

#include "model/catalog.h"
#include "util/buf.h"
#include "util/fs.h"

#define LINE1                                                                                  \
	"eu\trealm\t1305\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:05:"                          \
	"01Z\t31250\t201932\t9f3a0c11\t"                                                       \
	"auctions/region=eu/kind=realm/date=2026-11-27/realm_id=1305/20261127T130412Z.parquet" \
	"\tretail"
#define LINE2_V1                                                                        \
	"us\tclassic\t4384\t2\t2026-11-27T13:00:00Z\t2026-11-27T13:00:09Z\t7\t900\t0\t" \
	"auctions/region=us/kind=classic/date=2026-11-27/realm_id=4384/"                \
	"20261127T130000Z-h2.parquet"
#define LINE2 LINE2_V1 "\tclassic"

struct seen {
	int n;
	struct model_catalog_entry last;
	char path[512];
	int stop_at; /* returns WOWAH_EDB at this entry (1-based), or never when 0 */
};

static int collect(const struct model_catalog_entry *en, void *ud)
{
	struct seen *s = ud;

	s->n++;
	s->last = *en;
	snprintf(s->path, sizeof(s->path), "%s", en->path);
	s->last.path = s->path;
	return s->n == s->stop_at ? WOWAH_EDB : WOWAH_OK;
}

/* model_catalog_parse() over a copy of text; returns its code, fills *seen and *good. */
static int parse(const char *text, struct seen *seen, size_t *good, struct err *e)
{
	char *copy = xstrdup(text);
	int rc = model_catalog_parse(copy, strlen(text), "cat", collect, seen, good, e);

	free(copy);
	return rc;
}

static void header(void **state)
{
	const char *h = MODEL_CATALOG_HEADER;
	size_t n = strlen(h), len;
	struct err e = {0};
	(void)state;

	assert_int_equal(model_catalog_header(h, n, "cat", &len, &e), 0);
	assert_int_equal(len, n);
	/* torn by a kill: empty, a prefix, the whole line but its end */
	assert_int_equal(model_catalog_header(h, 0, "cat", &len, &e), 0);
	assert_int_equal(len, 0);
	assert_int_equal(model_catalog_header(h, 9, "cat", &len, &e), 0);
	assert_int_equal(len, 0);
	assert_int_equal(model_catalog_header(h, n - 1, "cat", &len, &e), 0);
	assert_int_equal(len, 0);
	{
		char crlf[256];
		snprintf(crlf, sizeof(crlf), "%.*s\r\nnext", (int)(n - 1), h);
		assert_int_equal(model_catalog_header(crlf, n - 1 + 1, "cat", &len, &e), 0);
		assert_int_equal(len, 0); /* "...path\r": still torn */
		assert_int_equal(model_catalog_header(crlf, strlen(crlf), "cat", &len, &e), 0);
		assert_int_equal(len, n + 1);
	}
	assert_int_equal(model_catalog_header("region\tkind\n", 12, "/d/catalog.tsv", &len, &e),
	                 WOWAH_EPARSE);
	assert_string_equal(e.msg,
	                    "'/d/catalog.tsv' does not start with the catalog header: 'wowah "
	                    "fsck --repair' rebuilds it from the files (or use another "
	                    "--data-dir)");
	assert_int_equal(model_catalog_header(LINE1 "\n", strlen(LINE1) + 1, "c", &len, &e),
	                 WOWAH_EPARSE);
	{
		char extra[256];
		snprintf(extra, sizeof(extra), "%.*s\textra\n", (int)(n - 1), h);
		assert_int_equal(model_catalog_header(extra, strlen(extra), "c", &len, &e),
		                 WOWAH_EPARSE);
	}
}

static void line_fields_and_format(void **state)
{
	char line[] = LINE1;
	struct model_catalog_entry en;
	struct buf b = BUF_INIT;
	struct err e = {0};
	(void)state;

	assert_int_equal(model_catalog_parse_line(line, "cat", 2, &en, &e), 0);
	assert_string_equal(en.region, "eu");
	assert_string_equal(en.kind, "realm");
	assert_int_equal(en.realm_id, 1305);
	assert_int_equal(en.house_id, 0);
	assert_int_equal(en.snapshot_ts, 1795784652);
	assert_int_equal(en.fetched_at, 1795784701);
	assert_int_equal(en.rows, 31250);
	assert_int_equal(en.bytes, 201932);
	assert_int_equal(en.crc32, 0x9f3a0c11u);
	/* what the writer formats is what the parser read */
	model_catalog_format(&b, &en);
	assert_string_equal(b.data, LINE1 "\n");
	buf_release(&b);
	{
		char l2[] = LINE2;
		assert_int_equal(model_catalog_parse_line(l2, "cat", 3, &en, &e), 0);
		assert_int_equal(en.house_id, 2);
		assert_int_equal(en.crc32, 0);
		model_catalog_format(&b, &en);
		assert_non_null(strstr(b.data, "\t00000000\tauctions/region=us/"));
		buf_release(&b);
	}
	/* a line of the old header, without flavor: its kind says which (classic houses are
	 * Classic progression's, the rest retail's), and it is written back with it */
	{
		char l2[] = LINE2_V1, l1[] = LINE1;
		assert_int_equal(model_catalog_parse_line(l2, "cat", 3, &en, &e), 0);
		assert_string_equal(en.flavor, "classic");
		model_catalog_format(&b, &en);
		assert_non_null(strstr(b.data, "-h2.parquet\tclassic\n"));
		buf_release(&b);
		l1[strlen(l1) - strlen("\tretail")] = '\0';
		assert_int_equal(model_catalog_parse_line(l1, "cat", 2, &en, &e), 0);
		assert_string_equal(en.flavor, "retail");
	}
	/* an Era house: its own flavour, kind classic */
	{
		char l3[] = "us\tclassic\t4384\t2\t2026-11-27T13:00:00Z\t2026-11-27T13:00:"
		            "09Z\t7\t9\t0\t"
		            "auctions/region=us/kind=classic1x/date=2026-11-27/realm_id=4384/"
		            "20261127T130000Z-h2.parquet\tclassic1x";
		assert_int_equal(model_catalog_parse_line(l3, "cat", 4, &en, &e), 0);
		assert_string_equal(en.flavor, "classic1x");
		assert_string_equal(en.kind, "classic");
	}
	/* both headers are catalogs; only the old one is v1 */
	assert_true(model_catalog_is_v1(MODEL_CATALOG_HEADER_V1, strlen(MODEL_CATALOG_HEADER_V1)));
	assert_false(model_catalog_is_v1(MODEL_CATALOG_HEADER, strlen(MODEL_CATALOG_HEADER)));
	{
		size_t len;
		assert_int_equal(model_catalog_header(MODEL_CATALOG_HEADER_V1,
		                                      strlen(MODEL_CATALOG_HEADER_V1), "c", &len,
		                                      &e),
		                 0);
		assert_int_equal(len, strlen(MODEL_CATALOG_HEADER_V1));
	}
}

/* Each malformed field: EPARSE, one line naming the file, the line and the value. */
static void bad_lines(void **state)
{
	static const struct {
		const char *line, *msg;
	} cases[] = {
	        {"eu\trealm\tx", "'cat' line 7: 3 fields, expected 11; 'wowah fsck --repair' "
	                         "rebuilds it from the files"},
	        {LINE1 "\tmore", "'cat' line 7: more than 11 fields, expected 11; 'wowah fsck "
	                         "--repair' rebuilds it from the files"},
	        {LINE2_V1 "\tera", "'cat' line 7: unknown flavor 'era'; 'wowah fsck --repair' "
	                           "rebuilds it from the files"},
	        {LINE2_V1 "\tretail", "'cat' line 7: a kind its flavor does not have: 'classic'; "
	                              "'wowah fsck --repair' rebuilds it from the files"},
	        {"eu\ttoken\t0\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:"
	         "12Z\t1\t1\t0\tp\tclassicann",
	         "'cat' line 7: a kind its flavor does not have: 'token'; 'wowah fsck --repair' "
	         "rebuilds it from the files"},
	        {"xx\trealm\t1\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t1\t1\t0\tp",
	         "'cat' line 7: unknown region 'xx'; 'wowah fsck --repair' rebuilds it from the "
	         "files"},
	        {"eu\trealms\t1\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t1\t1\t0\tp",
	         "'cat' line 7: unknown kind 'realms'; 'wowah fsck --repair' rebuilds it from the "
	         "files"},
	        {"eu\trealm\tfour\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t1\t1\t0\tp",
	         "'cat' line 7: realm_id is not a 32-bit integer: 'four'; 'wowah fsck --repair' "
	         "rebuilds it from the files"},
	        {"eu\trealm\t4294967296\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t1\t1\t0\tp",
	         "'cat' line 7: realm_id is not a 32-bit integer: '4294967296'; 'wowah fsck "
	         "--repair' rebuilds it from the files"},
	        {"eu\trealm\t1\t 0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t1\t1\t0\tp",
	         "'cat' line 7: house_id is not a 32-bit integer: ' 0'; 'wowah fsck --repair' "
	         "rebuilds it from the files"},
	        {"eu\trealm\t1\t0\tyesterday\t2026-11-27T13:04:12Z\t1\t1\t0\tp",
	         "'cat' line 7: snapshot_ts is not an ISO 8601 time: 'yesterday'; 'wowah fsck "
	         "--repair' rebuilds it from the files"},
	        {"eu\trealm\t1\t0\t2026-11-27T13:04:12Z\t\t1\t1\t0\tp",
	         "'cat' line 7: fetched_at is not an ISO 8601 time: ''; 'wowah fsck --repair' "
	         "rebuilds it from the files"},
	        {"eu\trealm\t1\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t-1\t1\t0\tp",
	         "'cat' line 7: rows is not a count: '-1'; 'wowah fsck --repair' rebuilds it from "
	         "the files"},
	        {"eu\trealm\t1\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t1\t+1\t0\tp",
	         "'cat' line 7: bytes is not a count: '+1'; 'wowah fsck --repair' rebuilds it from "
	         "the files"},
	        {"eu\trealm\t1\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t1\t1\t0x1f\tp",
	         "'cat' line 7: crc32 is not 1 to 8 hex digits: '0x1f'; 'wowah fsck --repair' "
	         "rebuilds it from the files"},
	        {"eu\trealm\t1\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t1\t1\t123456789\tp",
	         "'cat' line 7: crc32 is not 1 to 8 hex digits: '123456789'; 'wowah fsck --repair' "
	         "rebuilds it from the files"},
	        {"eu\trealm\t1\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t1\t1\t\tp",
	         "'cat' line 7: crc32 is not 1 to 8 hex digits: ''; 'wowah fsck --repair' rebuilds "
	         "it from the files"},
	        {"eu\trealm\t1\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t1\t1\t0\t/etc/x",
	         "'cat' line 7: path is not relative to the data dir: '/etc/x'; 'wowah fsck "
	         "--repair' rebuilds it from the files"},
	        {"eu\trealm\t1\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t1\t1\t0\ta/../../x",
	         "'cat' line 7: path is not relative to the data dir: 'a/../../x'; 'wowah fsck "
	         "--repair' rebuilds it from the files"},
	        {"eu\trealm\t1\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:04:12Z\t1\t1\t0\t",
	         "'cat' line 7: path is not relative to the data dir: ''; 'wowah fsck --repair' "
	         "rebuilds it from the files"},
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *line = xstrdup(cases[i].line);
		struct model_catalog_entry en;
		struct err e = {0};

		assert_int_equal(model_catalog_parse_line(line, "cat", 7, &en, &e), WOWAH_EPARSE);
		assert_string_equal(e.msg, cases[i].msg);
		assert_null(strchr(e.msg, '\n'));
		free(line);
	}
}

/* CRLF and LF lines read the same; empty lines are skipped; the torn tail is not read and
 * not covered by *good. */
static void whole_files(void **state)
{
	struct seen s = {0};
	struct err e = {0};
	size_t good;
	const char *lf = MODEL_CATALOG_HEADER LINE1 "\n\n" LINE2 "\n";
	const char *crlf =
	        "region\tkind\trealm_id\thouse_id\tsnapshot_ts\tfetched_at\trows\tbytes\t"
	        "crc32\tpath\r\n" LINE1 "\r\n\r\n" LINE2 "\r\n";
	(void)state;

	assert_int_equal(parse(lf, &s, &good, &e), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(good, strlen(lf));
	assert_string_equal(s.path, "auctions/region=us/kind=classic/date=2026-11-27/"
	                            "realm_id=4384/20261127T130000Z-h2.parquet");
	memset(&s, 0, sizeof(s));
	assert_int_equal(parse(crlf, &s, &good, &e), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(good, strlen(crlf));
	assert_int_equal(s.last.house_id, 2);
	assert_null(strchr(s.path, '\r'));

	/* a torn last line: read up to it */
	{
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s%s\n%.20s", MODEL_CATALOG_HEADER, LINE1, LINE2);
		memset(&s, 0, sizeof(s));
		assert_int_equal(parse(b.data, &s, &good, &e), 0);
		assert_int_equal(s.n, 1);
		assert_int_equal(good, strlen(MODEL_CATALOG_HEADER) + strlen(LINE1) + 1);
		buf_release(&b);
	}
	/* a header torn by a kill: nothing, and nothing to keep */
	memset(&s, 0, sizeof(s));
	assert_int_equal(parse("region\tki", &s, &good, &e), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(good, 0);
	/* the line number counts the header and the empty lines */
	memset(&s, 0, sizeof(s));
	assert_int_equal(parse(MODEL_CATALOG_HEADER LINE1 "\n\neu\trealm\n", &s, &good, &e),
	                 WOWAH_EPARSE);
	assert_string_equal(e.msg, "'cat' line 4: 2 fields, expected 11; 'wowah fsck --repair' "
	                           "rebuilds it from the files");
	assert_int_equal(s.n, 1);
	/* the callback's code stops the reading */
	memset(&s, 0, sizeof(s));
	s.stop_at = 1;
	assert_int_equal(parse(lf, &s, &good, &e), WOWAH_EDB);
	assert_int_equal(s.n, 1);
}

/* The reader never writes: a torn tail stays as it is, byte for byte. */
static void reader_is_read_only(void **state)
{
	char dir[] = "/tmp/wowah-test-catalog-XXXXXX", *path, *before, *after;
	const char *text = MODEL_CATALOG_HEADER LINE1 "\n" LINE2 "\r\n"
	                                              "eu\trealm\t13";
	struct seen s = {0};
	struct err e = {0};
	size_t n1, n2;
	FILE *f;
	(void)state;

	assert_non_null(mkdtemp(dir));
	path = fs_join(dir, "catalog.tsv");
	assert_int_equal(model_catalog_read(path, collect, &s, &e), 0); /* missing: empty */
	assert_int_equal(s.n, 0);
	assert_false(fs_exists(path));
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, 0444), 0);
	assert_int_equal(model_catalog_read(path, collect, &s, &e), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(fs_read_file(path, &after, &n2, &e), 0);
	before = xstrdup(text);
	n1 = strlen(text);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	/* a malformed line is the file's error, with its path */
	assert_int_equal(chmod(path, 0644), 0);
	f = fopen(path, "a");
	fputs("0\n", f);
	fclose(f);
	memset(&s, 0, sizeof(s));
	assert_int_equal(model_catalog_read(path, collect, &s, &e), WOWAH_EPARSE);
	assert_non_null(strstr(e.msg, "/catalog.tsv' line 4: 3 fields, expected 11"));
	assert_int_equal(s.n, 2);
	unlink(path);
	rmdir(dir);
	free(path);
}

static void write_text(const char *path, const char *mode, const char *text)
{
	FILE *f = fopen(path, mode);

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Issue 10: a reader that keeps a mark reads only the lines appended since, a torn tail
 * once it is whole, line numbers counted from the start; a catalog rewritten under the
 * mark is read whole again (restarted). */
static void read_since_mark(void **state)
{
	char dir[] = "/tmp/wowah-test-catalog-XXXXXX", *path;
	struct model_catalog_mark mark = {0};
	struct seen s = {0};
	struct err e = {0};
	int restarted;
	(void)state;

	assert_non_null(mkdtemp(dir));
	path = fs_join(dir, "catalog.tsv");
	assert_int_equal(model_catalog_read_since(path, &mark, &restarted, collect, &s, &e), 0);
	assert_int_equal(s.n + mark.pos + restarted, 0); /* missing: empty */
	write_text(path, "w", MODEL_CATALOG_HEADER LINE1 "\neu\trealm\t13");
	assert_int_equal(model_catalog_read_since(path, &mark, &restarted, collect, &s, &e), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(mark.pos, strlen(MODEL_CATALOG_HEADER LINE1 "\n"));
	assert_int_equal(mark.lines, 2);
	assert_false(restarted);
	assert_int_equal(model_catalog_read_since(path, &mark, &restarted, collect, &s, &e), 0);
	assert_int_equal(s.n, 1); /* nothing new: the torn tail is not read */
	write_text(path, "a",
	           "05\t0\t2026-11-27T13:04:12Z\t2026-11-27T13:05:01Z\t1\t2\t3\tx.parquet\n" LINE2
	           "\n");
	assert_int_equal(model_catalog_read_since(path, &mark, &restarted, collect, &s, &e), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.path, "auctions/region=us/kind=classic/date=2026-11-27/realm_id=4384/"
	                            "20261127T130000Z-h2.parquet");
	assert_int_equal(mark.lines, 4);
	assert_false(restarted);
	write_text(path, "a", "0\n");
	assert_int_equal(model_catalog_read_since(path, &mark, &restarted, collect, &s, &e),
	                 WOWAH_EPARSE);
	assert_non_null(strstr(e.msg, "/catalog.tsv' line 5: 1 fields, expected 11"));
	/* rewritten: the same first line, another second one */
	write_text(path, "w", MODEL_CATALOG_HEADER LINE2 "\n" LINE1 "\n" LINE1 "\n");
	memset(&s, 0, sizeof(s));
	assert_int_equal(model_catalog_read_since(path, &mark, &restarted, collect, &s, &e), 0);
	assert_true(restarted);
	assert_int_equal(s.n, 3);
	assert_int_equal(mark.lines, 4);
	unlink(path);
	rmdir(dir);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(header),
	        cmocka_unit_test(line_fields_and_format),
	        cmocka_unit_test(bad_lines),
	        cmocka_unit_test(whole_files),
	        cmocka_unit_test(reader_is_read_only),
	        cmocka_unit_test(read_since_mark),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
