/* catalog.c - loading (through model/catalog.h), repairing, indexing and appending
 * catalog.tsv. */
#include "store/catalog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/layout.h"
#include "util/buf.h"
#include "util/fs.h"

enum index_kind { IX_KEY, IX_PATH, IX_SERIES };

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ull;
	return h;
}

static uint64_t series_hash(const char *region, const char *flavor, const char *kind,
                            int32_t realm_id, int32_t house_id)
{
	uint64_t h = 14695981039346656037ull;
	h = fnv(h, region, strlen(region) + 1);
	h = fnv(h, flavor, strlen(flavor) + 1);
	h = fnv(h, kind, strlen(kind) + 1);
	h = fnv(h, &realm_id, sizeof(realm_id));
	return fnv(h, &house_id, sizeof(house_id));
}

static uint64_t entry_hash(const struct model_catalog_entry *en, enum index_kind ix)
{
	uint64_t h = series_hash(en->region, en->flavor, en->kind, en->realm_id, en->house_id);

	if (ix == IX_PATH)
		return fnv(14695981039346656037ull, en->path, strlen(en->path));
	if (ix == IX_KEY)
		h = fnv(h, &en->snapshot_ts, sizeof(en->snapshot_ts));
	return h;
}

static int same_series(const struct model_catalog_entry *a, const struct model_catalog_entry *b)
{
	return a->realm_id == b->realm_id && a->house_id == b->house_id &&
	       strcmp(a->region, b->region) == 0 && strcmp(a->flavor, b->flavor) == 0 &&
	       strcmp(a->kind, b->kind) == 0;
}

static int same(const struct model_catalog_entry *a, const struct model_catalog_entry *b,
                enum index_kind ix)
{
	if (ix == IX_PATH)
		return strcmp(a->path, b->path) == 0;
	if (ix == IX_KEY && a->snapshot_ts != b->snapshot_ts)
		return 0;
	return same_series(a, b);
}

static uint32_t *table(const struct store_catalog *c, enum index_kind ix)
{
	return ix == IX_KEY ? c->by_key : ix == IX_PATH ? c->by_path : c->by_series;
}

/* The slot holding an entry like probe, or the empty slot where it would go. */
static uint32_t *slot_of(const struct store_catalog *c, const struct model_catalog_entry *probe,
                         enum index_kind ix)
{
	uint32_t *t = table(c, ix);
	size_t mask = c->nslots - 1, i = (size_t)entry_hash(probe, ix) & mask;

	while (t[i] && !same(&c->v[t[i] - 1], probe, ix))
		i = (i + 1) & mask;
	return &t[i];
}

static void index_entry(struct store_catalog *c, size_t idx)
{
	const struct model_catalog_entry *en = &c->v[idx];
	uint32_t *s;

	*slot_of(c, en, IX_KEY) = (uint32_t)idx + 1;
	*slot_of(c, en, IX_PATH) = (uint32_t)idx + 1;
	s = slot_of(c, en, IX_SERIES);
	if (!*s || c->v[*s - 1].snapshot_ts < en->snapshot_ts)
		*s = (uint32_t)idx + 1;
}

/* The indexes at slots slots (a power of two), every entry indexed again. */
static void resize(struct store_catalog *c, size_t slots)
{
	free(c->by_key);
	free(c->by_path);
	free(c->by_series);
	c->nslots = slots;
	c->by_key = xcalloc(slots, sizeof(uint32_t));
	c->by_path = xcalloc(slots, sizeof(uint32_t));
	c->by_series = xcalloc(slots, sizeof(uint32_t));
	for (size_t i = 0; i < c->n; i++)
		index_entry(c, i);
}

static void rehash(struct store_catalog *c)
{
	resize(c, c->nslots ? c->nslots * 2 : 1024);
}

/* Room for about len / CATALOG_LINE_BYTES entries before the catalog of len bytes is
 * parsed: a year's catalog (890,000 lines) was otherwise indexed again at each of 11
 * doublings and its entries copied at each, and at that size every probe is a cache
 * miss (docs/load.md, "The pull at a year's catalog"). Shorter lines still double. */
#define CATALOG_LINE_BYTES 160
static void reserve(struct store_catalog *c, size_t len)
{
	size_t slots = c->nslots, want = len / CATALOG_LINE_BYTES;

	if (want > c->cap) {
		c->cap = want;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	while (slots < 2 * want)
		slots *= 2;
	if (slots != c->nslots)
		resize(c, slots);
}

static void add_entry(struct store_catalog *c, const struct model_catalog_entry *en)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	c->v[c->n] = *en;
	c->v[c->n].path = xstrdup(en->path);
	c->n++;
	if (c->n * 2 > c->nslots)
		rehash(c);
	else
		index_entry(c, c->n - 1);
}

/* model_catalog_parse()'s callback: keeps each entry. */
static int keep_entry(const struct model_catalog_entry *en, void *ud)
{
	add_entry(ud, en);
	return WOWAH_OK;
}

/* The old catalog in data[0..good) (its lines now in c) written again with the new header:
 * whole, atomically, so a reader sees the old file or the new one. c->fd is reopened on
 * the new file. */
static int upgrade(struct store_catalog *c, const char *path, struct err *e)
{
	struct buf out = BUF_INIT;
	int rc;

	buf_puts(&out, MODEL_CATALOG_HEADER);
	for (size_t i = 0; i < c->n; i++)
		model_catalog_format(&out, &c->v[i]);
	rc = fs_write_atomic(path, out.data, out.len, 0644, e);
	buf_release(&out);
	if (rc)
		return rc;
	close(c->fd);
	c->fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
	if (c->fd < 0)
		return err_errno(e, WOWAH_EIO, errno, "cannot open '%s'", path);
	return WOWAH_OK;
}

int store_catalog_open(struct store_catalog *c, const char *path, struct err *e)
{
	char *data = NULL;
	size_t len = 0, good;
	int rc, v1;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	rehash(c);
	c->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (c->fd < 0)
		return err_errno(e, WOWAH_EIO, errno, "cannot open '%s'", path);
	rc = fs_read_file(path, &data, &len, e);
	v1 = rc == WOWAH_OK && model_catalog_is_v1(data, len);
	if (rc == WOWAH_OK) {
		reserve(c, len);
		rc = model_catalog_parse(data, len, path, keep_entry, c, &good, e);
	}
	free(data);
	if (rc)
		return rc;
	if (v1) /* a torn last line goes with the old format: it is not in c */
		return upgrade(c, path, e);
	if (good != len || len == 0) {
		if (ftruncate(c->fd, (off_t)good) != 0)
			return err_errno(e, WOWAH_EIO, errno, "cannot repair '%s'", path);
		if (good == 0 &&
		    fs_write_all(c->fd, MODEL_CATALOG_HEADER, strlen(MODEL_CATALOG_HEADER)) != 0)
			return err_errno(e, WOWAH_EIO, errno, "cannot write '%s'", path);
		if (fsync(c->fd) != 0)
			return err_errno(e, WOWAH_EIO, errno, "cannot fsync '%s'", path);
		rc = fs_fsync_dir_of(path, e);
	}
	return rc;
}

void store_catalog_release(struct store_catalog *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].path);
	free(c->v);
	free(c->by_key);
	free(c->by_path);
	free(c->by_series);
	if (c->fd >= 0)
		close(c->fd);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

struct model_catalog_entry store_catalog_key(const char *region, const char *flavor,
                                             const char *kind, int32_t realm_id, int32_t house_id,
                                             int64_t snapshot_ts)
{
	struct model_catalog_entry p = {0};

	snprintf(p.region, sizeof(p.region), "%s", region);
	snprintf(p.flavor, sizeof(p.flavor), "%s", flavor);
	snprintf(p.kind, sizeof(p.kind), "%s", kind);
	p.realm_id = realm_id;
	p.house_id = house_id;
	p.snapshot_ts = snapshot_ts;
	return p;
}

const struct model_catalog_entry *store_catalog_find(const struct store_catalog *c,
                                                     const char *region, const char *flavor,
                                                     const char *kind, int32_t realm_id,
                                                     int32_t house_id, int64_t snapshot_ts)
{
	struct model_catalog_entry p =
	        store_catalog_key(region, flavor, kind, realm_id, house_id, snapshot_ts);
	uint32_t s = *slot_of(c, &p, IX_KEY);
	return s ? &c->v[s - 1] : NULL;
}

int64_t store_catalog_latest(const struct store_catalog *c, const char *region, const char *flavor,
                             const char *kind, int32_t realm_id, int32_t house_id)
{
	struct model_catalog_entry p =
	        store_catalog_key(region, flavor, kind, realm_id, house_id, 0);
	uint32_t s = *slot_of(c, &p, IX_SERIES);
	return s ? c->v[s - 1].snapshot_ts : 0;
}

const struct model_catalog_entry *store_catalog_find_path(const struct store_catalog *c,
                                                          const char *path)
{
	struct model_catalog_entry p = {0};
	uint32_t s;

	p.path = (char *)path;
	s = *slot_of(c, &p, IX_PATH);
	return s ? &c->v[s - 1] : NULL;
}

int store_catalog_has_path(const struct store_catalog *c, const char *path)
{
	return store_catalog_find_path(c, path) != NULL;
}

int store_catalog_append(struct store_catalog *c, const struct model_catalog_entry *en,
                         struct err *e)
{
	struct buf line = BUF_INIT;
	struct stat st;
	int rc = WOWAH_OK;

	model_catalog_format(&line, en);
	/* One write(2) with O_APPEND: a kill leaves the line whole or torn at its end, and a
	 * torn line is truncated by the next open. A failed write is cut off at once, so the
	 * next line does not land after half of this one. */
	if (fstat(c->fd, &st) != 0)
		rc = err_errno(e, WOWAH_EIO, errno, "cannot stat the catalog");
	else if (fs_write_all(c->fd, line.data, line.len) != 0 || fsync(c->fd) != 0) {
		rc = err_errno(e, WOWAH_EIO, errno, "cannot append to the catalog");
		if (ftruncate(c->fd, st.st_size) != 0)
			rc = err_errno(e, WOWAH_EIO, errno,
			               "cannot append to the catalog nor cut the failed line off");
	} else
		add_entry(c, en);
	buf_release(&line);
	return rc;
}

int store_catalog_rewrite(struct store_catalog *c, const char *data_dir, const unsigned char *drop,
                          struct err *e)
{
	char *path = fs_join(data_dir, MODEL_CATALOG_FILE);
	struct buf out = BUF_INIT;
	int rc;

	buf_puts(&out, MODEL_CATALOG_HEADER);
	for (size_t i = 0; i < c->n; i++)
		if (!drop || !drop[i])
			model_catalog_format(&out, &c->v[i]);
	rc = fs_write_atomic(path, out.data, out.len, 0644, e);
	if (!rc) {
		store_catalog_release(c);
		rc = store_catalog_open(c, path, e);
	}
	buf_release(&out);
	free(path);
	return rc;
}

/* ---- for wowah fsck (store/fsck.c): the index without the file ---- */

void store_catalog_init(struct store_catalog *c)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	rehash(c);
}

void store_catalog_add(struct store_catalog *c, const struct model_catalog_entry *en)
{
	add_entry(c, en);
}
