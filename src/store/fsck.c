/* fsck.c - a data dir checked against catalog.tsv, and the catalog rebuilt from the files
 * (store/fsck.h, docs/fsck.md).
 *
 * The files are listed before the catalog is read, so a check beside a running pull sees
 * a file it commits meanwhile with its line. The repair works in an order a kill cannot
 * turn into a lie: corrupt files go to quarantine/ first, the old catalog is copied to its
 * backup next, and the new catalog is written last (tmp, fsync, rename, directory fsync).
 * A kill in between leaves a catalog listing a file that is no longer there, which load
 * names and the next fsck drops; never one that lists a corrupt file as whole.
 */
#include "store/fsck.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duck/duck.h"
#include "model/catalog.h"
#include "model/datadir.h"
#include "model/keys.h"
#include "model/layout.h"
#include "store/catalog.h"
#include "store/internal.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/ts.h"

#define QUARANTINE_DIR "quarantine"

static const char *const kind_names[FSCK_NKINDS] = {
        "header", "crlf", "malformed", "duplicate", "torn", "missing", "corrupt", "orphan",
};

/* One line of catalog.tsv that parsed: where it was, and its problem (index + 1) if any. */
struct line_of {
	size_t line;
	size_t problem;
};

struct fsck {
	const char *dir;
	struct fsck_report *r;
	struct store_catalog cat; /* the lines that parsed, then the orphans catalogued */
	struct line_of *lof;      /* per entry of cat that came from catalog.tsv */
	size_t nlines;            /* ... how many did */
	char *old;                /* catalog.tsv as it was read (for the backup) */
	size_t old_len;
	char **files; /* Parquet files under auctions/ and tokens/, sorted */
	size_t nfiles, capfiles;
	struct duck duck;
	int duck_ready;
	struct store_catalog crcs; /* each file read: path, bytes and crc32 as read */
};

const char *fsck_kind_name(enum fsck_kind k)
{
	return (unsigned)k < FSCK_NKINDS ? kind_names[k] : "?";
}

static struct fsck_problem *add(struct fsck *f, enum fsck_kind k, size_t line, const char *path,
                                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static struct fsck_problem *add(struct fsck *f, enum fsck_kind k, size_t line, const char *path,
                                const char *fmt, ...)
{
	struct fsck_report *r = f->r;
	struct fsck_problem *p;
	va_list ap;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	p = &r->v[r->n++];
	memset(p, 0, sizeof(*p));
	p->kind = k;
	p->line = line;
	p->path = path ? xstrdup(path) : NULL;
	va_start(ap, fmt);
	vsnprintf(p->detail, sizeof(p->detail), fmt, ap);
	va_end(ap);
	return p;
}

/* ---- the files ---- */

static int list_file(void *ud, const char *abs, const char *rel, const char *name, struct err *e)
{
	struct fsck *f = ud;

	(void)abs;
	(void)e;
	if (!fs_has_suffix(name, ".parquet"))
		return WOWAH_OK;
	if (f->nfiles == f->capfiles) {
		f->capfiles = f->capfiles ? f->capfiles * 2 : 256;
		f->files = xrealloc(f->files, f->capfiles * sizeof(char *));
	}
	f->files[f->nfiles++] = xstrdup(rel);
	return WOWAH_OK;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- the catalog ---- */

/* 1 when en may name the file of the earlier line had (none: 1): a daily file (compaction)
 * holds every snapshot of one house and UTC day. */
static int shares_daily_file(const struct model_catalog_entry *had,
                             const struct model_catalog_entry *en)
{
	return !had || (had->realm_id == en->realm_id && had->house_id == en->house_id &&
	                strcmp(had->region, en->region) == 0 &&
	                strcmp(had->flavor, en->flavor) == 0 && strcmp(had->kind, en->kind) == 0 &&
	                had->snapshot_ts / 86400 == en->snapshot_ts / 86400);
}

/* One complete line into f->cat, or a problem; 0 when it parsed. quiet: a line that does
 * not parse is not reported (the first line, which should have been the header). */
static int take_line(struct fsck *f, char *text, size_t line, int quiet)
{
	struct model_catalog_entry en;
	struct err pe = {0};

	if (model_catalog_parse_line(text, MODEL_CATALOG_FILE, line, &en, &pe) != WOWAH_OK) {
		if (!quiet)
			add(f, FSCK_MALFORMED, line, NULL, "%s", pe.msg);
		return -1;
	}
	if (store_catalog_find(&f->cat, en.region, en.flavor, en.kind, en.realm_id, en.house_id,
	                       en.snapshot_ts) ||
	    !shares_daily_file(store_catalog_find_path(&f->cat, en.path), &en)) {
		add(f, FSCK_DUPLICATE, line, en.path,
		    "catalog.tsv line %zu repeats the snapshot or the path of an earlier line",
		    line);
		return 0;
	}
	store_catalog_add(&f->cat, &en);
	f->lof = xrealloc(f->lof, f->cat.n * sizeof(*f->lof));
	f->lof[f->cat.n - 1] = (struct line_of){line, 0};
	f->nlines = f->cat.n;
	return 0;
}

/* Every complete line that parses goes into f->cat; the others become problems. A CR
 * before a line's LF and empty lines are the format's (model/catalog.h), not problems. */
static int read_catalog(struct fsck *f, struct err *e)
{
	char *path = fs_join(f->dir, MODEL_CATALOG_FILE), *data, *p, *end;
	struct err he = {0};
	size_t line = 1, hlen, crlf = 0;
	int rc = fs_read_file(path, &f->old, &f->old_len, e), bad_header;

	free(path);
	if (rc == WOWAH_ENOTFOUND) {
		err_clear(e);
		return WOWAH_OK; /* the store creates it; only files without lines matter */
	}
	if (rc)
		return rc;
	bad_header = model_catalog_header(f->old, f->old_len, MODEL_CATALOG_FILE, &hlen, &he) != 0;
	if (bad_header) {
		add(f, FSCK_HEADER, 1, NULL, "catalog.tsv does not start with the catalog header");
		line = 0; /* its first line is read as a line, quietly */
	} else if (hlen == 0) {
		if (f->old_len)
			add(f, FSCK_TORN, 1, NULL, "catalog.tsv is a header cut short");
		return WOWAH_OK;
	}
	data = xmalloc(f->old_len + 1);
	memcpy(data, f->old, f->old_len + 1);
	for (p = data + hlen, end = data + f->old_len; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		line++;
		if (!nl) {
			add(f, FSCK_TORN, line, NULL,
			    "catalog.tsv line %zu has no newline (a write that was killed)", line);
			break;
		}
		*nl = '\0';
		if (nl > p && nl[-1] == '\r') {
			nl[-1] = '\0';
			crlf++;
		}
		if (*p)
			take_line(f, p, line, line == 1);
		p = nl + 1;
	}
	f->r->lines = bad_header ? line : line - 1;
	if (crlf || (hlen >= 2 && f->old[hlen - 2] == '\r'))
		add(f, FSCK_CRLF, 0, NULL, "lines of catalog.tsv end in CR LF");
	free(data);
	return WOWAH_OK;
}

/* fs_crc32_file once per file: a daily file (compaction) has a line per snapshot. */
static int file_crc(struct fsck *f, const char *abs, const char *rel, uint32_t *crc, int64_t *size,
                    struct err *e)
{
	const struct model_catalog_entry *had = store_catalog_find_path(&f->crcs, rel);
	struct model_catalog_entry en = {0};
	int rc;

	if (had) {
		*crc = had->crc32;
		*size = had->bytes;
		return WOWAH_OK;
	}
	rc = fs_crc32_file(abs, crc, size, e);
	if (rc)
		return rc;
	en.path = (char *)rel;
	en.crc32 = *crc;
	en.bytes = *size;
	store_catalog_add(&f->crcs, &en);
	return WOWAH_OK;
}

/* Size and crc32 of the file of entry i against its line. */
static int check_entry(struct fsck *f, size_t i, struct err *e)
{
	const struct model_catalog_entry *en = &f->cat.v[i];
	char *abs = fs_join(f->dir, en->path);
	struct fsck_problem *p = NULL;
	struct stat st;
	uint32_t crc;
	int64_t size;
	int rc = WOWAH_OK, gone;

	f->r->checked++;
	gone = stat(abs, &st) != 0;
	if (gone && errno != ENOENT)
		rc = err_errno(e, WOWAH_EIO, errno, "cannot stat '%s'", en->path);
	else if (gone)
		p = add(f, FSCK_MISSING, f->lof[i].line, en->path,
		        "catalog.tsv line %zu lists it; it is not there", f->lof[i].line);
	else if (!S_ISREG(st.st_mode))
		p = add(f, FSCK_MISSING, f->lof[i].line, en->path,
		        "catalog.tsv line %zu lists it; it is not a regular file", f->lof[i].line);
	else if ((int64_t)st.st_size != en->bytes)
		p = add(f, FSCK_CORRUPT, f->lof[i].line, en->path,
		        "%lld bytes, catalog.tsv line %zu says %lld", (long long)st.st_size,
		        f->lof[i].line, (long long)en->bytes);
	else if ((rc = file_crc(f, abs, en->path, &crc, &size, e)) == WOWAH_OK && crc != en->crc32)
		p = add(f, FSCK_CORRUPT, f->lof[i].line, en->path,
		        "crc32 %08x, catalog.tsv line %zu says %08x", crc, f->lof[i].line,
		        en->crc32);
	else if (rc == WOWAH_OK)
		f->r->ok++;
	if (p)
		f->lof[i].problem = (size_t)(p - f->r->v) + 1;
	free(abs);
	return rc;
}

/* ---- the repair ---- */

/* Moves p's file to quarantine/<its path> (with .1, .2, ... when that is taken). */
static int quarantine(struct fsck *f, struct fsck_problem *p, struct err *e)
{
	struct buf rel = BUF_INIT;
	char *src = fs_join(f->dir, p->path), *dst = NULL, *dir;
	int rc;

	for (int i = 0;; i++) {
		buf_reset(&rel);
		buf_printf(&rel, "%s/%s", QUARANTINE_DIR, p->path);
		if (i)
			buf_printf(&rel, ".%d", i);
		free(dst);
		dst = fs_join(f->dir, rel.data);
		if (!fs_exists(dst))
			break;
	}
	dir = xstrdup(dst);
	*strrchr(dir, '/') = '\0';
	rc = fs_mkdirs(dir, e);
	if (rc == WOWAH_OK)
		rc = fs_commit(src, dst, e);
	if (rc == WOWAH_OK)
		rc = fs_fsync_dir_of(src, e);
	if (rc == WOWAH_OK) {
		p->fix = FSCK_FIX_QUARANTINED;
		p->moved_to = buf_detach(&rel, NULL);
	}
	buf_release(&rel);
	free(src);
	free(dst);
	free(dir);
	return rc;
}

/* "20261127T130412Z" to seconds; -1 when it is not one. */
static int parse_compact(const char *s, int64_t *out)
{
	char iso[TS_ISO_LEN];

	if (strlen(s) != 16)
		return -1;
	snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", s, s + 4, s + 6, s + 9, s + 11,
	         s + 13);
	return ts_parse_iso(iso, out);
}

/* The key of a token path: tokens/region=R/TS.parquet (retail) or
 * tokens/region=R/flavor=F/TS.parquet. */
static int token_key(const char *path, struct model_catalog_entry *out)
{
	char region[8], flavor[12] = "retail", stamp[17], expect[MODEL_PATH_MAX];
	int fl;
	int64_t ts;

	if (sscanf(path, MODEL_TOKENS_DIR "/region=%7[a-z]/flavor=%11[a-z0-9]/%16[0-9TZ]", region,
	           flavor, stamp) != 3 &&
	    sscanf(path, MODEL_TOKENS_DIR "/region=%7[a-z]/%16[0-9TZ]", region, stamp) != 2)
		return -1;
	fl = model_flavor_parse(flavor);
	if (fl < 0 || parse_compact(stamp, &ts) != 0)
		return -1;
	model_token_path(expect, sizeof(expect), region, fl, ts);
	*out = store_catalog_key(region, flavor, model_kind_name(MODEL_KIND_TOKEN), 0, 0, ts);
	return strcmp(expect, path) == 0 ? 0 : -1;
}

/* The snapshot key of a path the store writes; -1 for any other path. Parsed loosely,
 * then accepted only when the store would write that very path for that key. The kind
 * directory names the market (model_market_name): a Classic flavour's houses are kind
 * classic of that flavour. */
static int key_of_path(const char *path, struct model_catalog_entry *out)
{
	char region[8], market[12], stamp[17], expect[MODEL_PATH_MAX];
	int realm = 0, house = 0, n = 0, k, fl;
	int64_t ts;

	if (strncmp(path, MODEL_TOKENS_DIR "/", strlen(MODEL_TOKENS_DIR "/")) == 0)
		return token_key(path, out);
	if (sscanf(path,
	           MODEL_AUCTIONS_DIR
	           "/region=%7[a-z]/kind=%11[a-z0-9]/date=%*10[0-9-]/realm_id=%d/"
	           "%16[0-9TZ]%n",
	           region, market, &realm, stamp, &n) != 4 ||
	    parse_compact(stamp, &ts) != 0)
		return -1;
	if (strncmp(path + n, "-h", 2) == 0)
		house = atoi(path + n + 2);
	fl = model_market_flavor(market);
	k = fl == MODEL_FLAVOR_RETAIL ? model_kind_parse(market) : MODEL_KIND_CLASSIC;
	if (fl < 0 || k < 0 || k == MODEL_KIND_TOKEN || house < 0)
		return -1;
	model_auction_path(expect, sizeof(expect), region, fl, k, realm, house, ts);
	*out = store_catalog_key(region, model_flavor_name(fl), model_kind_name(k), realm, house,
	                         ts);
	return strcmp(expect, path) == 0 ? 0 : -1;
}

/* Rows (from the Parquet metadata) and whether the file's own columns name the key's
 * snapshot; a file DuckDB cannot read is an error. why says what disagrees. */
static int read_file(struct fsck *f, const char *abs, const struct model_catalog_entry *key,
                     int64_t *rows, char *why, size_t cap, struct err *e)
{
	int token = strcmp(key->kind, "token") == 0;
	char *q = duck_quote(abs);
	struct buf sql = BUF_INIT;
	duckdb_result res;
	int rc;

	buf_printf(&sql, "SELECT coalesce(sum(num_rows), 0)::BIGINT FROM parquet_file_metadata(%s)",
	           q);
	if ((rc = duck_query(&f->duck, sql.data, &res, e)) == WOWAH_OK) {
		*rows = duckdb_value_int64(&res, 0, 0);
		duckdb_destroy_result(&res);
	}
	buf_reset(&sql);
	buf_printf(&sql,
	           "SELECT DISTINCT epoch(%s)::BIGINT, region::VARCHAR, %s, %s FROM "
	           "read_parquet(%s, hive_partitioning = false) LIMIT 2",
	           token ? "last_updated" : "snapshot_ts", token ? "0" : "realm_id",
	           token ? "0" : "coalesce(auction_house_id, 0)", q);
	if (rc == WOWAH_OK && (rc = duck_query(&f->duck, sql.data, &res, e)) == WOWAH_OK) {
		idx_t n = duckdb_row_count(&res);
		char *region = n == 1 ? duckdb_value_varchar(&res, 1, 0) : NULL;

		why[0] = '\0';
		if (n > 1)
			snprintf(why, cap, "its rows are of more than one snapshot");
		else if (n == 1 && (duckdb_value_int64(&res, 0, 0) != key->snapshot_ts || !region ||
		                    strcmp(region, key->region) != 0 ||
		                    duckdb_value_int64(&res, 2, 0) != key->realm_id ||
		                    duckdb_value_int64(&res, 3, 0) != key->house_id))
			snprintf(why, cap, "its columns name another snapshot than its path");
		else if (n == 0 && *rows != 0)
			snprintf(why, cap, "its metadata and its rows disagree");
		duckdb_free(region);
		duckdb_destroy_result(&res);
	}
	free(q);
	buf_release(&sql);
	return rc;
}

/* Gives the orphan p a catalog line from its file; a file that cannot be read goes to
 * quarantine, one that does not say what it is stays where it is (p->detail says why). */
static int adopt(struct fsck *f, struct fsck_problem *p, struct err *e)
{
	char *abs = fs_join(f->dir, p->path), why[128];
	const struct model_catalog_entry *had;
	struct model_catalog_entry en;
	struct err fe = {0};
	struct stat st;
	int rc = WOWAH_OK;

	if (!f->duck_ready) {
		rc = duck_open(&f->duck, NULL, e);
		if (rc) {
			free(abs);
			return rc;
		}
		f->duck_ready = 1;
	}
	if (key_of_path(p->path, &en) != 0) {
		snprintf(p->detail, sizeof(p->detail),
		         "not a file name wowah writes: left where it is (move it out of auctions/ "
		         "and tokens/)");
	} else if ((had = store_catalog_find(&f->cat, en.region, en.flavor, en.kind, en.realm_id,
	                                     en.house_id, en.snapshot_ts))) {
		snprintf(p->detail, sizeof(p->detail),
		         "its snapshot is catalogued already, as %.100s: left where it is",
		         had->path);
	} else if (stat(abs, &st) != 0) {
		rc = err_errno(e, WOWAH_EIO, errno, "cannot stat '%s'", p->path);
	} else if (read_file(f, abs, &en, &en.rows, why, sizeof(why), &fe) != WOWAH_OK) {
		if (fe.code != WOWAH_EDB) {
			rc = fe.code;
			if (e)
				*e = fe;
		} else {
			snprintf(p->detail, sizeof(p->detail),
			         "not readable as a snapshot (%.120s)", fe.msg);
			rc = quarantine(f, p, e);
		}
	} else if (why[0]) {
		snprintf(p->detail, sizeof(p->detail), "%s: left where it is", why);
	} else if ((rc = fs_crc32_file(abs, &en.crc32, &en.bytes, e)) == WOWAH_OK) {
		en.fetched_at = (int64_t)st.st_mtime;
		en.path = p->path;
		store_catalog_add(&f->cat, &en);
		p->fix = FSCK_FIX_CATALOGUED;
	}
	free(abs);
	return rc;
}

/* catalog.tsv.<now>.bak (then -2, -3, ... in the same second): the old catalog's bytes. */
static int backup(struct fsck *f, struct err *e)
{
	char now[TS_COMPACT_LEN];
	struct buf rel = BUF_INIT;
	char *abs = NULL;
	int rc;

	ts_format_compact(ts_now(), now);
	for (int i = 1;; i++) {
		buf_reset(&rel);
		buf_printf(&rel, "%s.%s", MODEL_CATALOG_FILE, now);
		if (i > 1)
			buf_printf(&rel, "-%d", i);
		buf_puts(&rel, ".bak");
		free(abs);
		abs = fs_join(f->dir, rel.data);
		if (!fs_exists(abs))
			break;
	}
	rc = fs_write_atomic(abs, f->old, f->old_len, 0644, e);
	if (rc == WOWAH_OK)
		f->r->backup = buf_detach(&rel, NULL);
	buf_release(&rel);
	free(abs);
	return rc;
}

static int rewrite(struct fsck *f, struct err *e)
{
	struct buf out = BUF_INIT;
	char *path = fs_join(f->dir, MODEL_CATALOG_FILE);
	int rc = WOWAH_OK;

	buf_puts(&out, MODEL_CATALOG_HEADER);
	for (size_t i = 0; i < f->cat.n; i++) {
		if (i < f->nlines && f->lof[i].problem)
			continue;
		model_catalog_format(&out, &f->cat.v[i]);
		f->r->new_lines++;
	}
	if (f->old_len)
		rc = backup(f, e);
	if (rc == WOWAH_OK)
		rc = fs_write_atomic(path, out.data, out.len, 0644, e);
	if (rc == WOWAH_OK)
		f->r->rewritten = 1;
	buf_release(&out);
	free(path);
	return rc;
}

static int repair(struct fsck *f, struct err *e)
{
	static const enum fsck_fix line_fix[FSCK_NKINDS] = {
	        [FSCK_HEADER] = FSCK_FIX_REWRITTEN,  [FSCK_CRLF] = FSCK_FIX_REWRITTEN,
	        [FSCK_MALFORMED] = FSCK_FIX_DROPPED, [FSCK_DUPLICATE] = FSCK_FIX_DROPPED,
	        [FSCK_TORN] = FSCK_FIX_DROPPED,      [FSCK_MISSING] = FSCK_FIX_DROPPED,
	};
	size_t changed = 0;
	int rc = WOWAH_OK;

	for (size_t i = 0; rc == WOWAH_OK && i < f->r->n; i++) {
		struct fsck_problem *p = &f->r->v[i];

		if (p->kind == FSCK_CORRUPT)
			rc = quarantine(f, p, e);
		else if (p->kind == FSCK_ORPHAN)
			rc = adopt(f, p, e);
		else
			p->fix = line_fix[p->kind];
		changed += p->fix != FSCK_FIX_NONE;
	}
	return rc == WOWAH_OK && changed ? rewrite(f, e) : rc;
}

/* ---- the whole run ---- */

static int check(struct fsck *f, struct err *e)
{
	int rc = store_walk(f->dir, MODEL_AUCTIONS_DIR, list_file, f, e);

	if (rc == WOWAH_OK)
		rc = store_walk(f->dir, MODEL_TOKENS_DIR, list_file, f, e);
	if (rc)
		return rc;
	/* qsort of NULL is undefined, even of 0 elements (a data dir pruned empty) */
	if (f->nfiles)
		qsort(f->files, f->nfiles, sizeof(char *), str_cmp);
	f->r->files = f->nfiles;
	rc = read_catalog(f, e);
	for (size_t i = 0; rc == WOWAH_OK && i < f->nlines; i++)
		rc = check_entry(f, i, e);
	for (size_t i = 0; rc == WOWAH_OK && i < f->nfiles; i++)
		if (!store_catalog_has_path(&f->cat, f->files[i]))
			add(f, FSCK_ORPHAN, 0, f->files[i], "not in catalog.tsv");
	return rc;
}

int fsck_run(const char *data_dir, int repair_it, struct fsck_report **out, struct err *e)
{
	struct fsck f = {.dir = data_dir};
	struct err le = {0};
	struct stat st;
	char *lock;
	int fd, rc, readonly;

	*out = NULL;
	rc = model_data_dir_check(data_dir, repair_it ? MODEL_DIR_WRITE : MODEL_DIR_READ, e);
	if (rc)
		return rc;
	if (stat(data_dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return err_set(e, WOWAH_ENOTFOUND, "'%s' is not a data dir (see --data-dir)",
		               data_dir);
	lock = fs_join(data_dir, MODEL_LOCK_FILE);
	fd = fs_lock(lock, &le);
	free(lock);
	/* a check only reads, so it runs beside a writer, and without the lock where no one
	 * can write (a read-only data dir: the repair was refused above); a repair does not */
	readonly = access(data_dir, W_OK) != 0;
	if (fd < 0 && !readonly && (repair_it || le.code != WOWAH_ELOCKED)) {
		if (e)
			*e = le;
		return le.code;
	}
	f.r = xcalloc(1, sizeof(*f.r));
	f.r->locked = fd < 0 && !readonly;
	store_catalog_init(&f.cat);
	store_catalog_init(&f.crcs);
	rc = check(&f, e);
	if (rc == WOWAH_OK && repair_it)
		rc = repair(&f, e);
	if (fd >= 0)
		close(fd);
	if (f.duck_ready)
		duck_close(&f.duck);
	for (size_t i = 0; i < f.nfiles; i++)
		free(f.files[i]);
	free(f.files);
	free(f.lof);
	free(f.old);
	store_catalog_release(&f.cat);
	store_catalog_release(&f.crcs);
	if (rc) {
		fsck_report_free(f.r);
		return rc;
	}
	*out = f.r;
	return WOWAH_OK;
}

void fsck_report_free(struct fsck_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].path);
		free(r->v[i].moved_to);
	}
	free(r->v);
	free(r->backup);
	free(r);
}

size_t fsck_count(const struct fsck_report *r, enum fsck_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].kind == k;
	return n;
}

size_t fsck_unrepaired(const struct fsck_report *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].fix == FSCK_FIX_NONE;
	return n;
}
