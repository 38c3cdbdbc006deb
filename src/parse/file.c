/* file.c - plain or gzip auction bodies from disk, chunk by chunk into the parser.
 *
 * A reader thread reads (and inflates) the file into a small ring of chunks while the
 * calling thread parses the previous ones: on two cores the read, and for gzip the
 * inflate (about half the parse time of a realm dump), come for free. The ring bounds
 * memory at SLOTS chunks, and chunks are parsed in file order, so errors come out as a
 * plain read-then-parse loop would report them.
 */
#include "parse/file.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
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

int parse_auctions_file(const char *path, struct batch *out, uint64_t *out_bytes, struct err *e)
{
	struct ring r = {
	        .path = path, .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
	struct parse_auctions *p;
	pthread_t th;
	int rc;

	*out_bytes = 0;
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
