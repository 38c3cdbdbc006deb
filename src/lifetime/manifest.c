/* manifest.c - a (region, kind)'s manifest.tsv, the list of its current lifetime files,
 * and the sweep of the files no manifest lists.
 *
 * Lines are tab-separated: "wowah-lifetimes <format>", "gen <n>", "snapshots <date>
 * <file>" by date (the covered list, one part a UTC day, or a month as YYYY-MM-00;
 * "snapshots <file>", the whole list in one file, in a manifest made before the parts), "open
 * <file>", then "closed <date> <file>" by date ("final" instead of "closed" once the day's file is
 * written for good, LT_PARQUET_FINAL). Anything else is refused: a manifest is only ever written
 * whole (fs_write_atomic), so a malformed one was changed by hand.
 */
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lifetime/internal.h"
#include "lifetime/lifetime.h"
#include "model/layout.h"
#include "util/fs.h"
#include "util/ts.h"

#define MAGIC "wowah-lifetimes"

void lt_manifest_release(struct lt_manifest *m)
{
	for (size_t i = 0; i < m->ncovered; i++)
		free(m->covered[i].file);
	free(m->covered);
	free(m->open);
	for (size_t i = 0; i < m->nclosed; i++)
		free(m->closed[i].file);
	free(m->closed);
	memset(m, 0, sizeof(*m));
}

static int bad(const char *path, size_t lineno, struct err *e)
{
	return err_set(e, WOWAH_EPARSE,
	               "%s line %zu is not a lifetimes manifest line; remove the directory and run "
	               "'wowah load' to build the lifetimes again from the raw snapshots",
	               path, lineno);
}

/* One line, cut into at most 3 tab-separated fields in place. */
static int parse_line(struct lt_manifest *m, char *line, const char *path, size_t lineno,
                      struct err *e)
{
	char *f[3] = {line, NULL, NULL};
	int n = 1;

	for (char *p = line; *p && n < 3; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	if (lineno == 1)
		return strcmp(f[0], MAGIC) == 0 && n == 2 && (m->format = atoi(f[1])) > 0
		               ? WOWAH_OK
		               : bad(path, lineno, e);
	if (n == 2 && strcmp(f[0], "gen") == 0)
		m->gen = strtoll(f[1], NULL, 10);
	else if (n == 2 && strcmp(f[0], "snapshots") == 0 && !m->ncovered)
		lt_add_covered(m, "", f[1]);
	else if (n == 3 && strcmp(f[0], "snapshots") == 0 && strlen(f[1]) == LIFETIME_DATE_LEN - 1)
		lt_add_covered(m, f[1], f[2]);
	else if (n == 2 && strcmp(f[0], "open") == 0 && !m->open)
		m->open = xstrdup(f[1]);
	else if (n == 3 && (strcmp(f[0], "closed") == 0 || strcmp(f[0], "final") == 0) &&
	         strlen(f[1]) == LIFETIME_DATE_LEN - 1) {
		m->closed = xrealloc(m->closed, (m->nclosed + 1) * sizeof(*m->closed));
		memcpy(m->closed[m->nclosed].date, f[1], LIFETIME_DATE_LEN);
		m->closed[m->nclosed].final = f[0][0] == 'f';
		m->closed[m->nclosed++].file = xstrdup(f[2]);
	} else
		return bad(path, lineno, e);
	return WOWAH_OK;
}

int lt_manifest_read(const char *gdir, struct lt_manifest *m, struct err *e)
{
	char *path = fs_join(gdir, LIFETIME_MANIFEST), *data = NULL, *line, *next;
	size_t len, lineno = 0;
	int rc = WOWAH_OK;

	memset(m, 0, sizeof(*m));
	if (!fs_exists(path)) {
		free(path);
		return WOWAH_OK;
	}
	rc = fs_read_file(path, &data, &len, e);
	for (line = data; !rc && line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		rc = parse_line(m, line, path, ++lineno, e);
	}
	if (!rc && (!m->format || !m->ncovered || !m->open))
		rc = bad(path, lineno + 1, e);
	if (rc)
		lt_manifest_release(m);
	free(data);
	free(path);
	return rc;
}

int lt_manifest_write(const char *gdir, const struct lt_manifest *m, struct err *e)
{
	struct buf b = BUF_INIT;
	char *path = fs_join(gdir, LIFETIME_MANIFEST);
	int rc;

	buf_printf(&b, MAGIC "\t%d\ngen\t%lld\n", m->format, (long long)m->gen);
	for (size_t i = 0; i < m->ncovered; i++)
		buf_printf(&b, "snapshots\t%s%s%s\n", m->covered[i].date,
		           m->covered[i].date[0] ? "\t" : "", m->covered[i].file);
	buf_printf(&b, "open\t%s\n", m->open);
	for (size_t i = 0; i < m->nclosed; i++)
		buf_printf(&b, "%s\t%s\t%s\n", m->closed[i].final ? "final" : "closed",
		           m->closed[i].date, m->closed[i].file);
	rc = fs_write_atomic(path, b.data, b.len, 0644, e);
	buf_release(&b);
	free(path);
	return rc;
}

const char *lt_manifest_closed(const struct lt_manifest *m, const char *date)
{
	for (size_t i = 0; i < m->nclosed; i++)
		if (strcmp(m->closed[i].date, date) == 0)
			return m->closed[i].file;
	return NULL;
}

int lt_groups(const char *dir, char ***out, size_t *n, struct err *e)
{
	char *pat = fs_join(dir, MODEL_LIFETIMES_DIR "/region=*/kind=*");
	glob_t g;
	int grc = glob(pat, GLOB_ONLYDIR, NULL, &g);

	free(pat);
	*out = NULL;
	*n = 0;
	if (grc == GLOB_NOMATCH)
		return WOWAH_OK;
	if (grc)
		return err_set(e, WOWAH_EIO, "cannot list %s/" MODEL_LIFETIMES_DIR, dir);
	*out = xmalloc((g.gl_pathc ? g.gl_pathc : 1) * sizeof(**out));
	for (size_t i = 0; i < g.gl_pathc; i++)
		(*out)[i] = xstrdup(g.gl_pathv[i]);
	*n = g.gl_pathc;
	globfree(&g);
	return WOWAH_OK;
}

static void free_groups(char **groups, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(groups[i]);
	free(groups);
}

void lt_put_file(struct buf *out, const char *gdir, const char *name, int64_t *count)
{
	char *abs = fs_join(gdir, name), *q = duck_quote(abs);

	buf_printf(out, "%s%s", *count ? ", " : "", q);
	++*count;
	free(q);
	free(abs);
}

/* The files of every manifest: its lifetimes (open, closed; format 2 groups only, the
 * others are converted or built again by the next update), those of the days from
 * from_date on when it is not NULL, or its snapshots list. */
void lt_put_covered(struct buf *out, const char *gdir, const struct lt_manifest *m, int64_t *count)
{
	for (size_t i = 0; i < m->ncovered; i++)
		lt_put_file(out, gdir, m->covered[i].file, count);
}

void lt_file_list(struct buf *out, const char *gdir, const char *name)
{
	int64_t n = 0;

	buf_putc(out, '[');
	lt_put_file(out, gdir, name, &n);
	buf_putc(out, ']');
}

void lt_covered_list(struct buf *out, const char *gdir, const struct lt_manifest *m)
{
	int64_t n = 0;

	buf_putc(out, '[');
	lt_put_covered(out, gdir, m, &n);
	buf_putc(out, ']');
}

void lt_add_covered(struct lt_manifest *m, const char *date, const char *file)
{
	m->covered = xrealloc(m->covered, (m->ncovered + 1) * sizeof(*m->covered));
	snprintf(m->covered[m->ncovered].date, LIFETIME_DATE_LEN, "%s", date);
	m->covered[m->ncovered++].file = xstrdup(file);
}

static int list_files(const char *dir, int snapshots, const char *from_date, struct buf *out,
                      int64_t *count, struct err *e)
{
	char **groups;
	size_t n;
	int rc = lt_groups(dir, &groups, &n, e);

	*count = 0;
	buf_putc(out, '[');
	for (size_t i = 0; i < n && !rc; i++) {
		struct lt_manifest m;
		rc = lt_manifest_read(groups[i], &m, e);
		if (rc || !m.format)
			continue;
		if (snapshots) {
			lt_put_covered(out, groups[i], &m, count);
		} else if (m.format == LIFETIME_FORMAT) {
			lt_put_file(out, groups[i], m.open, count);
			for (size_t c = 0; c < m.nclosed; c++)
				if (!from_date || strcmp(m.closed[c].date, from_date) >= 0)
					lt_put_file(out, groups[i], m.closed[c].file, count);
		}
		lt_manifest_release(&m);
	}
	buf_putc(out, ']');
	free_groups(groups, n);
	return rc;
}

/* The UTC day of since (epoch seconds), or NULL for INT64_MIN (every day). */
static const char *since_date(int64_t since, char date[TS_DATE_LEN])
{
	if (since == INT64_MIN)
		return NULL;
	ts_format_date(since, date);
	return date;
}

int lifetime_relation_since(const char *dir, int64_t since, struct buf *out, int64_t *count,
                            struct err *e)
{
	struct buf files = BUF_INIT, snaps = BUF_INIT;
	char date[TS_DATE_LEN];
	int64_t nsnaps = 0;
	int rc = list_files(dir, 0, since_date(since, date), &files, count, e);

	if (!rc)
		rc = list_files(dir, 1, NULL, &snaps, &nsnaps, e);
	if (!rc && *count)
		lt_expand_sql(out, files.data, snaps.data, NULL);
	buf_release(&files);
	buf_release(&snaps);
	return rc;
}

int lifetime_relation(const char *dir, struct buf *out, int64_t *count, struct err *e)
{
	return lifetime_relation_since(dir, INT64_MIN, out, count, e);
}

int lifetime_any(const char *dir, int *out, struct err *e)
{
	char **groups;
	size_t n;
	int rc = lt_groups(dir, &groups, &n, e);

	*out = 0;
	for (size_t i = 0; i < n && !rc && !*out; i++) {
		struct lt_manifest m;
		rc = lt_manifest_read(groups[i], &m, e);
		*out = !rc && m.format == LIFETIME_FORMAT; /* list_files' rule */
		if (!rc)
			lt_manifest_release(&m);
	}
	free_groups(groups, n);
	return rc;
}

int lifetime_first_seen_bound(struct duck *d, const char *dir, int64_t since, int64_t *out,
                              struct err *e)
{
	struct buf files = BUF_INIT, sql = BUF_INIT;
	char date[TS_DATE_LEN];
	int64_t n = 0;
	duckdb_result r;
	int rc = list_files(dir, 0, since_date(since, date), &files, &n, e);

	*out = since;
	if (rc || !n)
		goto out;
	buf_printf(&sql,
	           "SELECT floor(epoch(min(first_seen)))::BIGINT FROM read_parquet(%s, "
	           "hive_partitioning = false)",
	           files.data);
	rc = duck_query(d, sql.data, &r, e);
	if (rc)
		goto out;
	if (duckdb_row_count(&r) && !duckdb_value_is_null(&r, 0, 0) &&
	    duckdb_value_int64(&r, 0, 0) < since)
		*out = duckdb_value_int64(&r, 0, 0);
	duckdb_destroy_result(&r);
out:
	buf_release(&files);
	buf_release(&sql);
	return rc;
}

int lifetime_snapshot_files(const char *dir, struct buf *out, int64_t *count, struct err *e)
{
	return list_files(dir, 1, NULL, out, count, e);
}

static int listed(const struct lt_manifest *m, const char *name)
{
	if (strcmp(name, LIFETIME_MANIFEST) == 0)
		return 1;
	if (m->format && strcmp(name, m->open) == 0)
		return 1;
	for (size_t i = 0; i < m->ncovered; i++)
		if (strcmp(name, m->covered[i].file) == 0)
			return 1;
	for (size_t i = 0; i < m->nclosed; i++)
		if (strcmp(name, m->closed[i].file) == 0)
			return 1;
	return 0;
}

static int sweep_group(const char *gdir, struct err *e)
{
	struct lt_manifest m;
	struct dirent *de;
	DIR *dh;
	int rc = lt_manifest_read(gdir, &m, e);

	if (rc)
		return rc;
	dh = opendir(gdir);
	if (!dh) {
		lt_manifest_release(&m);
		return err_errno(e, WOWAH_EIO, errno, "cannot list %s", gdir);
	}
	while ((de = readdir(dh)) != NULL && !rc) {
		char *abs;
		if (de->d_name[0] == '.' || listed(&m, de->d_name))
			continue;
		abs = fs_join(gdir, de->d_name);
		if (unlink(abs) && errno != ENOENT)
			rc = err_errno(e, WOWAH_EIO, errno, "cannot remove %s", abs);
		free(abs);
	}
	closedir(dh);
	lt_manifest_release(&m);
	return rc;
}

int lifetime_sweep(const char *dir, struct err *e)
{
	char **groups;
	size_t n;
	int rc = lt_groups(dir, &groups, &n, e);

	for (size_t i = 0; i < n && !rc; i++)
		rc = sweep_group(groups[i], e);
	free_groups(groups, n);
	return rc;
}
