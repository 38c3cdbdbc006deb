/* test-fsck.c - store/fsck.h on real data dirs: every kind of snapshot catalogued again
 * from its file, corrupt files quarantined, missing files and bad lines dropped, files that
 * do not say what they are left alone, and the lock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse/file.h"
#include "store/fsck.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/fs.h"

#define SNAP 1600000000 /* 2020-09-13T12:26:40Z */

static char *tmpdir(void)
{
	char *d = xstrdup("/tmp/wowah-test-fsck.XXXXXX");
	assert_non_null(mkdtemp(d));
	return d;
}

static void sh(const char *fmt, ...)
{
	struct buf cmd = BUF_INIT;
	va_list ap;

	buf_reserve(&cmd, 4096);
	va_start(ap, fmt);
	cmd.len = (size_t)vsnprintf(cmd.data, 4096, fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd.data), 0);
	buf_release(&cmd);
}

/* Stores fixture `name` as the snapshot kind/realm/house at ts; returns its path. */
static char *put(struct store *s, const char *name, enum batch_kind kind, int32_t realm,
                 int16_t house, int64_t ts)
{
	const char *fx = getenv("FIXTURES");
	struct buf path = BUF_INIT;
	struct batch *b = batch_new();
	struct store_result res;
	struct err e = {0};
	uint64_t bytes;

	buf_printf(&path, "%s/%s", fx ? fx : "../shared/fixtures/blizzard", name);
	assert_int_equal(parse_auctions_file(path.data, b, &bytes, &e), 0);
	b->meta.kind = kind;
	b->meta.flavor = kind == BATCH_CLASSIC ? MODEL_FLAVOR_CLASSIC : MODEL_FLAVOR_RETAIL;
	strcpy(b->meta.region, "us");
	b->meta.realm_id = realm;
	b->meta.house_id = house;
	b->meta.snapshot_ts = ts;
	if (store_write_auctions(s, b, ts + 60, &res, &e))
		fail_msg("%s", e.msg);
	batch_free(b);
	buf_release(&path);
	return xstrdup(res.path);
}

/* A data dir with a realm, a commodities, a Classic and a token snapshot; out_paths[4]. */
static char *data_dir(char *out_paths[4])
{
	char *dir = tmpdir();
	struct meta_token t = {SNAP, 1203380000};
	struct store_result res;
	struct store *s;
	struct err e = {0};

	assert_int_equal(store_open(dir, &s, &e), 0);
	out_paths[0] = put(s, "apwc_realm_auctions_us4.json", BATCH_REALM, 4, 0, SNAP);
	out_paths[1] = put(s, "apwc_commodities_us.json", BATCH_COMMODITY, 0, 0, SNAP);
	out_paths[2] =
	        put(s, "classic_tbc_auctions_us4384_ah2.json", BATCH_CLASSIC, 4384, 2, SNAP + 7);
	assert_int_equal(store_write_token(s, "us", MODEL_FLAVOR_RETAIL, &t, SNAP + 30, &res, &e),
	                 0);
	out_paths[3] = xstrdup(res.path);
	store_close(s);
	return dir;
}

static char *slurp(const char *dir, const char *rel)
{
	char *path = fs_join(dir, rel), *data;
	size_t len;
	struct err e = {0};

	assert_int_equal(fs_read_file(path, &data, &len, &e), 0);
	free(path);
	return data;
}

/* catalog.tsv without its fetched_at column (a file catalogued again gets its mtime). */
static char *facts(const char *dir)
{
	char *cat = slurp(dir, "catalog.tsv");
	struct buf out = BUF_INIT;

	for (char *line = strtok(cat, "\n"); line; line = strtok(NULL, "\n")) {
		char *t5 = line, *t6;
		for (int i = 0; i < 5; i++)
			t5 = strchr(t5, '\t') + 1;
		t6 = strchr(t5, '\t');
		buf_printf(&out, "%.*s%s\n", (int)(t5 - line), line, t6 + 1);
	}
	free(cat);
	return out.data ? buf_detach(&out, NULL) : xstrdup("");
}

static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* s with its lines after the first (the header) sorted, in place. */
static char *sorted(char *s)
{
	char *body = strchr(s, '\n') + 1, *copy = xstrdup(body), *lines[64];
	size_t n = 0;

	for (char *l = strtok(copy, "\n"); l && n < 64; l = strtok(NULL, "\n"))
		lines[n++] = l;
	qsort(lines, n, sizeof(char *), line_cmp);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(lines[i]);
		memmove(body, lines[i], len);
		body[len] = '\n';
		body += len + 1;
	}
	free(copy);
	return s;
}

static void free_paths(char *p[4])
{
	for (int i = 0; i < 4; i++)
		free(p[i]);
}

static struct fsck_report *run(const char *dir, int repair)
{
	struct fsck_report *r;
	struct err e = {0};

	if (fsck_run(dir, repair, &r, &e))
		fail_msg("fsck: %s", e.msg);
	return r;
}

static void clean_dir_is_clean(void **state)
{
	char *p[4], *dir = data_dir(p), *before = slurp(dir, "catalog.tsv"), *after;
	struct fsck_report *r = run(dir, 1);
	(void)state;

	assert_int_equal(r->n, 0);
	assert_int_equal(r->checked, 4);
	assert_int_equal(r->ok, 4);
	assert_int_equal(r->files, 4);
	assert_int_equal(r->rewritten, 0);
	assert_null(r->backup);
	after = slurp(dir, "catalog.tsv");
	assert_string_equal(before, after);
	fsck_report_free(r);
	free(before);
	free(after);
	free_paths(p);
	sh("rm -rf '%s'", dir);
	free(dir);
}

static void every_kind_catalogued_again(void **state)
{
	char *p[4], *dir = data_dir(p), *want = facts(dir), *got;
	struct fsck_report *r;
	struct store *s;
	struct err e = {0};
	(void)state;

	sh("head -n 1 '%s/catalog.tsv' >'%s/c' && mv '%s/c' '%s/catalog.tsv'", dir, dir, dir, dir);
	r = run(dir, 0);
	assert_int_equal(fsck_count(r, FSCK_ORPHAN), 4);
	assert_int_equal(r->n, 4);
	assert_int_equal(r->v[0].fix, FSCK_FIX_NONE);
	fsck_report_free(r);

	r = run(dir, 1);
	assert_int_equal(fsck_count(r, FSCK_ORPHAN), 4);
	assert_int_equal(fsck_unrepaired(r), 0);
	for (size_t i = 0; i < r->n; i++)
		assert_int_equal(r->v[i].fix, FSCK_FIX_CATALOGUED);
	assert_int_equal(r->new_lines, 4);
	assert_non_null(r->backup);
	fsck_report_free(r);
	/* the same facts as before, in path order */
	got = facts(dir);
	assert_string_equal(sorted(want), got);
	/* the store opens it and knows every snapshot again: nothing is uncatalogued */
	assert_int_equal(store_open(dir, &s, &e), 0);
	assert_int_equal(store_orphans(s), 0);
	store_close(s);
	r = run(dir, 0);
	assert_int_equal(r->n, 0);
	fsck_report_free(r);
	free(want);
	free(got);
	free_paths(p);
	sh("rm -rf '%s'", dir);
	free(dir);
}

/* Eight bytes overwritten in the middle of a file, as in issue 12. */
static void overwrite8(const char *dir, const char *rel)
{
	char *path = fs_join(dir, rel);
	int fd = open(path, O_WRONLY);
	off_t size = lseek(fd, 0, SEEK_END);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "\x01\x02\x03\x04\x05\x06\x07\x08", 8, size / 2), 8);
	close(fd);
	free(path);
}

static int exists(const char *dir, const char *rel)
{
	char *path = fs_join(dir, rel);
	int ok = fs_exists(path);
	free(path);
	return ok;
}

static void bad_files_and_lines(void **state)
{
	char *p[4], *dir = data_dir(p), *cat, *q = NULL;
	struct fsck_report *r;
	struct buf want = BUF_INIT;
	(void)state;

	overwrite8(dir, p[1]);
	sh("rm '%s/%s'", dir, p[2]);
	/* line 2 again (a duplicate), a line that does not parse, a torn last line */
	sh("cd '%s' && sed -n 2p catalog.tsv >>catalog.tsv && printf 'us\trealm\tx\n' "
	   ">>catalog.tsv && printf 'us\trealm' >>catalog.tsv",
	   dir);
	r = run(dir, 0);
	assert_int_equal(r->lines, 7);
	assert_int_equal(r->checked, 4);
	assert_int_equal(r->ok, 2);
	assert_int_equal(fsck_count(r, FSCK_CORRUPT), 1);
	assert_int_equal(fsck_count(r, FSCK_MISSING), 1);
	assert_int_equal(fsck_count(r, FSCK_DUPLICATE), 1);
	assert_int_equal(fsck_count(r, FSCK_MALFORMED), 1);
	assert_int_equal(fsck_count(r, FSCK_TORN), 1);
	assert_int_equal(fsck_count(r, FSCK_ORPHAN), 0);
	assert_int_equal(r->n, 5);
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].kind == FSCK_CORRUPT) {
			assert_string_equal(r->v[i].path, p[1]);
			assert_non_null(strstr(r->v[i].detail, "crc32"));
			assert_int_equal(r->v[i].line, 3);
		}
	fsck_report_free(r);
	assert_true(exists(dir, p[1]));

	r = run(dir, 1);
	assert_int_equal(fsck_unrepaired(r), 0);
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].kind == FSCK_CORRUPT) {
			assert_int_equal(r->v[i].fix, FSCK_FIX_QUARANTINED);
			q = xstrdup(r->v[i].moved_to);
		} else
			assert_int_equal(r->v[i].fix, FSCK_FIX_DROPPED);
	assert_int_equal(r->new_lines, 2);
	/* the corrupt file is set aside as it was, never deleted; the old catalog is kept */
	assert_non_null(q);
	buf_printf(&want, "quarantine/%s", p[1]);
	assert_string_equal(q, want.data);
	assert_false(exists(dir, p[1]));
	assert_true(exists(dir, q));
	cat = slurp(dir, r->backup);
	assert_non_null(strstr(cat, p[1]));
	assert_non_null(strstr(cat, p[2]));
	free(cat);
	fsck_report_free(r);
	cat = slurp(dir, "catalog.tsv");
	assert_non_null(strstr(cat, p[0]));
	assert_non_null(strstr(cat, p[3]));
	assert_null(strstr(cat, p[1]));
	assert_null(strstr(cat, p[2]));
	free(cat);
	r = run(dir, 0);
	assert_int_equal(r->n, 0);
	fsck_report_free(r);

	/* a second corrupt copy of the same path goes beside the first, not over it */
	sh("cd '%s' && cp '%s' '%s' && tail -n +2 %s.* | head -n 2 | sed -n 2p >>catalog.tsv", dir,
	   q, p[1], "catalog.tsv");
	r = run(dir, 1);
	assert_int_equal(fsck_count(r, FSCK_CORRUPT), 1);
	assert_int_equal(r->v[0].fix, FSCK_FIX_QUARANTINED);
	buf_puts(&want, ".1");
	assert_string_equal(r->v[0].moved_to, want.data);
	fsck_report_free(r);
	assert_true(exists(dir, q));

	free(q);
	buf_release(&want);
	free_paths(p);
	sh("rm -rf '%s'", dir);
	free(dir);
}

/* Orphans fsck cannot vouch for stay where they are, unreadable ones go to quarantine. */
static void doubtful_orphans(void **state)
{
	char *p[4], *dir = data_dir(p);
	const char *odd = "auctions/mine.parquet",
	           *other = "auctions/region=us/kind=realm/date=2020-09-13/realm_id=5/"
	                    "20200913T122640Z.parquet",
	           *junk = "auctions/region=us/kind=realm/date=2020-09-14/realm_id=4/"
	                   "20200914T000000Z.parquet";
	struct fsck_report *r;
	(void)state;

	sh("cd '%s' && cp '%s' %s && mkdir -p \"$(dirname %s)\" \"$(dirname %s)\" && cp '%s' "
	   "%s && echo junk >%s",
	   dir, p[0], odd, other, junk, p[0], other, junk);
	r = run(dir, 1);
	assert_int_equal(fsck_count(r, FSCK_ORPHAN), 3);
	assert_int_equal(fsck_unrepaired(r), 2);
	for (size_t i = 0; i < r->n; i++) {
		const struct fsck_problem *x = &r->v[i];
		if (strcmp(x->path, junk) == 0) {
			assert_int_equal(x->fix, FSCK_FIX_QUARANTINED);
			assert_non_null(strstr(x->detail, "not readable"));
		} else if (strcmp(x->path, other) == 0) {
			/* a realm 4 file under realm 5's name */
			assert_int_equal(x->fix, FSCK_FIX_NONE);
			assert_non_null(strstr(x->detail, "columns"));
		} else {
			assert_string_equal(x->path, odd);
			assert_int_equal(x->fix, FSCK_FIX_NONE);
			assert_non_null(strstr(x->detail, "not a file name wowah writes"));
		}
	}
	fsck_report_free(r);
	assert_true(exists(dir, odd));
	assert_true(exists(dir, other));
	assert_false(exists(dir, junk));
	r = run(dir, 0);
	assert_int_equal(r->n, 2);
	assert_int_equal(r->ok, 4);
	fsck_report_free(r);
	free_paths(p);
	sh("rm -rf '%s'", dir);
	free(dir);
}

/* A repair waits for no writer: it refuses while one holds the lock; a check runs. */
static void lock(void **state)
{
	char *p[4], *dir = data_dir(p);
	struct fsck_report *r;
	struct store *s;
	struct err e = {0};
	(void)state;

	assert_int_equal(store_open(dir, &s, &e), 0);
	assert_int_equal(fsck_run(dir, 1, &r, &e), WOWAH_ELOCKED);
	assert_null(r);
	assert_non_null(strstr(e.msg, "locked by another wowah process"));
	r = run(dir, 0);
	assert_int_equal(r->locked, 1);
	assert_int_equal(r->n, 0);
	fsck_report_free(r);
	store_close(s);
	assert_int_equal(fsck_run("/nonexistent/wowah-data", 0, &r, &e), WOWAH_ENOTFOUND);
	assert_non_null(strstr(e.msg, "is not a data dir"));
	free_paths(p);
	sh("rm -rf '%s'", dir);
	free(dir);
}

static void drop_line(const char *dir, const char *rel)
{
	sh("sed -i '\\#\t%s\t#d' '%s/catalog.tsv'", rel, dir);
}

static char *crc_of(const char *dir, const char *rel)
{
	char *path = fs_join(dir, rel), *out = xmalloc(32);
	uint32_t crc;
	int64_t size;
	struct err e = {0};

	assert_int_equal(fs_crc32_file(path, &crc, &size, &e), 0);
	snprintf(out, 32, "%08x %lld", crc, (long long)size);
	free(path);
	return out;
}

/* store_open removes only what the store itself was writing when it was killed: a snapshot
 * file is linked into place and keeps its <final>.<pid>.tmp name until its catalog line is
 * written, so a kill between the two leaves both names of one uncatalogued file. A file
 * already at a snapshot's path is never replaced. */
static void own_interrupted_writes(void **state)
{
	char *p[4], *dir = data_dir(p), *f0 = fs_join(dir, p[0]), *f3 = fs_join(dir, p[3]),
	            *f1 = fs_join(dir, p[1]), *had, *now, *t0, *t1, *t3, *extra[6];
	struct buf b = BUF_INIT;
	struct store *s;
	struct err e = {0};
	(void)state;

	buf_printf(&b, "%s.4242.tmp", f0);
	t0 = buf_detach(&b, NULL);
	buf_printf(&b, "%s.4243.tmp", f3);
	t3 = buf_detach(&b, NULL);
	buf_printf(&b, "%s.4244.tmp", f1);
	t1 = buf_detach(&b, NULL);
	/* killed while writing the token cache, the catalog or its backup (fsck --repair): those
	 * tmp names go; a tmp file of someone else's stays */
	sh("cd '%s' && touch oauth-token.77.tmp catalog.tsv.78.tmp "
	   "catalog.tsv.20261201T000000Z.bak.79.tmp mine.80.tmp oauth-token.tmp",
	   dir);
	/* killed after the link, before the line: the store's own write, both names go
	 * (several, so that directory order puts the tmp name both first and last) */
	drop_line(dir, p[0]);
	assert_int_equal(link(f0, t0), 0);
	assert_int_equal(store_open(dir, &s, &e), 0);
	for (int i = 1; i <= 6; i++) {
		char *rel =
		        put(s, "apwc_realm_auctions_us4.json", BATCH_REALM, 4, 0, SNAP + i * 3600);
		extra[i - 1] = fs_join(dir, rel);
		buf_printf(&b, "%s.%d.tmp", extra[i - 1], 5000 + i);
		assert_int_equal(link(extra[i - 1], b.data), 0);
		buf_reset(&b);
		free(rel);
	}
	store_close(s);
	sh("sed -i '/\\t2020-09-13T1[3-8]:26:40Z\\t/d' '%s/catalog.tsv'", dir);
	/* killed after the line, before the tmp name went: only the tmp name goes */
	assert_int_equal(link(f3, t3), 0);
	/* a tmp file that is not the uncatalogued file beside it: the file stays */
	drop_line(dir, p[1]);
	sh("cp '%s' '%s'", f1, t1);
	assert_int_equal(store_open(dir, &s, &e), 0);
	assert_false(fs_exists(t0));
	assert_false(fs_exists(f0));
	assert_false(fs_exists(t3));
	assert_true(fs_exists(f3));
	assert_false(fs_exists(t1));
	assert_true(fs_exists(f1));
	assert_int_equal(store_orphans(s), 1);
	assert_false(exists(dir, "oauth-token.77.tmp"));
	assert_false(exists(dir, "catalog.tsv.78.tmp"));
	assert_false(exists(dir, "catalog.tsv.20261201T000000Z.bak.79.tmp"));
	assert_true(exists(dir, "mine.80.tmp"));
	assert_true(exists(dir, "oauth-token.tmp"));
	for (int i = 0; i < 6; i++) {
		assert_false(fs_exists(extra[i]));
		free(extra[i]);
	}

	/* the same snapshot again: the orphan holds the same bytes, so it is catalogued as is */
	had = crc_of(dir, p[1]);
	free(put(s, "apwc_commodities_us.json", BATCH_COMMODITY, 0, 0, SNAP));
	now = crc_of(dir, p[1]);
	assert_string_equal(had, now);
	free(had);
	free(now);
	/* other bytes at a snapshot's path: refused, nothing overwritten */
	drop_line(dir, p[2]);
	store_close(s);
	assert_int_equal(store_open(dir, &s, &e), 0);
	assert_int_equal(store_orphans(s), 1);
	had = crc_of(dir, p[2]);
	{
		struct batch *bt = batch_new();
		struct store_result res;
		const char *fx = getenv("FIXTURES");
		uint64_t bytes;

		buf_printf(&b, "%s/apwc_realm_auctions_us4.json",
		           fx ? fx : "../shared/fixtures/blizzard");
		assert_int_equal(parse_auctions_file(b.data, bt, &bytes, &e), 0);
		bt->meta.kind = BATCH_CLASSIC;
		bt->meta.flavor = MODEL_FLAVOR_CLASSIC;
		strcpy(bt->meta.region, "us");
		bt->meta.realm_id = 4384;
		bt->meta.house_id = 2;
		bt->meta.snapshot_ts = SNAP + 7;
		assert_int_equal(store_write_auctions(s, bt, SNAP, &res, &e), WOWAH_EIO);
		assert_non_null(strstr(e.msg, "not in catalog.tsv"));
		assert_non_null(strstr(e.msg, "wowah fsck"));
		batch_free(bt);
		buf_release(&b);
	}
	now = crc_of(dir, p[2]);
	assert_string_equal(had, now);
	free(had);
	free(now);
	/* the realm snapshot whose interrupted write was removed is simply written again */
	free(put(s, "apwc_realm_auctions_us4.json", BATCH_REALM, 4, 0, SNAP));
	assert_true(fs_exists(f0));
	store_close(s);
	sh("test \"$(cd '%s' && find . -name '*.tmp' | sort)\" = \"$(printf "
	   "'./mine.80.tmp\\n./oauth-token.tmp')\"",
	   dir);

	free(f0);
	free(f1);
	free(f3);
	free(t0);
	free(t1);
	free(t3);
	free_paths(p);
	sh("rm -rf '%s'", dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(clean_dir_is_clean),
	        cmocka_unit_test(every_kind_catalogued_again),
	        cmocka_unit_test(bad_files_and_lines),
	        cmocka_unit_test(doubtful_orphans),
	        cmocka_unit_test(lock),
	        cmocka_unit_test(own_interrupted_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
