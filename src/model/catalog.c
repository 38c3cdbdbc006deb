/* catalog.c - parsing and formatting catalog.tsv lines. */
#include "model/catalog.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "model/keys.h"
#include "util/fs.h"
#include "util/ts.h"

/* Whether data[0..len) starts with header: *out_len as model_catalog_header() sets it, and
 * -1 when it does not. */
static int header_is(const char *header, const char *data, size_t len, size_t *out_len)
{
	size_t hlen = strlen(header) - 1; /* without its "\n" */
	size_t at = hlen;

	*out_len = 0;
	if (len < hlen && memcmp(data, header, len) == 0)
		return 0;
	if (len < hlen || memcmp(data, header, hlen) != 0)
		return -1;
	if (at < len && data[at] == '\r')
		at++;
	if (at == len)
		return 0; /* cut short before its newline */
	if (data[at] != '\n')
		return -1;
	*out_len = at + 1;
	return 0;
}

int model_catalog_header(const char *data, size_t len, const char *file, size_t *out_len,
                         struct err *e)
{
	*out_len = 0;
	if (len == 0)
		return WOWAH_OK; /* an empty read may have no buffer: memcmp() wants one */
	if (header_is(MODEL_CATALOG_HEADER, data, len, out_len) == 0 ||
	    header_is(MODEL_CATALOG_HEADER_V1, data, len, out_len) == 0)
		return WOWAH_OK;
	return err_set(e, WOWAH_EPARSE,
	               "'%s' does not start with the catalog header: 'wowah fsck --repair' "
	               "rebuilds it from the files (or use another --data-dir)",
	               file);
}

int model_catalog_is_v1(const char *data, size_t len)
{
	size_t hlen;

	return len > 0 && header_is(MODEL_CATALOG_HEADER_V1, data, len, &hlen) == 0 && hlen > 0;
}

static int bad(struct err *e, const char *file, size_t lineno, const char *what, const char *v)
{
	return err_set(e, WOWAH_EPARSE,
	               "'%s' line %zu: %s '%s'; 'wowah fsck --repair' rebuilds it from the files",
	               file, lineno, what, v);
}

static int int_field(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char *end;
	long long v;

	if (!(*s == '-' || (*s >= '0' && *s <= '9')))
		return -1; /* strtoll would skip spaces and take a '+' */
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int crc_field(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	size_t n = 0;

	for (; s[n]; n++) {
		char c = s[n];
		int d = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;
		if (d < 0 || n == 8)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	if (n == 0)
		return -1;
	*out = v;
	return 0;
}

/* Inside the data dir: relative, and no ".." anywhere (no file the store names has one). */
static int path_ok(const char *p)
{
	return p[0] && p[0] != '/' && !strstr(p, "..");
}

/* Splits line at its tabs into f[0..MODEL_CATALOG_FIELDS); returns the field count, or
 * MODEL_CATALOG_FIELDS + 1 when there are more. */
static int split(char *line, char **f)
{
	int n = 0;

	for (char *p = line;;) {
		if (n == MODEL_CATALOG_FIELDS)
			return n + 1;
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			return n;
		*p++ = '\0';
	}
}

/* The fields from kind to path (f[0] is kind); a line without a flavour (the old header) gets
 * the one its kind implies. */
static int parse_rest(char **f, const char *file, size_t lineno, struct model_catalog_entry *out,
                      struct err *e)
{
	int64_t v;
	int kind = model_kind_parse(f[0]);

	if (kind < 0)
		return bad(e, file, lineno, "unknown kind", f[0]);
	strcpy(out->kind, f[0]);
	if (!out->flavor[0])
		strcpy(out->flavor,
		       model_flavor_name(kind == MODEL_KIND_CLASSIC ? MODEL_FLAVOR_CLASSIC
		                                                    : MODEL_FLAVOR_RETAIL));
	else if (!model_flavor_kind_ok(model_flavor_parse(out->flavor), kind))
		return bad(e, file, lineno, "a kind its flavor does not have:", f[0]);
	if (int_field(f[1], INT32_MIN, INT32_MAX, &v))
		return bad(e, file, lineno, "realm_id is not a 32-bit integer:", f[1]);
	out->realm_id = (int32_t)v;
	if (int_field(f[2], INT32_MIN, INT32_MAX, &v))
		return bad(e, file, lineno, "house_id is not a 32-bit integer:", f[2]);
	out->house_id = (int32_t)v;
	if (ts_parse_iso(f[3], &out->snapshot_ts))
		return bad(e, file, lineno, "snapshot_ts is not an ISO 8601 time:", f[3]);
	if (ts_parse_iso(f[4], &out->fetched_at))
		return bad(e, file, lineno, "fetched_at is not an ISO 8601 time:", f[4]);
	if (int_field(f[5], 0, INT64_MAX, &out->rows))
		return bad(e, file, lineno, "rows is not a count:", f[5]);
	if (int_field(f[6], 0, INT64_MAX, &out->bytes))
		return bad(e, file, lineno, "bytes is not a count:", f[6]);
	if (crc_field(f[7], &out->crc32))
		return bad(e, file, lineno, "crc32 is not 1 to 8 hex digits:", f[7]);
	if (!path_ok(f[8]))
		return bad(e, file, lineno, "path is not relative to the data dir:", f[8]);
	out->path = f[8];
	return WOWAH_OK;
}

int model_catalog_parse_line(char *line, const char *file, size_t lineno,
                             struct model_catalog_entry *out, struct err *e)
{
	char *f[MODEL_CATALOG_FIELDS];
	int n = split(line, f), v1 = n == MODEL_CATALOG_FIELDS_V1;

	if (n != MODEL_CATALOG_FIELDS && !v1)
		return err_set(e, WOWAH_EPARSE,
		               "'%s' line %zu: %s%d fields, expected %d; 'wowah fsck --repair' "
		               "rebuilds it from the files",
		               file, lineno, n > MODEL_CATALOG_FIELDS ? "more than " : "",
		               n > MODEL_CATALOG_FIELDS ? MODEL_CATALOG_FIELDS : n,
		               MODEL_CATALOG_FIELDS);
	memset(out, 0, sizeof(*out));
	if (model_region_check(f[0], NULL))
		return bad(e, file, lineno, "unknown region", f[0]);
	strcpy(out->region, f[0]); /* checked against its table: it fits */
	if (!v1 && model_flavor_parse(f[10]) < 0)
		return bad(e, file, lineno, "unknown flavor", f[10]);
	if (!v1)
		strcpy(out->flavor, f[10]);
	return parse_rest(f + 1, file, lineno, out, e);
}

/* The complete lines of data[0..len), the first being line lineno + 1; *out_good is the
 * length they cover. */
static int parse_lines(char *data, size_t len, const char *file, size_t lineno,
                       model_catalog_each each, void *ud, size_t *out_good, struct err *e)
{
	char *p, *end = data + len;
	int rc;

	for (p = data + *out_good; p < end; p = data + *out_good) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		struct model_catalog_entry en;

		lineno++;
		if (!nl)
			break; /* torn, or being written */
		*out_good = (size_t)(nl + 1 - data);
		if (nl > p && nl[-1] == '\r')
			nl--;
		*nl = '\0';
		if (nl == p)
			continue;
		rc = model_catalog_parse_line(p, file, lineno, &en, e);
		if (rc == WOWAH_OK)
			rc = each(&en, ud);
		if (rc)
			return rc;
	}
	return WOWAH_OK;
}

int model_catalog_parse(char *data, size_t len, const char *file, model_catalog_each each, void *ud,
                        size_t *out_good, struct err *e)
{
	size_t hlen;
	int rc = model_catalog_header(data, len, file, &hlen, e);

	*out_good = hlen;
	if (rc || hlen == 0)
		return rc;
	return parse_lines(data, len, file, 1, each, ud, out_good, e);
}

/* crc32 of the (up to) MODEL_CATALOG_TAIL bytes of fd before pos; 0 when unreadable. */
static uint32_t tail_crc(int fd, int64_t pos)
{
	char tail[MODEL_CATALOG_TAIL];
	int64_t from = pos > MODEL_CATALOG_TAIL ? pos - MODEL_CATALOG_TAIL : 0;
	ssize_t n = pread(fd, tail, (size_t)(pos - from), from);

	return n == pos - from ? (uint32_t)crc32(0, (const unsigned char *)tail, (uInt)n) : 0;
}

/* The bytes of fd from pos to its end, into *out. From the start, sequentially: the
 * catalog may be a pipe (t2003 holds a load with a FIFO). */
static int read_rest(int fd, int64_t pos, const char *path, struct buf *out, struct err *e)
{
	char chunk[65536];
	int whole = pos == 0;
	ssize_t n;

	while ((n = whole ? read(fd, chunk, sizeof(chunk))
	                  : pread(fd, chunk, sizeof(chunk), pos)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_errno(e, WOWAH_EIO, errno, "cannot read '%s'", path);
		buf_append(out, chunk, (size_t)n);
		pos += n;
	}
	return WOWAH_OK;
}

/* Whether mark still describes the start of fd: no longer when the file is shorter than
 * what was read, or its bytes before mark->pos changed (fsck --repair wrote a new one). */
static int mark_holds(int fd, const struct model_catalog_mark *mark)
{
	struct stat st;

	if (mark->pos <= 0 || fstat(fd, &st) != 0 || st.st_size < mark->pos)
		return 0;
	return tail_crc(fd, mark->pos) == mark->tail_crc;
}

int model_catalog_read_since(const char *path, struct model_catalog_mark *mark, int *restarted,
                             model_catalog_each each, void *ud, struct err *e)
{
	struct buf data = BUF_INIT;
	size_t len, good = 0, nl = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	*restarted = 0;
	if (fd < 0) {
		if (errno != ENOENT)
			return err_errno(e, WOWAH_EIO, errno, "cannot open '%s'", path);
		*restarted = mark->pos > 0;
		memset(mark, 0, sizeof(*mark)); /* nothing stored yet */
		return WOWAH_OK;
	}
	if (!mark_holds(fd, mark)) {
		*restarted = mark->pos > 0;
		memset(mark, 0, sizeof(*mark));
	}
	rc = read_rest(fd, mark->pos, path, &data, e);
	len = data.len;
	/* Counted before the parser cuts the lines in place: a torn tail has no newline. */
	for (size_t i = 0; i < len; i++)
		nl += data.data[i] == '\n';
	if (!rc && mark->pos == 0)
		rc = model_catalog_parse(data.data, len, path, each, ud, &good, e);
	else if (!rc)
		rc = parse_lines(data.data, len, path, (size_t)mark->lines, each, ud, &good, e);
	if (!rc && good > 0) {
		mark->lines += nl;
		mark->pos += (int64_t)good;
		mark->tail_crc = tail_crc(fd, mark->pos);
	}
	close(fd);
	buf_release(&data);
	return rc;
}

int model_catalog_read(const char *path, model_catalog_each each, void *ud, struct err *e)
{
	struct model_catalog_mark mark = {0};
	int restarted;

	return model_catalog_read_since(path, &mark, &restarted, each, ud, e);
}

void model_catalog_format(struct buf *out, const struct model_catalog_entry *en)
{
	char snap[TS_ISO_LEN], fetched[TS_ISO_LEN];

	ts_format_iso(en->snapshot_ts, snap);
	ts_format_iso(en->fetched_at, fetched);
	buf_printf(out,
	           "%s\t%s\t%" PRId32 "\t%" PRId32 "\t%s\t%s\t%" PRId64 "\t%" PRId64 "\t%08" PRIx32
	           "\t%s\t%s\n",
	           en->region, en->kind, en->realm_id, en->house_id, snap, fetched, en->rows,
	           en->bytes, en->crc32, en->path, en->flavor[0] ? en->flavor : "retail");
}
