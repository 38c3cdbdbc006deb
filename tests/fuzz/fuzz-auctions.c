/* fuzz-auctions.c - the streaming auction body parser (parse/auctions.h) fed in chunks.
 *
 * Input: byte 0 says how many of the next bytes (1 to 8) are chunk sizes, used in turn;
 * the rest is the body. A size byte b is b + 1 bytes, or with its top bit set
 * (b & 0x7f) * 64 + 1, so both byte-at-a-time and large chunks cross every token
 * boundary. The same body parsed in one piece must give the same result: the same
 * return code and the same rows.
 */
#include "fuzz.h"

#include "batch/batch.h"
#include "parse/auctions.h"

static size_t chunk_size(uint8_t b)
{
	return b & 0x80 ? (size_t)(b & 0x7f) * 64 + 1 : (size_t)b + 1;
}

static int parse_chunked(struct batch *out, const uint8_t *sizes, size_t nsizes,
                         const uint8_t *body, size_t len, struct err *e)
{
	struct parse_auctions *p = parse_auctions_new(out);
	size_t off = 0, i = 0;
	int rc = WOWAH_OK;

	while (off < len && rc == WOWAH_OK) {
		size_t n = chunk_size(sizes[i++ % nsizes]);
		if (n > len - off)
			n = len - off;
		rc = parse_auctions_feed(p, body + off, n, e);
		off += n;
	}
	if (rc == WOWAH_OK)
		rc = parse_auctions_finish(p, e);
	parse_auctions_free(p);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct batch *chunked, *whole;
	struct err e1 = {0}, e2 = {0};
	size_t nsizes;
	int rc1, rc2;

	if (len < 2)
		return 0;
	nsizes = (size_t)(data[0] % 8) + 1;
	if (len < 1 + nsizes)
		return 0;
	chunked = batch_new();
	whole = batch_new();
	rc1 = parse_chunked(chunked, data + 1, nsizes, data + 1 + nsizes, len - 1 - nsizes, &e1);
	rc2 = parse_auctions_buffer(whole, data + 1 + nsizes, len - 1 - nsizes, &e2);
	fuzz_check_err(rc1, &e1);
	fuzz_check_err(rc2, &e2);
	if (rc1 != rc2 || !fuzz_same_rows(chunked, whole)) {
		fprintf(stderr,
		        "fuzz: chunked (rc %d, %zu rows: %s) != whole (rc %d, %zu rows: %s)\n", rc1,
		        chunked->n, e1.msg, rc2, whole->n, e2.msg);
		abort();
	}
	batch_free(chunked);
	batch_free(whole);
	return 0;
}
