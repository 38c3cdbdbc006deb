/* file.c - plain or gzip auction bodies from disk, chunk by chunk into the parser. */
#include "parse/file.h"

#include <errno.h>
#include <stdlib.h>
#include <zlib.h>

#include "parse/auctions.h"
#include "util/buf.h"

#define CHUNK (256 * 1024)

/* zlib reads a file without the gzip magic as it is ("transparent" mode), so one reader
 * covers both forms. */
int parse_auctions_file(const char *path, struct batch *out, uint64_t *out_bytes, struct err *e)
{
	gzFile gz = gzopen(path, "rb");
	struct parse_auctions *p;
	char *chunk;
	int rc = WOWAH_OK;

	*out_bytes = 0;
	if (!gz)
		return err_errno(e, WOWAH_EIO, errno ? errno : ENOMEM, "cannot open '%s'", path);
	gzbuffer(gz, CHUNK);
	chunk = xmalloc(CHUNK);
	p = parse_auctions_new(out);
	for (;;) {
		int n = gzread(gz, chunk, CHUNK);
		if (n < 0) {
			int zerr;
			const char *msg = gzerror(gz, &zerr);
			rc = zerr == Z_ERRNO
			             ? err_errno(e, WOWAH_EIO, errno, "cannot read '%s'", path)
			             : err_set(e, WOWAH_EPARSE, "'%s': broken gzip data: %s", path,
			                       msg);
			break;
		}
		if (n == 0)
			break;
		*out_bytes += (uint64_t)n;
		rc = parse_auctions_feed(p, chunk, (size_t)n, e);
		if (rc)
			break;
	}
	if (rc == WOWAH_OK) {
		/* a truncated gzip stream ends reading without a negative count */
		int zerr;
		const char *msg = gzerror(gz, &zerr);
		if (zerr != Z_OK && zerr != Z_STREAM_END)
			rc = err_set(e, WOWAH_EPARSE, "'%s': broken gzip data: %s", path, msg);
	}
	if (rc == WOWAH_OK)
		rc = parse_auctions_finish(p, e);
	if (rc == WOWAH_EPARSE && e && e->msg[0] != '\'') {
		/* name the file in front of the parser's message */
		struct err inner = *e;
		err_set(e, WOWAH_EPARSE, "'%s': %s", path, inner.msg);
	}
	parse_auctions_free(p);
	free(chunk);
	gzclose(gz);
	return rc;
}
