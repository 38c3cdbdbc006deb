/* compact.c - store_compact: a house's hourly auction files of a past UTC day made one daily
 * file (docs/storage.md, "Compaction").
 *
 * A year of 100 realms is 876,000 hourly files: every query over the auctions view paid a
 * footer and a directory entry for each. A day is past for a house once the house has a
 * snapshot of a later day (pull fetches only what is newer than the newest stored; an
 * import of an older hour is compacted with the day's file on the next run).
 *
 * The order makes a kill at any moment harmless:
 *   1. each daily file is written and linked into place under its tmp name too
 *      (store_copy_parquet), and checked to hold every row of every snapshot it replaces;
 *   2. the list of the hourly files it replaces goes to compact-pending.tsv;
 *   3. the catalog is rewritten whole, its lines of those snapshots naming the daily file
 *      (the commit point);
 *   4. the tmp names, then the hourly files, then compact-pending.tsv are removed.
 * Killed before 3, the daily file is an uncatalogued file with a tmp name: store_open
 * removes both (its own interrupted write), and the hourly files are still catalogued.
 * Killed after 3, the hourly files are no longer catalogued: the next compaction removes
 * those compact-pending.tsv lists that no catalog line names.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/keys.h"
#include "store/internal.h"
#include "util/fs.h"

/* Rows per row group of a daily file: a 30,000-auction realm's day (720,000 rows) is 11
 * groups, so a filter on one snapshot_ts or a few item ids reads one or two of them. */
#define DAY_ROW_GROUP 65536
#define DAY_SECONDS   86400

/* Floor division: a day number of a time before 1970 too. */
static int64_t day_of(int64_t ts)
{
	return ts >= 0 ? ts / DAY_SECONDS : -((-ts + DAY_SECONDS - 1) / DAY_SECONDS);
}

static int same_house(const struct model_catalog_entry *a, const struct model_catalog_entry *b)
{
	return a->realm_id == b->realm_id && a->house_id == b->house_id &&
	       strcmp(a->region, b->region) == 0 && strcmp(a->flavor, b->flavor) == 0 &&
	       strcmp(a->kind, b->kind) == 0;
}

/* House, then day, then time (qsort_r over indexes into the entries v). */
static int by_house_day(const void *pa, const void *pb, void *v)
{
	const struct model_catalog_entry *a = (const struct model_catalog_entry *)v +
	                                      *(const size_t *)pa,
	                                 *b = (const struct model_catalog_entry *)v +
	                                      *(const size_t *)pb;
	int c = strcmp(a->region, b->region);

	if (!c)
		c = strcmp(a->flavor, b->flavor);
	if (!c)
		c = strcmp(a->kind, b->kind);
	if (!c)
		c = (a->realm_id > b->realm_id) - (a->realm_id < b->realm_id);
	if (!c)
		c = (a->house_id > b->house_id) - (a->house_id < b->house_id);
	if (!c)
		c = (a->snapshot_ts > b->snapshot_ts) - (a->snapshot_ts < b->snapshot_ts);
	return c;
}

/* One compaction run: what it wrote and what goes once the catalog names it. */
struct run {
	struct store *s;
	struct store_compacted *out;
	char **olds; /* the files the daily ones replace (relative) */
	size_t nolds;
	struct daily {
		char *rel; /* the daily file written */
		char *tmp; /* its second, tmp name (absolute; NULL: none) */
	} * days;
	size_t ndays;
};

static void push(char ***v, size_t *n, char *p)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = p;
}

/* The distinct files of the group idx[0..n), in time order of their first snapshot. */
static size_t group_files(const struct store_catalog *c, const size_t *idx, size_t n,
                          const char **files)
{
	size_t nf = 0;

	for (size_t i = 0; i < n; i++) {
		const char *p = c->v[idx[i]].path;
		size_t j = 0;
		while (j < nf && strcmp(files[j], p) != 0)
			j++;
		if (j == nf)
			files[nf++] = p;
	}
	return nf;
}

/* Each file has the bytes its catalog line says: a damaged one is left as it is, hourly,
 * for `wowah fsck` to report, rather than copied into a daily file. */
static int files_intact(struct store *s, const size_t *idx, size_t n, int *ok, struct err *e)
{
	*ok = 1;
	for (size_t i = 0; i < n && *ok; i++) {
		const struct model_catalog_entry *en = &s->cat.v[idx[i]];
		char *abs;
		uint32_t crc;
		int64_t size;
		int rc;

		if (i && strcmp(en->path, s->cat.v[idx[i - 1]].path) == 0)
			continue;
		abs = fs_join(s->dir, en->path);
		*ok = fs_exists(abs);
		rc = *ok ? fs_crc32_file(abs, &crc, &size, e) : WOWAH_OK;
		free(abs);
		if (rc || !*ok)
			return rc;
		*ok = crc == en->crc32 && size == en->bytes;
	}
	return WOWAH_OK;
}

/* The daily file holds exactly the group's snapshots and rows. */
static int check_daily(struct duck *d, const char *abs, int64_t snaps, int64_t rows, struct err *e)
{
	struct buf sql = BUF_INIT;
	char *q = duck_quote(abs);
	duckdb_result r;
	int rc;

	buf_printf(&sql,
	           "SELECT count(*), count(DISTINCT snapshot_ts) FROM read_parquet(%s, "
	           "hive_partitioning = false)",
	           q);
	rc = duck_query(d, sql.data, &r, e);
	if (!rc) {
		int64_t got_rows = duckdb_value_int64(&r, 0, 0),
		        got_snaps = duckdb_value_int64(&r, 1, 0);
		duckdb_destroy_result(&r);
		/* a snapshot of no auction has no row to count */
		if (got_rows != rows || got_snaps > snaps)
			rc = err_set(e, WOWAH_EIO,
			             "compaction wrote %s with %" PRId64 " rows of %" PRId64
			             " snapshots where %" PRId64 " rows of %" PRId64
			             " were expected; nothing was replaced",
			             abs, got_rows, got_snaps, rows, snaps);
	}
	buf_release(&sql);
	free(q);
	return rc;
}

/* Writes the group's daily file and points its entries at it (in memory: the catalog is
 * rewritten once, for every group). */
static int compact_group(struct run *r, const size_t *idx, size_t n, struct err *e)
{
	struct store *s = r->s;
	const struct model_catalog_entry *first = &s->cat.v[idx[0]];
	const char **files = xcalloc(n, sizeof(*files));
	size_t nf = group_files(&s->cat, idx, n, files);
	struct buf sql = BUF_INIT;
	struct store_result res = {0};
	char rel[MODEL_PATH_MAX];
	int64_t rows = 0;
	uint32_t crc = 0;
	int rc, ok, big = strcmp(first->kind, model_kind_name(MODEL_KIND_COMMODITY)) == 0;

	rc = nf < 2 ? WOWAH_OK : files_intact(s, idx, n, &ok, e);
	if (rc || nf < 2 || !ok) {
		r->out->skipped += nf >= 2 && !rc;
		free(files);
		return rc;
	}
	model_daily_path(rel, sizeof(rel), first->region, model_flavor_parse(first->flavor),
	                 model_kind_parse(first->kind), first->realm_id, first->house_id,
	                 first->snapshot_ts, (int)n);
	/* each snapshot's rows in their hourly order, the snapshots in time order */
	buf_puts(&sql, "SELECT * EXCLUDE (file_row_number) FROM read_parquet([");
	for (size_t i = 0; i < nf; i++) {
		char *abs = fs_join(s->dir, files[i]), *q = duck_quote(abs);
		buf_printf(&sql, "%s%s", i ? ", " : "", q);
		free(q);
		free(abs);
	}
	buf_puts(&sql, "], hive_partitioning = false, file_row_number = true) ORDER BY "
	               "snapshot_ts, file_row_number");
	for (size_t i = 0; i < n; i++)
		rows += s->cat.v[idx[i]].rows;
	rc = store_copy_parquet_rg(s, sql.data, rel, big, DAY_ROW_GROUP, &res, &crc, e);
	if (!rc) {
		char *abs = fs_join(s->dir, rel);
		struct duck *d;
		r->days = xrealloc(r->days, (r->ndays + 1) * sizeof(*r->days));
		r->days[r->ndays].rel = xstrdup(rel);
		r->days[r->ndays++].tmp = s->linked;
		s->linked = NULL;
		rc = store_duck(s, &d, e);
		if (!rc)
			rc = check_daily(d, abs, (int64_t)n, rows, e);
		free(abs);
	}
	for (size_t i = 0; i < nf && !rc; i++)
		push(&r->olds, &r->nolds, xstrdup(files[i]));
	for (size_t i = 0; i < n && !rc; i++) {
		struct model_catalog_entry *en = &s->cat.v[idx[i]];
		free(en->path);
		en->path = xstrdup(rel);
		en->bytes = res.bytes;
		en->crc32 = crc;
	}
	if (!rc) {
		r->out->days++;
		r->out->snapshots += (int64_t)n;
		r->out->files_in += (int64_t)nf;
	}
	buf_release(&sql);
	free(files);
	return rc;
}

static void unlink_rel(const char *dir, const char *rel)
{
	char *abs = fs_join(dir, rel);
	unlink(abs);
	free(abs);
}

/* Undoes what a failed run wrote (nothing is catalogued yet) and reloads the catalog,
 * whose entries it had pointed at the daily files. */
static void undo(struct run *r)
{
	char *path = fs_join(r->s->dir, MODEL_CATALOG_FILE);
	struct err ignored = {0};

	for (size_t i = 0; i < r->ndays; i++) {
		unlink_rel(r->s->dir, r->days[i].rel);
		if (r->days[i].tmp)
			unlink(r->days[i].tmp);
	}
	store_catalog_release(&r->s->cat);
	store_catalog_open(&r->s->cat, path, &ignored);
	free(path);
}

/* Removes the files of compact-pending.tsv that no catalog line names (a killed run's
 * hourly files, after its catalog was written), then the list itself. */
static int finish_pending(struct store *s, struct err *e)
{
	char *path = fs_join(s->dir, MODEL_COMPACT_PENDING_FILE), *data = NULL, *line, *save;
	size_t len;
	int rc = WOWAH_OK;

	if (!fs_exists(path)) {
		free(path);
		return WOWAH_OK;
	}
	rc = fs_read_file(path, &data, &len, e);
	for (line = rc ? NULL : strtok_r(data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *abs;
		if (store_catalog_has_path(&s->cat, line) || strstr(line, "..") ||
		    strncmp(line, MODEL_AUCTIONS_DIR "/", strlen(MODEL_AUCTIONS_DIR "/")) != 0)
			continue;
		abs = fs_join(s->dir, line);
		if (unlink(abs) != 0 && errno != ENOENT)
			rc = err_errno(e, WOWAH_EIO, errno, "cannot remove %s", abs);
		free(abs);
		if (rc)
			break;
	}
	if (!rc && unlink(path) != 0)
		rc = err_errno(e, WOWAH_EIO, errno, "cannot remove %s", path);
	if (!rc)
		rc = fs_fsync_dir_of(path, e);
	free(data);
	free(path);
	return rc;
}

/* Step 2 of the header's order: until the catalog is written, a failure undoes the run. */
static int write_pending(struct run *r, struct err *e)
{
	struct buf list = BUF_INIT;
	char *pending = fs_join(r->s->dir, MODEL_COMPACT_PENDING_FILE);
	int rc;

	for (size_t i = 0; i < r->nolds; i++)
		buf_printf(&list, "%s\n", r->olds[i]);
	rc = fs_write_atomic(pending, list.data ? list.data : "", list.len, 0644, e);
	buf_release(&list);
	free(pending);
	return rc;
}

/* Steps 3 and 4. A failed rewrite is not undone: the catalog on disk may be the new one,
 * naming the daily files; store_open sorts out either case (the header says how). */
static int commit_run(struct run *r, struct err *e)
{
	int rc = store_catalog_rewrite(&r->s->cat, r->s->dir, NULL, e);

	if (rc)
		return rc;
	for (size_t i = 0; i < r->ndays; i++)
		if (r->days[i].tmp)
			unlink(r->days[i].tmp);
	return finish_pending(r->s, e);
}

static void run_release(struct run *r)
{
	for (size_t i = 0; i < r->nolds; i++)
		free(r->olds[i]);
	for (size_t i = 0; i < r->ndays; i++) {
		free(r->days[i].rel);
		free(r->days[i].tmp);
	}
	free(r->olds);
	free(r->days);
}

/* The groups (house, past day) of the catalog's auction entries, each compacted. */
static int compact_all(struct run *r, struct err *e)
{
	struct store_catalog *c = &r->s->cat;
	size_t *idx = xcalloc(c->n ? c->n : 1, sizeof(*idx)), n = 0;
	int rc = WOWAH_OK;

	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].kind, model_kind_name(MODEL_KIND_TOKEN)) != 0)
			idx[n++] = i;
	qsort_r(idx, n, sizeof(*idx), by_house_day, c->v);
	for (size_t a = 0, b; a < n && !rc; a = b) {
		const struct model_catalog_entry *en = &c->v[idx[a]];
		int64_t day = day_of(en->snapshot_ts),
		        latest = store_catalog_latest(c, en->region, en->flavor, en->kind,
		                                      en->realm_id, en->house_id);
		for (b = a + 1; b < n && same_house(&c->v[idx[b]], en) &&
		                day_of(c->v[idx[b]].snapshot_ts) == day;
		     b++)
			;
		if (day_of(latest) > day)
			rc = compact_group(r, idx + a, b - a, e);
	}
	free(idx);
	return rc;
}

/* The newest snapshot_ts in the catalog, written to compact-stamp: the next load compacts
 * again once a snapshot of a later day is catalogued. */
static int write_stamp(struct store *s, struct err *e)
{
	char *path = fs_join(s->dir, MODEL_COMPACT_STAMP_FILE), text[32];
	int64_t newest = 0;
	int rc;

	for (size_t i = 0; i < s->cat.n; i++)
		if (s->cat.v[i].snapshot_ts > newest)
			newest = s->cat.v[i].snapshot_ts;
	snprintf(text, sizeof(text), "%" PRId64 "\n", newest);
	rc = fs_write_atomic(path, text, strlen(text), 0644, e);
	free(path);
	return rc;
}

/* The snapshot_ts of the catalog's last complete line (read from its end: the catalog is
 * appended in the order pulls store), 0 when there is none, and for what is no regular file
 * (a FIFO would block) or a catalog of before flavours (a load does not upgrade it: the next
 * pull does, and the load after that compacts). */
static int64_t last_line_ts(const char *data_dir)
{
	char *path = fs_join(data_dir, MODEL_CATALOG_FILE), buf[4096], *end, *start;
	struct model_catalog_entry en;
	struct err ignored = {0};
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	ssize_t got = 0, head = 0;
	int64_t ts = 0;

	free(path);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		head = pread(fd, buf, sizeof(buf) - 1, 0);
		if (head > 0 && !model_catalog_is_v1(buf, (size_t)head)) {
			off_t from = st.st_size > (off_t)sizeof(buf) - 1
			                     ? st.st_size - (off_t)sizeof(buf) + 1
			                     : 0;
			got = pread(fd, buf, sizeof(buf) - 1, from);
		}
	}
	close(fd);
	if (got <= 0)
		return 0;
	buf[got] = '\0';
	end = strrchr(buf, '\n');
	if (!end)
		return 0;
	*end = '\0';
	start = strrchr(buf, '\n');
	if (start && end > buf && end[-1] == '\r')
		end[-1] = '\0';
	if (start &&
	    model_catalog_parse_line(start + 1, MODEL_CATALOG_FILE, 0, &en, &ignored) == WOWAH_OK)
		ts = en.snapshot_ts;
	return ts;
}

int store_compact_due(const char *data_dir)
{
	char *path = fs_join(data_dir, MODEL_COMPACT_STAMP_FILE), *text = NULL;
	struct err ignored = {0};
	int64_t last = last_line_ts(data_dir), stamp = -1;
	size_t len;

	if (fs_exists(path) && fs_read_file(path, &text, &len, &ignored) == WOWAH_OK)
		stamp = strtoll(text, NULL, 10);
	free(text);
	free(path);
	return last > 0 && (stamp < 0 || day_of(last) > day_of(stamp));
}

int store_compact(struct store *s, struct store_compacted *out, struct err *e)
{
	struct run r = {.s = s, .out = out};
	int rc;

	memset(out, 0, sizeof(*out));
	rc = finish_pending(s, e);
	if (!rc)
		rc = compact_all(&r, e);
	if (!rc && r.ndays && (rc = write_pending(&r, e)) == WOWAH_OK)
		rc = commit_run(&r, e);
	else if (rc && r.ndays)
		undo(&r);
	out->files_out = rc ? 0 : (int64_t)r.ndays;
	if (!rc) /* only a hint: without it the next load looks again (a full disk: the load's
	          * own write says so) */
		(void)write_stamp(s, NULL);
	run_release(&r);
	return rc;
}
