/* file.c - plain or gzip auction bodies from disk, chunk by chunk into the parser.
 *
 * A reader thread reads (and inflates) the file into a small ring of chunks while the
 * calling thread parses the previous ones: on two cores the read, and for gzip the
 * inflate (about half the parse time of a realm dump), come for free. The ring bounds
 * memory at SLOTS chunks, and chunks are parsed in file order, so errors come out as a
 * plain read-then-parse loop would report them.
 *
 * A large plain body is parsed on two threads instead (parse_split): the first parses the
 * body up to a "," between two auctions near the middle, the second the rest behind a
 * "{\"auctions\":[" of its own, each reading its half with pread. The split is kept only
 * when the first half provably ends right after an auction of the array
 * (parse_auctions_between) and both halves parse; anything else (a bad body, a read
 * error, a split point inside a string) throws both away and parses the file the plain
 * way, so errors and their byte offsets are exactly the one-thread parse's.
 */
#include "parse/file.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "parse/auctions.h"
#include "util/buf.h"

#define CHUNK (256 * 1024)
#define SLOTS 4

struct ring {
	const char *path;
	gzFile gz;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *buf[SLOTS];
	int len[SLOTS];
	size_t head, tail; /* chunks read, chunks parsed */
	int done;          /* the reader has stopped: end of file, or rc says why */
	int stop;          /* the parser failed: read no further */
	int rc;
	struct err err;
};

/* Why reading stopped early: a read error, or a broken (or truncated) gzip stream. */
static int read_error(struct ring *r)
{
	int zerr;
	const char *msg = gzerror(r->gz, &zerr);

	if (zerr == Z_OK || zerr == Z_STREAM_END)
		return WOWAH_OK;
	if (zerr == Z_ERRNO)
		return err_errno(&r->err, WOWAH_EIO, errno, "cannot read '%s'", r->path);
	return err_set(&r->err, WOWAH_EPARSE, "'%s': broken gzip data: %s", r->path, msg);
}

static void *reader(void *arg)
{
	struct ring *r = arg;
	int rc = WOWAH_OK;

	for (;;) {
		size_t slot;
		int n, stop;

		pthread_mutex_lock(&r->mu);
		while (r->head - r->tail == SLOTS && !r->stop)
			pthread_cond_wait(&r->cv, &r->mu);
		slot = r->head % SLOTS;
		stop = r->stop;
		pthread_mutex_unlock(&r->mu);
		if (stop)
			break;
		/* zlib reads a file without the gzip magic as it is ("transparent" mode), so
		 * one reader covers both forms; a truncated stream ends without n < 0 */
		n = gzread(r->gz, r->buf[slot], CHUNK);
		if (n <= 0) {
			rc = read_error(r);
			break;
		}
		pthread_mutex_lock(&r->mu);
		r->len[slot] = n;
		r->head++;
		pthread_cond_signal(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
	pthread_mutex_lock(&r->mu);
	r->rc = rc;
	r->done = 1;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* The next chunk in file order, or NULL once the reader has stopped (r->rc says why). */
static const char *next_chunk(struct ring *r, int *len)
{
	const char *chunk = NULL;

	pthread_mutex_lock(&r->mu);
	while (r->tail == r->head && !r->done)
		pthread_cond_wait(&r->cv, &r->mu);
	if (r->tail != r->head) {
		chunk = r->buf[r->tail % SLOTS];
		*len = r->len[r->tail % SLOTS];
	}
	pthread_mutex_unlock(&r->mu);
	return chunk;
}

static void chunk_done(struct ring *r)
{
	pthread_mutex_lock(&r->mu);
	r->tail++;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

static void stop_reader(struct ring *r, pthread_t th)
{
	pthread_mutex_lock(&r->mu);
	r->stop = 1;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
	pthread_join(th, NULL);
}

/* Feeds every chunk to the parser; stops at the first parse or read error. */
static int pump(struct ring *r, struct parse_auctions *p, uint64_t *out_bytes, struct err *e)
{
	const char *chunk;
	int len, rc;

	while ((chunk = next_chunk(r, &len))) {
		*out_bytes += (uint64_t)len;
		rc = parse_auctions_feed(p, chunk, (size_t)len, e);
		chunk_done(r);
		if (rc)
			return rc;
	}
	if (r->rc) {
		if (e)
			*e = r->err;
		return r->rc;
	}
	return parse_auctions_finish(p, e);
}

/* How far past the middle a split point is looked for. */
#define SPLIT_WINDOW (64 * 1024)
#define SPLIT_PREFIX "{\"auctions\":["

struct half {
	int fd;
	off_t from, to;
	int second; /* parses behind SPLIT_PREFIX, to the end of the body */
	struct batch *b;
	int ok;
	struct err err; /* unused: a failed half is parsed again the plain way */
};

static int feed_range(struct half *h, struct parse_auctions *p)
{
	char *buf = xmalloc(CHUNK);
	int ok = 1;

	for (off_t at = h->from; ok && at < h->to;) {
		size_t want = h->to - at < CHUNK ? (size_t)(h->to - at) : CHUNK;
		ssize_t n = pread(h->fd, buf, want, at);
		ok = n > 0 && parse_auctions_feed(p, buf, (size_t)n, &h->err) == WOWAH_OK;
		at += n;
	}
	free(buf);
	return ok;
}

static void *parse_half(void *arg)
{
	struct half *h = arg;
	struct parse_auctions *p = parse_auctions_new(h->b);

	h->ok = (!h->second ||
	         parse_auctions_feed(p, SPLIT_PREFIX, strlen(SPLIT_PREFIX), &h->err) == WOWAH_OK) &&
	        feed_range(h, p) &&
	        (h->second ? parse_auctions_finish(p, &h->err) == WOWAH_OK
	                   : parse_auctions_between(p));
	parse_auctions_free(p);
	return NULL;
}

/* The offset of a "," after the middle of the body that is followed (after white space)
 * by "{": where an auction may end and the next begin. -1 when there is none nearby. */
static off_t split_point(int fd, off_t size)
{
	char *win = xmalloc(SPLIT_WINDOW);
	off_t mid = size / 2, at = -1;
	ssize_t n = pread(fd, win, SPLIT_WINDOW, mid);

	for (ssize_t i = 0; i < n && at < 0; i++) {
		ssize_t j = i + 1;
		if (win[i] != ',')
			continue;
		while (j < n && win[j] && strchr(" \t\r\n", win[j]))
			j++;
		if (j < n && win[j] == '{')
			at = mid + i;
	}
	free(win);
	return at;
}

/* Bytes of JSON per auction to reserve rows by: a little under the commodities' 91 (realm
 * auctions take 200 and more), so a body's rows fit without a doubling of the columns while
 * the reservation stays address space (batch_reserve); a denser body just grows. */
#define RESERVE_BYTES_PER_ROW 64

/* Parses the body of fd on two threads into out; 0 (out left empty) when it cannot be
 * split or either half fails: the caller then parses it the plain way. */
static int parse_split(int fd, off_t size, struct batch *out)
{
	struct batch *second = batch_new();
	struct half a = {.fd = fd, .from = 0, .b = out};
	struct half b = {.fd = fd, .to = size, .second = 1, .b = second};
	pthread_t th;
	int ok = 0;

	a.to = split_point(fd, size);
	b.from = a.to + 1;
	second->max_rows = out->max_rows;
	/* out gets the second half's rows appended: room for the whole body */
	batch_reserve(out, (size_t)size / RESERVE_BYTES_PER_ROW);
	batch_reserve(second, (size_t)(size - b.from) / RESERVE_BYTES_PER_ROW);
	if (a.to > 0 && pthread_create(&th, NULL, parse_half, &b) == 0) {
		parse_half(&a);
		pthread_join(th, NULL);
		ok = a.ok && b.ok && out->n + second->n <= out->max_rows &&
		     out->nbonus + out->nmod + second->nbonus + second->nmod <=
		             out->max_rows * BATCH_LIST_PER_ROW;
	}
	if (ok)
		batch_append(out, second);
	else
		batch_clear(out);
	batch_free(second);
	return ok;
}

/* A plain (not gzip) body of at least split_min bytes, parsed on two threads: 1 when it
 * was, its size in *out_bytes. */
static int try_split(const char *path, uint64_t split_min, struct batch *out, uint64_t *out_bytes)
{
	unsigned char magic[2];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ok = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size >= split_min &&
	    pread(fd, magic, 2, 0) == 2 && !(magic[0] == 0x1f && magic[1] == 0x8b) && out->n == 0)
		ok = parse_split(fd, st.st_size, out);
	close(fd);
	if (ok)
		*out_bytes = (uint64_t)st.st_size;
	return ok;
}

int parse_auctions_file(const char *path, struct batch *out, uint64_t *out_bytes, struct err *e)
{
	return parse_auctions_file_split(path, PARSE_SPLIT_MIN, out, out_bytes, e);
}

int parse_auctions_file_split(const char *path, uint64_t split_min, struct batch *out,
                              uint64_t *out_bytes, struct err *e)
{
	struct ring r = {
	        .path = path, .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
	struct parse_auctions *p;
	pthread_t th;
	int rc;

	*out_bytes = 0;
	if (try_split(path, split_min, out, out_bytes))
		return WOWAH_OK;
	r.gz = gzopen(path, "rb");
	if (!r.gz)
		return err_errno(e, WOWAH_EIO, errno ? errno : ENOMEM, "cannot open '%s'", path);
	gzbuffer(r.gz, CHUNK);
	for (int i = 0; i < SLOTS; i++)
		r.buf[i] = xmalloc(CHUNK);
	p = parse_auctions_new(out);
	if (pthread_create(&th, NULL, reader, &r) != 0) {
		rc = err_set(e, WOWAH_EIO, "cannot start a thread to read '%s'", path);
	} else {
		rc = pump(&r, p, out_bytes, e);
		stop_reader(&r, th);
	}
	if (rc == WOWAH_EPARSE && e && e->msg[0] != '\'') {
		/* name the file in front of the parser's message */
		struct err inner = *e;
		err_set(e, WOWAH_EPARSE, "'%s': %s", path, inner.msg);
	}
	parse_auctions_free(p);
	for (int i = 0; i < SLOTS; i++)
		free(r.buf[i]);
	gzclose(r.gz);
	return rc;
}
