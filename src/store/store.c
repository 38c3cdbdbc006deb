/* store.c - opening a data dir (lock, catalog, leftovers), the atomic Parquet write, and
 * the auction snapshots.
 *
 * DuckDB runs in memory here: it is only the Parquet writer. It gets one thread (a second
 * one made the 2-core machine slower: the table function feeds one stream, and pull's
 * downloads want the other core) and a memory limit, so a write costs about one
 * snapshot's rows and a row group, never the JSON. Opening it takes about 20 ms, so
 * store_open starts that on a thread of its own and the first use waits for it: the
 * caller parses its first body meanwhile.
 */
#include "store/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/keys.h"
#include "model/datadir.h"
#include "model/layout.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/ts.h"

/* Measured on the 2020 realm dump and a 420k-row commodities body (docs/storage.md has
 * the numbers): V2 pages, and a dictionary only for columns with few distinct values
 * (item ids sort into runs that delta encoding stores in a fraction of a dictionary's
 * size). Realm and Classic files are one row group at zstd level 15 (6.86 bytes a row
 * on the 2020 dump, 8.5 at the defaults). Commodities files do not shrink past level 3,
 * and DuckDB holds a whole row group in memory while writing it, so they use the cheap
 * level and 32k-row groups: peak memory 91 MB instead of 147 MB for 4% more bytes. */
#define PARQUET_OPTIONS \
	"FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2, DICTIONARY_SIZE_LIMIT 4000"
#define LEVEL_SMALL     15
#define LEVEL_BIG       3
#define ROW_GROUP_SMALL 1000000
#define ROW_GROUP_BIG   32768

/* The length of <final> when name is <final>.<pid>.tmp (the tmp names of the store and of
 * fs_write_atomic), else 0. */
static size_t tmp_final_len(const char *name)
{
	const char *end, *p;

	if (!fs_has_suffix(name, FS_TMP_SUFFIX))
		return 0;
	end = p = name + strlen(name) - strlen(FS_TMP_SUFFIX);
	while (p > name && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p == end || p - 1 <= name || p[-1] != '.')
		return 0;
	return (size_t)(p - 1 - name);
}

/* 1 when name is one of the store's own temporary names, <final>.parquet.<pid>.tmp: a
 * file a killed run was writing, the only kind the store ever removes by itself. */
static int own_tmp(const char *name)
{
	size_t n = tmp_final_len(name), m = strlen(".parquet");

	return n > m && strncmp(name + n - m, ".parquet", m) == 0;
}

/* 1 when name is <final>.<pid>.tmp for the root file final. */
static int root_tmp_of(const char *name, size_t n, const char *final)
{
	return n == strlen(final) && strncmp(name, final, n) == 0;
}

/* The same for the files written atomically at the top of the data dir: the OAuth token
 * cache, compaction's pending list and stamp, the catalog and its backups (`wowah fsck
 * --repair`). */
static int own_root_tmp(const char *name)
{
	size_t n = tmp_final_len(name), c = strlen(MODEL_CATALOG_FILE);

	if (root_tmp_of(name, n, MODEL_OAUTH_FILE) ||
	    root_tmp_of(name, n, MODEL_COMPACT_PENDING_FILE) ||
	    root_tmp_of(name, n, MODEL_COMPACT_STAMP_FILE))
		return 1;
	return n >= c && strncmp(name, MODEL_CATALOG_FILE, c) == 0 &&
	       (n == c || (name[c] == '.' && n > c + 4 && strncmp(name + n - 4, ".bak", 4) == 0));
}

int store_walk(const char *data_dir, const char *rel, store_visit_fn visit, void *ud, struct err *e)
{
	char *abs = fs_join(data_dir, rel);
	DIR *d = opendir(abs);
	struct dirent *de;
	int rc = WOWAH_OK;

	free(abs);
	if (!d)
		return errno == ENOENT ? WOWAH_OK
		                       : err_errno(e, WOWAH_EIO, errno, "cannot read '%s'", rel);
	while (rc == WOWAH_OK && (de = readdir(d))) {
		char *crel, *cabs;
		struct stat st;
		unsigned char type = de->d_type;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		crel = fs_join(rel, de->d_name);
		cabs = fs_join(data_dir, crel);
		/* The directory entry's type when the file system gives it: no lstat() of
		 * every stored file at each open (issue 10). */
		if (type != DT_DIR && type != DT_REG) {
			if (lstat(cabs, &st) == 0)
				type = S_ISDIR(st.st_mode)   ? DT_DIR
				       : S_ISREG(st.st_mode) ? DT_REG
				                             : DT_UNKNOWN;
			else if (errno ==
			         ENOENT) /* removed meanwhile, by the visit of its other name */
				type = DT_UNKNOWN;
			else
				rc = err_errno(e, WOWAH_EIO, errno, "cannot stat '%s'", crel);
		}
		if (rc == WOWAH_OK && type == DT_DIR)
			rc = store_walk(data_dir, crel, visit, ud, e);
		else if (rc == WOWAH_OK && type == DT_REG)
			rc = visit(ud, cabs, crel, de->d_name, e);
		free(crel);
		free(cabs);
	}
	closedir(d);
	return rc;
}

struct sweep {
	struct store *s;
	int catalogued;
	char **linked; /* orphans counted that have a second name (a tmp one, maybe) */
	size_t nlinked;
};

/* Forgets the orphan rel if it was counted: its tmp name's visit removed it. */
static void uncount(struct sweep *w, const char *rel)
{
	for (size_t i = 0; i < w->nlinked; i++)
		if (strcmp(w->linked[i], rel) == 0) {
			w->s->orphans--;
			return;
		}
}

/* A tmp file of the store's own is removed. When it is the second name of an uncatalogued
 * snapshot file (store_copy_parquet links snapshot files into place and drops the tmp name
 * only after the catalog line), the run was killed between the two: that file is the
 * store's own interrupted write and goes too. */
static int sweep_tmp(struct sweep *w, const char *abs, const char *rel, struct err *e)
{
	char *final_abs = xstrdup(abs), *final_rel = xstrdup(rel);
	struct stat tmp_st, final_st;
	int rc = WOWAH_OK;

	/* <final>.<pid>.tmp: cut the last two dots' parts */
	for (int i = 0; i < 2; i++) {
		*strrchr(final_abs, '.') = '\0';
		*strrchr(final_rel, '.') = '\0';
	}
	if (w->catalogued && lstat(abs, &tmp_st) == 0 && lstat(final_abs, &final_st) == 0 &&
	    tmp_st.st_ino == final_st.st_ino && tmp_st.st_dev == final_st.st_dev &&
	    !store_catalog_has_path(&w->s->cat, final_rel)) {
		if (unlink(final_abs) != 0)
			rc = err_errno(e, WOWAH_EIO, errno, "cannot remove leftover '%s'",
			               final_rel);
		else
			uncount(w, final_rel);
	}
	if (rc == WOWAH_OK && unlink(abs) != 0)
		rc = err_errno(e, WOWAH_EIO, errno, "cannot remove leftover '%s'", rel);
	free(final_abs);
	free(final_rel);
	return rc;
}

/* Removes the store's own tmp files and, in a catalogued tree, counts the Parquet files
 * the catalog does not list. Those are kept: a damaged catalog must never cost stored
 * history (issue 12); `wowah fsck` deals with them. */
static int sweep_file(void *ud, const char *abs, const char *rel, const char *name, struct err *e)
{
	struct sweep *w = ud;
	struct stat st;

	if (own_tmp(name))
		return sweep_tmp(w, abs, rel, e);
	if (!w->catalogued || !fs_has_suffix(name, ".parquet") ||
	    store_catalog_has_path(&w->s->cat, rel))
		return WOWAH_OK;
	if (lstat(abs, &st) != 0) /* removed meanwhile, by the visit of its tmp name */
		return errno == ENOENT ? WOWAH_OK
		                       : err_errno(e, WOWAH_EIO, errno, "cannot stat '%s'", rel);
	w->s->orphans++;
	if (st.st_nlink > 1) {
		w->linked = xrealloc(w->linked, (w->nlinked + 1) * sizeof(char *));
		w->linked[w->nlinked++] = xstrdup(rel);
	}
	return WOWAH_OK;
}

static int sweep(struct store *s, const char *rel, int catalogued, struct err *e)
{
	struct sweep w = {s, catalogued, NULL, 0};
	int rc = store_walk(s->dir, rel, sweep_file, &w, e);

	for (size_t i = 0; i < w.nlinked; i++)
		free(w.linked[i]);
	free(w.linked);
	return rc;
}

/* The top of the data dir holds no Parquet file: only own_root_tmp() names go. */
static int sweep_root(struct store *s, struct err *e)
{
	DIR *d = opendir(s->dir);
	struct dirent *de;
	int rc = WOWAH_OK;

	if (!d)
		return err_errno(e, WOWAH_EIO, errno, "cannot read '%s'", s->dir);
	while (rc == WOWAH_OK && (de = readdir(d))) {
		char *abs;
		struct stat st;

		if (!own_root_tmp(de->d_name))
			continue;
		abs = fs_join(s->dir, de->d_name);
		if (lstat(abs, &st) == 0 && S_ISREG(st.st_mode) && unlink(abs) != 0)
			rc = err_errno(e, WOWAH_EIO, errno, "cannot remove leftover '%s'",
			               de->d_name);
		free(abs);
	}
	closedir(d);
	return rc;
}

static int remove_leftovers(struct store *s, struct err *e)
{
	int rc = sweep_root(s, e);
	if (rc == WOWAH_OK)
		rc = sweep(s, MODEL_AUCTIONS_DIR, 1, e);
	if (rc == WOWAH_OK)
		rc = sweep(s, MODEL_TOKENS_DIR, 1, e);
	if (rc == WOWAH_OK)
		rc = sweep(s, MODEL_REALMS_DIR, 0, e);
	if (rc == WOWAH_OK)
		rc = sweep(s, MODEL_ITEMS_DIR, 0, e);
	if (rc == WOWAH_OK)
		rc = sweep(s, MODEL_PETS_DIR, 0, e);
	return rc;
}

size_t store_orphans(const struct store *s)
{
	return s->orphans;
}

static int open_conn(struct store *s, struct err *e)
{
	int rc = duck_open_serial(&s->duck, NULL, e);

	if (rc)
		return rc;
	rc = duck_exec(&s->duck, "SET memory_limit = '1GB'", e);
	if (rc == WOWAH_OK)
		rc = store_register_rows(s, s->duck.conn, e);
	if (rc) {
		duck_close(&s->duck);
		return rc;
	}
	s->duck_ready = 1;
	return WOWAH_OK;
}

static void *open_duck(void *arg)
{
	struct store *s = arg;

	s->open_rc = open_conn(s, &s->open_err);
	return NULL;
}

/* Joins the opener thread; its failure is reported once, by the caller of store_duck. */
static int wait_duck(struct store *s)
{
	if (!s->opening)
		return WOWAH_OK;
	pthread_join(s->opener, NULL);
	s->opening = 0;
	return s->open_rc;
}

/* A load holds the data dir's lock while it compacts (store_open_compacting notes it in the
 * lock file right after taking it): a matter of seconds once a day, which a pull or an
 * import waits for rather than fail as it does beside another writer. */
static int held_by_compaction(const char *path)
{
	char *note = NULL;
	int yes = fs_read_file(path, &note, NULL, NULL) == 0 &&
	          strncmp(note, STORE_LOCK_COMPACTING, strlen(STORE_LOCK_COMPACTING)) == 0;

	free(note);
	return yes;
}

static int lock_data_dir(const char *path, const char *note, struct err *e)
{
	struct err mine = {0};
	int fd = fs_lock(path, &mine);

	if (fd >= 0 && note) /* a hint: unwritten (a full disk), a writer fails as before */
		(void)fs_lock_note(fd, note);
	if (fd >= 0)
		return fd;
	/* the note follows the compactor's flock by a write: look again for a moment */
	for (int i = 0; !note && mine.code == WOWAH_ELOCKED && i < 10; i++) {
		if (held_by_compaction(path))
			return fs_lock_wait(path, e);
		usleep(10 * 1000);
	}
	if (e)
		*e = mine;
	return -1;
}

static int open_store(const char *data_dir, const char *note, struct store **out, struct err *e);

int store_open(const char *data_dir, struct store **out, struct err *e)
{
	return open_store(data_dir, NULL, out, e);
}

int store_open_compacting(const char *data_dir, struct store **out, struct err *e)
{
	return open_store(data_dir, STORE_LOCK_COMPACTING "\n", out, e);
}

static int open_store(const char *data_dir, const char *note, struct store **out, struct err *e)
{
	struct store *s = xcalloc(1, sizeof(*s));
	char *path;
	int rc;

	*out = NULL;
	s->lock_fd = -1;
	s->cat.fd = -1;
	s->dir = xstrdup(data_dir);
	rc = model_data_dir_check(data_dir, MODEL_DIR_CREATE, e);
	if (!rc)
		rc = fs_mkdirs(data_dir, e);
	if (rc) {
		store_close(s);
		return rc;
	}
	path = fs_join(data_dir, MODEL_LOCK_FILE);
	s->lock_fd = lock_data_dir(path, note, e);
	free(path);
	if (s->lock_fd < 0) {
		store_close(s);
		return e ? e->code : WOWAH_ELOCKED;
	}
	path = fs_join(data_dir, MODEL_CATALOG_FILE);
	rc = store_catalog_open(&s->cat, path, e);
	free(path);
	if (rc == WOWAH_OK)
		rc = remove_leftovers(s, e);
	if (rc) {
		store_close(s);
		return rc;
	}
	/* without the thread, store_duck opens the connection when it is first needed */
	s->opening = pthread_create(&s->opener, NULL, open_duck, s) == 0;
	*out = s;
	return WOWAH_OK;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	wait_duck(s);
	if (s->duck_ready)
		duck_close(&s->duck);
	store_catalog_release(&s->cat);
	free(s->linked);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	for (int fl = 0; fl < MODEL_NFLAVORS; fl++)
		free(s->items[fl].ids);
	free(s->pets.ids);
	free(s->dir);
	free(s);
}

const char *store_dir(const struct store *s)
{
	return s->dir;
}

int store_duck(struct store *s, struct duck **out, struct err *e)
{
	int rc = wait_duck(s);

	if (rc) {
		if (e)
			*e = s->open_err;
		return rc;
	}
	if (!s->duck_ready) {
		rc = open_conn(s, e);
		if (rc)
			return rc;
	}
	*out = &s->duck;
	return WOWAH_OK;
}

/* 1 for a path in a catalogued tree (auctions/, tokens/): a snapshot file. */
static int snapshot_file(const char *rel)
{
	return strncmp(rel, MODEL_AUCTIONS_DIR "/", strlen(MODEL_AUCTIONS_DIR "/")) == 0 ||
	       strncmp(rel, MODEL_TOKENS_DIR "/", strlen(MODEL_TOKENS_DIR "/")) == 0;
}

/* Puts a written and fsynced tmp file at final. Realm and item files are renamed into
 * place. A snapshot file is linked instead, and keeps its tmp name until
 * store_record_file has written its line: a kill in between leaves one file under both
 * names, which store_open knows for its own interrupted write. A file already at a
 * snapshot's path (it has no catalog line: the caller checked) is never replaced: the
 * same bytes are used as they are, other bytes are an error. */
static int commit(struct store *s, const char *tmp, const char *final, const char *rel,
                  uint32_t crc, int64_t bytes, struct err *e)
{
	uint32_t had_crc;
	int64_t had_bytes;
	int rc;

	if (!snapshot_file(rel))
		return fs_commit(tmp, final, e);
	if (link(tmp, final) == 0) {
		rc = fs_fsync_dir_of(final, e);
		if (rc) {
			unlink(final);
			return rc;
		}
		s->linked = xstrdup(tmp);
		return WOWAH_OK;
	}
	if (errno != EEXIST) /* a file system without hard links */
		return fs_commit(tmp, final, e);
	rc = fs_crc32_file(final, &had_crc, &had_bytes, e);
	if (rc == WOWAH_OK && (had_crc != crc || had_bytes != bytes))
		rc = err_set(e, WOWAH_EIO,
		             "'%s' is there already, not in catalog.tsv, with other bytes: nothing "
		             "was overwritten; run 'wowah fsck' to see it",
		             rel);
	if (rc == WOWAH_OK)
		unlink(tmp);
	return rc;
}

/* A write that failed for want of space (DuckDB's words carry the system's): one line
 * that says so and names the file, WOWAH_ENOSPACE, so a pull stops instead of failing
 * every snapshot after it in turn. */
static int disk_full(int rc, const char *path, struct err *e)
{
	if (!rc || !e || (!strstr(e->msg, strerror(ENOSPC)) && !strstr(e->msg, strerror(EDQUOT))))
		return rc;
	return fs_err_full(e, strstr(e->msg, strerror(EDQUOT)) ? EDQUOT : ENOSPC, path,
	                   " and run again");
}

int store_copy_parquet(struct store *s, const char *query, const char *rel, int big,
                       struct store_result *out, uint32_t *out_crc, struct err *e)
{
	return store_copy_parquet_rg(s, query, rel, big, big ? ROW_GROUP_BIG : ROW_GROUP_SMALL, out,
	                             out_crc, e);
}

int store_copy_parquet_rg(struct store *s, const char *query, const char *rel, int big,
                          int row_group, struct store_result *out, uint32_t *out_crc, struct err *e)
{
	char *final = fs_join(s->dir, rel), *dir = xstrdup(final), *quoted;
	struct buf tmp = BUF_INIT, sql = BUF_INIT;
	struct duck *d;
	int rc;

	*strrchr(dir, '/') = '\0';
	buf_printf(&tmp, "%s.%ld%s", final, (long)getpid(), FS_TMP_SUFFIX);
	quoted = duck_quote(tmp.data);
	buf_printf(&sql, "COPY (%s) TO %s (%s, COMPRESSION_LEVEL %d, ROW_GROUP_SIZE %d)", query,
	           quoted, PARQUET_OPTIONS, big ? LEVEL_BIG : LEVEL_SMALL, row_group);
	rc = fs_mkdirs(dir, e);
	if (rc == WOWAH_OK)
		rc = store_duck(s, &d, e);
	if (rc == WOWAH_OK)
		rc = duck_exec(d, sql.data, e);
	if (rc == WOWAH_OK)
		rc = fs_fsync_path(tmp.data, e);
	if (rc == WOWAH_OK)
		rc = fs_crc32_file(tmp.data, out_crc, &out->bytes, e);
	if (rc == WOWAH_OK)
		rc = commit(s, tmp.data, final, rel, *out_crc, out->bytes, e);
	if (rc) {
		unlink(tmp.data);
		rc = disk_full(rc, final, e);
	} else {
		snprintf(out->path, sizeof(out->path), "%s", rel);
	}
	free(quoted);
	free(final);
	free(dir);
	buf_release(&tmp);
	buf_release(&sql);
	return rc;
}

int store_known(const struct store *s, const struct model_catalog_entry *key,
                struct store_result *out)
{
	const struct model_catalog_entry *old =
	        store_catalog_find(&s->cat, key->region, key->flavor, key->kind, key->realm_id,
	                           key->house_id, key->snapshot_ts);

	if (!old)
		return 0;
	out->duplicate = 1;
	out->rows = old->rows;
	out->bytes = old->bytes;
	snprintf(out->path, sizeof(out->path), "%s", old->path);
	return 1;
}

int store_record_file(struct store *s, const struct model_catalog_entry *key, int64_t fetched_at,
                      const struct store_result *res, uint32_t crc, struct err *e)
{
	struct model_catalog_entry en = *key;
	char *linked = s->linked;
	int rc;

	en.fetched_at = fetched_at;
	en.rows = res->rows;
	en.bytes = res->bytes;
	en.crc32 = crc;
	en.path = (char *)res->path;
	rc = store_catalog_append(&s->cat, &en, e);
	if (rc) {
		char *cat = fs_join(s->dir, MODEL_CATALOG_FILE);
		rc = disk_full(rc, cat, e);
		free(cat);
	}
	s->linked = NULL;
	if (!linked)
		return rc;
	/* the file's second name goes once its line is there; without a line the file is
	 * this run's failed write, and goes entirely */
	if (rc) {
		char *final = fs_join(s->dir, res->path);
		unlink(final);
		free(final);
	}
	unlink(linked);
	free(linked);
	return rc;
}

/* ---- auction snapshots ---- */

/* The catalog key of a snapshot. */
static struct model_catalog_entry meta_key(const struct batch_meta *m)
{
	return store_catalog_key(m->region, model_flavor_name(m->flavor), model_kind_name(m->kind),
	                         m->realm_id, m->house_id, m->snapshot_ts);
}

int store_latest(const struct store *s, const struct batch_meta *key, int64_t *out_ts)
{
	int64_t ts = store_catalog_latest(&s->cat, key->region, model_flavor_name(key->flavor),
	                                  model_kind_name(key->kind), key->realm_id, key->house_id);
	if (!ts)
		return 0;
	*out_ts = ts;
	return 1;
}

int store_has(const struct store *s, const struct batch_meta *key)
{
	struct model_catalog_entry k = meta_key(key);

	return store_catalog_find(&s->cat, k.region, k.flavor, k.kind, k.realm_id, k.house_id,
	                          k.snapshot_ts) != NULL;
}

static int check_meta(const struct batch_meta *m, struct err *e)
{
	int rc = model_region_check(m->region, e);

	if (rc)
		return rc;
	if ((unsigned)m->kind > BATCH_CLASSIC)
		return err_set(e, WOWAH_EUSAGE, "unknown snapshot kind %d", (int)m->kind);
	if (m->kind == BATCH_COMMODITY && m->realm_id != 0)
		return err_set(e, WOWAH_EUSAGE, "a commodities snapshot has realm_id 0");
	if (m->kind != BATCH_COMMODITY && m->realm_id <= 0)
		return err_set(e, WOWAH_EUSAGE, "a realm snapshot needs a connected realm id > 0");
	if ((m->kind == BATCH_CLASSIC) != (m->house_id > 0))
		return err_set(e, WOWAH_EUSAGE, "a house id goes with Classic snapshots only");
	if (!model_flavor_kind_ok(m->flavor, (int)m->kind))
		return err_set(e, WOWAH_EUSAGE, "flavour %s has no %s snapshots",
		               model_flavor_name(m->flavor), model_kind_name((int)m->kind));
	if (m->snapshot_ts <= 0)
		return err_set(e, WOWAH_EUSAGE, "the snapshot has no time");
	return WOWAH_OK;
}

int store_write_auctions(struct store *s, const struct batch *b, int64_t fetched_at,
                         struct store_result *out, struct err *e)
{
	const struct batch_meta *m = &b->meta;
	struct model_catalog_entry key = meta_key(m);
	char rel[MODEL_PATH_MAX], house[16] = "NULL";
	struct buf q = BUF_INIT;
	uint32_t crc;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = check_meta(m, e);
	if (rc)
		return rc;
	if (store_known(s, &key, out))
		return WOWAH_OK;
	model_auction_path(rel, sizeof(rel), m->region, m->flavor, (int)m->kind, m->realm_id,
	                   m->house_id, m->snapshot_ts);
	if (m->kind == BATCH_CLASSIC)
		snprintf(house, sizeof(house), "%d", (int)m->house_id);
	/* The constant columns cost nothing per row here and next to nothing in Parquet.
	 * region goes through a one-value ENUM: DuckDB writes it as the same dictionary
	 * encoded UTF8 column as a VARCHAR (it reads back as VARCHAR), without hashing the
	 * string of every row (14 ms of a 420k-row commodities write). */
	buf_printf(&q,
	           "SELECT to_timestamp(%" PRId64 ") AS snapshot_ts, '%s'::ENUM('%s') AS region, "
	           "%" PRId32 "::INTEGER AS realm_id, %s::SMALLINT AS auction_house_id, * "
	           "FROM wowah_auction_rows()",
	           m->snapshot_ts, m->region, m->region, m->realm_id, house);
	s->feed.b = b;
	s->feed.n = b->n;
	s->feed.perm = store_sort_rows(b);
	for (size_t i = 0; i < b->n; i++)
		s->feed.present_any |= b->present[i];
	out->rows = (int64_t)b->n;
	/* DuckDB encodes on this thread; the other core gathers the rows it will ask next */
	s->feed.gather = store_gather_start(&s->feed, duckdb_vector_size());
	rc = store_copy_parquet(s, q.data, rel, m->kind == BATCH_COMMODITY, out, &crc, e);
	store_gather_free(s->feed.gather);
	free((void *)s->feed.perm);
	memset(&s->feed, 0, sizeof(s->feed));
	buf_release(&q);
	if (rc == WOWAH_OK)
		rc = store_record_file(s, &key, fetched_at, out, crc, e);
	return rc;
}
