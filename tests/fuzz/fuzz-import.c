/* fuzz-import.c - an archived auction body as `wowah import` reads it (parse/file.h):
 * plain JSON or gzip told apart by the magic bytes, inflated in fixed chunks.
 *
 * A file either gives rows and its inflated size, or fails with one line.
 */
#include "fuzz.h"

#include "batch/batch.h"
#include "parse/file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct batch *b = batch_new();
	struct err e = {0};
	uint64_t bytes = 0;
	int rc = parse_auctions_file(fuzz_file(data, len), b, &bytes, &e);

	fuzz_check_err(rc, &e);
	if (rc == WOWAH_OK && bytes < 2) /* the smallest body is "{}"... with an array */
		abort();
	batch_free(b);
	return 0;
}
